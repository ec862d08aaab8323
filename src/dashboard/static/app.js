// streamsense dashboard client. Post text and every other value from the API is untrusted:
// it reaches the page only through textContent / attributes set by the DOM API, never as HTML.
/* global Chart, EventSource */

const sentimentColors = { positive: '#16a34a', neutral: '#94a3b8', negative: '#dc2626' };
const palette = [
  '#0284c7',
  '#7c3aed',
  '#db2777',
  '#ea580c',
  '#0d9488',
  '#4f46e5',
  '#ca8a04',
  '#059669',
  '#9333ea',
  '#e11d48',
  '#2563eb',
  '#65a30d',
  '#c026d3',
  '#0891b2',
];
const numberFormat = new Intl.NumberFormat('en-US');
const feedLimit = 50;

const state = { range: 'all', time: 'classified', topic: '', sentiment: '', platform: '', q: '' };
const charts = {};
let generation = 0;
let refreshTimer = null;
let lastRefreshAt = 0;
let lastWriteAt = null;
let source = null;
let reconnectDelay = 1000;

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function colorFor(sentiment, index) {
  return sentimentColors[sentiment] ?? palette[index % palette.length];
}

function queryString(extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...state, ...extra }))
    if (value !== '' && value !== undefined) params.set(key, String(value));
  return params.toString();
}

async function api(path, extra) {
  const response = await fetch(`/api/${path}?${queryString(extra)}`, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// ---- formatting -------------------------------------------------------------------------

function relativeTime(iso) {
  if (!iso) return '–';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

function shortTime(iso, bucketSeconds) {
  const date = new Date(iso);
  if (bucketSeconds >= 86_400) return date.toLocaleDateString(undefined, { year: '2-digit', month: 'short', day: 'numeric' });
  if (bucketSeconds >= 3600) return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function bucketLabel(seconds) {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'per day' : `per ${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? 'per hour' : `per ${seconds / 3600} h`;
  return seconds === 60 ? 'per minute' : `per ${seconds / 60} min`;
}

function setText(testId, text) {
  const node = byTestId(testId);
  if (node) node.textContent = text;
}

// ---- charts -----------------------------------------------------------------------------

function baseOptions(extra) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, usePointStyle: true } } },
    ...extra,
  };
}

function createCharts() {
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#475569';
  charts.timeseries = new Chart(byTestId('chart-timeseries'), {
    type: 'line',
    data: { labels: [], datasets: [] },
    options: baseOptions({
      interaction: { mode: 'index', intersect: false },
      scales: { x: { grid: { display: false }, ticks: { maxTicksLimit: 10 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
    }),
  });
  charts.topics = new Chart(byTestId('chart-topics'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions({
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false }, ticks: { autoSkip: false } } },
    }),
  });
  charts.matrix = new Chart(byTestId('chart-matrix'), {
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: baseOptions({
      indexAxis: 'y',
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true, grid: { display: false }, ticks: { autoSkip: false } },
      },
    }),
  });
}

/** Sum of everything a chart shows, kept on the canvas for tests and screen readers. */
function publish(chart, key) {
  const total = chart.data.datasets.reduce((sum, d) => sum + d.data.reduce((a, b) => a + b, 0), 0);
  chart.canvas.dataset.total = String(total);
  chart.canvas.dataset.labels = chart.data.labels.join('|');
  chart.canvas.dataset.series = chart.data.datasets.map((d) => d.label).join('|');
  chart.canvas.setAttribute('aria-description', `${key}: ${total} posts`);
}

function renderTimeseries(ts) {
  const chart = charts.timeseries;
  const names = Object.keys(ts.series).sort();
  chart.data.labels = ts.buckets.map((b) => shortTime(b, ts.bucketSeconds));
  chart.data.datasets = names.map((name, i) => ({
    label: name,
    data: ts.series[name],
    borderColor: colorFor(name, i),
    backgroundColor: `${colorFor(name, i)}22`,
    fill: true,
    tension: 0.2,
    pointRadius: 0,
    borderWidth: 2,
  }));
  chart.update('none');
  publish(chart, 'timeseries');
  setText('ts-bucket', `posts ${bucketLabel(ts.bucketSeconds)}`);
}

function renderTopics(data) {
  const labels = data.topics.map((t) => t.topic);
  charts.topics.data.labels = labels;
  charts.topics.data.datasets = [
    {
      label: 'posts',
      data: data.topics.map((t) => t.total),
      backgroundColor: labels.map((_, i) => palette[i % palette.length]),
      borderRadius: 3,
    },
  ];
  charts.topics.update('none');
  publish(charts.topics, 'topics');
  charts.matrix.data.labels = labels;
  charts.matrix.data.datasets = data.sentiments.map((s, i) => ({
    label: s,
    data: data.topics.map((t) => t.bySentiment[s] ?? 0),
    backgroundColor: colorFor(s, i),
    borderRadius: 2,
  }));
  charts.matrix.update('none');
  publish(charts.matrix, 'matrix');
  fillSelect(byTestId('topic-filter'), data.known.topics, 'All topics', state.topic);
  fillSelect(byTestId('sentiment-filter'), data.known.sentiments, 'All sentiments', state.sentiment);
}

function fillSelect(select, values, allLabel, current) {
  const wanted = [...new Set([...values, ...(current ? [current] : [])])];
  const have = [...select.options].slice(1).map((o) => o.value);
  if (have.join('\n') !== wanted.join('\n')) {
    select.replaceChildren(new Option(allLabel, ''), ...wanted.map((v) => new Option(v, v)));
  }
  select.value = current;
}

// ---- summary, feed, health --------------------------------------------------------------

function renderSummary(s) {
  setText('kpi-posts', numberFormat.format(s.posts));
  setText('kpi-total', `of ${numberFormat.format(s.totalPosts)} in the table`);
  for (const name of ['positive', 'neutral', 'negative']) {
    const n = s.bySentiment[name] ?? 0;
    setText(`kpi-${name}`, numberFormat.format(n));
    setText(`kpi-${name}-share`, s.posts ? `${((100 * n) / s.posts).toFixed(1)} %` : '–');
  }
  lastWriteAt = s.lastWriteAt;
  byTestId('kpi-posts').dataset.value = String(s.posts);
  byTestId('kpi-last-post').textContent = s.lastPostAt ? `newest post ${new Date(s.lastPostAt).toLocaleString()}` : '';
  tickClock();
}

function feedItem(post, fresh) {
  const item = el('li', fresh ? 'fresh' : '');
  item.dataset.testid = 'feed-item';
  item.dataset.id = post.id;
  const meta = el('div', 'meta');
  const sentiment = el('span', `badge ${post.sentiment}`, `${post.sentiment} ${post.sentimentScore.toFixed(2)}`);
  sentiment.dataset.testid = 'feed-sentiment';
  const topic = el('span', 'badge topic', `${post.topic} ${post.topicScore.toFixed(2)}`);
  topic.dataset.testid = 'feed-topic';
  const when = state.time === 'created' ? post.createdAt : post.classifiedAt;
  const platform = el('span', 'badge platform', post.platform ?? 'x');
  platform.dataset.testid = 'feed-platform';
  if (post.labelStatus === 'unsupported_language') {
    // Not classified: the models do not cover the post's language. No label is better than a wrong one.
    sentiment.textContent = 'unclassified (language)';
    topic.textContent = 'unclassified';
  }
  const author = post.url
    ? Object.assign(el('a', '', `@${post.author}`), { href: post.url, rel: 'noopener', target: '_blank' })
    : el('span', '', `@${post.author}`);
  meta.append(platform, sentiment, topic, author, el('span', '', `· ${new Date(when).toLocaleString()}`));
  const text = el('p', 'text', post.text);
  text.dataset.testid = 'feed-text';
  item.append(meta, text);
  return item;
}

function renderFeed(posts, freshIds = new Set()) {
  const list = byTestId('feed');
  list.replaceChildren(...posts.slice(0, feedLimit).map((p) => feedItem(p, freshIds.has(p.id))));
  byTestId('feed-empty').hidden = posts.length > 0;
  setText('feed-count', `${Math.min(posts.length, feedLimit)} latest`);
}

// The server's search rule (src/dashboard/search-text.ts): every word of the search starts a
// word of the post, case-insensitively, in any order; words are runs of letters and digits.
const wordPattern = /[\p{L}\p{N}]+/gu;
const wordsOf = (text) => [...new Set(text.toLowerCase().match(wordPattern) ?? [])];

function textMatches(text, q) {
  const have = wordsOf(text);
  return wordsOf(q).every((w) => have.some((h) => h.startsWith(w)));
}

function matchesFilters(post) {
  if (state.time !== 'classified') return false;
  if (state.topic && post.topic !== state.topic) return false;
  if (state.sentiment && post.sentiment !== state.sentiment) return false;
  if (state.platform && (post.platform ?? 'x') !== state.platform) return false;
  return !state.q || textMatches(post.text, state.q);
}

/** Puts pushed rows on top of the feed at once; the next refresh reconciles with the API. */
function prependLive(posts) {
  const list = byTestId('feed');
  const known = new Set([...list.children].map((li) => li.dataset.id));
  for (const post of posts.filter(matchesFilters)) {
    if (known.has(post.id)) list.querySelector(`li[data-id="${CSS.escape(post.id)}"]`)?.remove();
    list.prepend(feedItem(post, true));
  }
  while (list.children.length > feedLimit) list.lastElementChild.remove();
  byTestId('feed-empty').hidden = list.children.length > 0;
}

function healthEntry(label, value, testId) {
  const box = el('div');
  const dd = el('dd', '', value);
  if (testId) dd.dataset.testid = testId;
  box.append(el('dt', '', label), dd);
  return box;
}

function ms(value) {
  if (value === null || value === undefined) return '–';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}

/** Rows for a stage: counters with their rate, gauges, histogram averages; JSON as served. */
function stageRows(stage) {
  if (!stage.ok) return [['error', stage.error ?? 'no answer']];
  if (!stage.metrics) return Object.entries(stage.data ?? {}).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  const m = stage.metrics;
  const rows = [];
  for (const [name, value] of Object.entries(m)) {
    if (name.endsWith('_count') && `${name.slice(0, -6)}_sum` in m) continue;
    if (name.endsWith('_sum') && `${name.slice(0, -4)}_count` in m) {
      const base = name.slice(0, -4);
      const count = m[`${base}_count`];
      rows.push([`${base} (avg)`, count ? (value / count).toFixed(1) : '–']);
      continue;
    }
    const rate = stage.ratesPerSecond?.[name];
    rows.push([name, `${numberFormat.format(value)}${rate !== undefined ? ` · ${rate}/s` : ''}`]);
  }
  return rows;
}

function renderStage(stage) {
  const box = el('div', 'stage');
  box.dataset.testid = 'stage';
  const title = el('h3');
  const pill = el('span', 'pill small');
  pill.dataset.state = stage.ok ? 'ok' : 'down';
  pill.append(el('span', 'dot'), el('span', 'pill-text', stage.ok ? 'up' : 'down'));
  title.append(el('span', '', stage.name), pill);
  const table = el('table');
  for (const [key, value] of stageRows(stage).slice(0, 10)) {
    const row = el('tr');
    row.append(el('td', '', key), el('td', '', value));
    table.append(row);
  }
  box.append(title, table);
  return box;
}

/** Consumer lag per group: records each group still has to read; 'unavailable' without Kafka. */
function renderLag(report) {
  const box = byTestId('consumer-lag');
  if (!report || report.status === 'disabled') {
    box.replaceChildren(el('p', 'muted', 'No consumer groups configured (--lag-group / STREAMSENSE_DASHBOARD_LAG_GROUPS).'));
    return;
  }
  box.dataset.state = report.status;
  const title = el('h3', '', 'Consumer lag');
  if (report.status === 'unavailable') title.append(el('span', 'muted', ` · unavailable: ${report.error ?? ''}`));
  const table = el('table');
  for (const g of report.groups) {
    const row = el('tr');
    row.dataset.testid = 'lag-group';
    row.dataset.group = g.group;
    row.dataset.lag = g.lag === null ? '' : String(g.lag);
    const value = g.lag === null ? (g.error ? `– (${g.error})` : 'unavailable') : numberFormat.format(g.lag);
    row.append(el('td', '', `${g.group} ← ${g.topic}`), el('td', '', value));
    table.append(row);
  }
  box.replaceChildren(title, table);
}

function renderHealth(h) {
  const status = byTestId('health-status');
  const stale = h.sinceLastWriteMs !== null && h.sinceLastWriteMs > 5 * 60_000;
  status.dataset.state = !h.ok ? 'down' : stale ? 'warn' : 'ok';
  status.querySelector('.pill-text').textContent = !h.ok ? 'database down' : stale ? 'idle' : 'healthy';
  byTestId('health').replaceChildren(
    healthEntry('Database', h.db.ok ? `ok · ${h.db.latencyMs} ms` : `error: ${h.db.error}`, 'health-db'),
    healthEntry('Rows in table', h.rows === null ? '–' : numberFormat.format(h.rows), 'health-rows'),
    healthEntry('Rows written / min', h.rowsLastMinute ?? '–', 'health-rate'),
    healthEntry('Last write', relativeTime(h.lastWriteAt), 'health-last-write'),
    healthEntry('Classified → written', ms(h.writeLagMs), 'health-lag'),
    healthEntry('Live clients', `${h.live.clients} · ${h.live.errors} poll errors`, 'health-live'),
  );
  renderLag(h.consumerLag);
  const stages = byTestId('stages');
  stages.replaceChildren(...h.pipeline.map(renderStage));
  if (h.pipeline.length === 0)
    stages.replaceChildren(el('p', 'muted', 'No pipeline metrics configured (--metrics-url / STREAMSENSE_METRICS_URLS).'));
}

// ---- refresh cycle ----------------------------------------------------------------------

async function refreshAll() {
  const mine = ++generation;
  lastRefreshAt = Date.now();
  try {
    const [summary, ts, topics, posts] = await Promise.all([
      api('summary'),
      api('timeseries'),
      api('topics'),
      api('posts', { limit: feedLimit }),
    ]);
    if (mine !== generation) return;
    const shown = new Set([...byTestId('feed').children].map((li) => li.dataset.id));
    renderSummary(summary);
    renderTimeseries(ts);
    renderTopics(topics);
    renderFeed(posts.posts, new Set(posts.posts.filter((p) => shown.size > 0 && !shown.has(p.id)).map((p) => p.id)));
    setText('updated-at', `updated ${new Date().toLocaleTimeString()}`);
    document.body.dataset.loaded = 'true';
  } catch (error) {
    setText('updated-at', `refresh failed: ${error.message}`);
  }
}

async function refreshHealth() {
  try {
    const response = await fetch('/api/health', { cache: 'no-store' });
    renderHealth(await response.json());
  } catch {
    renderHealth({
      ok: false,
      db: { ok: false, error: 'dashboard server unreachable' },
      rows: null,
      live: { clients: 0, errors: 0 },
      pipeline: [],
      sinceLastWriteMs: null,
      consumerLag: { status: 'unavailable', error: 'dashboard server unreachable', groups: [] },
    });
  }
}

/** Coalesces bursts of pushed rows into at most one aggregate refresh per second. */
function scheduleRefresh() {
  if (refreshTimer) return;
  const wait = Math.max(250, 1000 - (Date.now() - lastRefreshAt));
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refreshAll();
  }, wait);
}

function tickClock() {
  const node = byTestId('kpi-last-write');
  node.textContent = relativeTime(lastWriteAt);
  if (lastWriteAt) node.title = new Date(lastWriteAt).toLocaleString();
}

// ---- live connection --------------------------------------------------------------------

function setConnection(stateName, text) {
  const pill = byTestId('connection');
  pill.dataset.state = stateName;
  pill.querySelector('.pill-text').textContent = text;
}

function connect() {
  let hadError = false;
  source = new EventSource('/api/stream');
  source.addEventListener('open', () => {
    setConnection('live', 'Live');
    reconnectDelay = 1000;
    // Rows written while we were away were not pushed: fetch the aggregates again.
    if (hadError) refreshAll();
    refreshHealth();
  });
  source.addEventListener('posts', (event) => {
    const posts = JSON.parse(event.data);
    prependLive(posts.slice().reverse());
    scheduleRefresh();
  });
  source.addEventListener('deleted', (event) => {
    const list = byTestId('feed');
    for (const id of JSON.parse(event.data)) list.querySelector(`li[data-id="${CSS.escape(id)}"]`)?.remove();
    byTestId('feed-empty').hidden = list.children.length > 0;
    scheduleRefresh();
  });
  source.addEventListener('error', () => {
    hadError = true;
    setConnection('reconnecting', 'Reconnecting…');
    if (source.readyState === EventSource.CLOSED) {
      source = null;
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 15_000);
    }
  });
}

// ---- controls ---------------------------------------------------------------------------

function syncControls() {
  for (const button of document.querySelectorAll('[data-range]'))
    button.setAttribute('aria-checked', String(button.dataset.range === state.range));
  byTestId('time-axis').value = state.time;
  byTestId('platform-filter').value = state.platform;
}

function applyState(patch) {
  Object.assign(state, patch);
  const url = new URL(window.location.href);
  url.search = queryString();
  window.history.replaceState(null, '', url);
  syncControls();
  refreshAll();
}

function bindControls() {
  for (const button of document.querySelectorAll('[data-range]')) {
    button.setAttribute('role', 'radio');
    button.addEventListener('click', () => applyState({ range: button.dataset.range }));
  }
  byTestId('time-axis').addEventListener('change', (e) => applyState({ time: e.target.value }));
  byTestId('topic-filter').addEventListener('change', (e) => applyState({ topic: e.target.value }));
  byTestId('sentiment-filter').addEventListener('change', (e) => applyState({ sentiment: e.target.value }));
  byTestId('platform-filter').addEventListener('change', (e) => applyState({ platform: e.target.value }));
  let typing = null;
  byTestId('search').addEventListener('input', (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => applyState({ q: e.target.value.trim() }), 300);
  });
  byTestId('controls').addEventListener('submit', (e) => e.preventDefault());
}

function readUrlState() {
  const params = new URLSearchParams(window.location.search);
  for (const key of Object.keys(state)) if (params.has(key)) state[key] = params.get(key);
}

function start() {
  readUrlState();
  createCharts();
  bindControls();
  syncControls();
  byTestId('search').value = state.q;
  refreshAll();
  refreshHealth();
  connect();
  setInterval(refreshHealth, 5000);
  setInterval(tickClock, 1000);
  // Relative ranges slide with time even when nothing new arrives.
  setInterval(() => {
    if (state.range !== 'all') scheduleRefresh();
  }, 30_000);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
