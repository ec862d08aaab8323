/**
 * Pipeline metrics for the health panel. Each configured `name=url` is a stage's metrics
 * endpoint: Prometheus text (what src/telemetry/health-server.ts serves on /metrics) or JSON.
 * Prometheus series are summed over their labels per metric name (histogram buckets dropped);
 * counters (`*_total`) also get a per-second rate from the previous scrape. A stage that does
 * not answer is reported as down, never fatal.
 */
export interface StageMetrics {
  name: string;
  url: string;
  ok: boolean;
  /** Prometheus endpoints: metric name (prefix `streamsense_` removed) -> summed value. */
  metrics?: Record<string, number>;
  /** Per-second rates of the `*_total` counters since the previous scrape. */
  ratesPerSecond?: Record<string, number>;
  /** JSON endpoints: the document as served. */
  data?: unknown;
  error?: string;
}

export function parseMetricsEntry(entry: string): { name: string; url: string } {
  const at = entry.indexOf('=');
  return { name: entry.slice(0, at), url: entry.slice(at + 1) };
}

const sampleLine = /^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{.*\})?\s+(\S+)/;

/** Sums Prometheus text-format samples per metric name; `_bucket` series are skipped. */
export function parsePrometheus(text: string, prefix = 'streamsense_'): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = sampleLine.exec(line.trim());
    if (!match || match[1].endsWith('_bucket')) continue;
    const value = Number(match[2]);
    if (!Number.isFinite(value)) continue;
    const name = match[1].startsWith(prefix) ? match[1].slice(prefix.length) : match[1];
    sums[name] = (sums[name] ?? 0) + value;
  }
  return sums;
}

interface Scrape {
  at: number;
  metrics: Record<string, number>;
}

function rates(previous: Scrape | undefined, current: Scrape): Record<string, number> {
  const out: Record<string, number> = {};
  if (!previous || current.at <= previous.at) return out;
  const seconds = (current.at - previous.at) / 1000;
  for (const [name, value] of Object.entries(current.metrics)) {
    const before = previous.metrics[name];
    if (!name.endsWith('_total') || before === undefined || value < before) continue;
    out[name] = Math.round(((value - before) / seconds) * 100) / 100;
  }
  return out;
}

/** Rates need a window: scrapes closer than this to the base keep the base and the last rates. */
const minRateWindowMs = 1000;

export class PipelineMetrics {
  private readonly previous = new Map<string, Scrape>();
  private readonly lastRates = new Map<string, Record<string, number>>();

  constructor(
    private readonly entries: readonly string[],
    private readonly timeoutMs = 800,
  ) {}

  fetchAll(): Promise<StageMetrics[]> {
    return Promise.all(this.entries.map((entry) => this.fetchOne(entry)));
  }

  private ratesFor(entry: string, scrape: Scrape): Record<string, number> {
    const base = this.previous.get(entry);
    if (base && scrape.at - base.at < minRateWindowMs) return this.lastRates.get(entry) ?? {};
    const computed = rates(base, scrape);
    this.previous.set(entry, scrape);
    this.lastRates.set(entry, computed);
    return computed;
  }

  private async fetchOne(entry: string): Promise<StageMetrics> {
    const { name, url } = parseMetricsEntry(entry);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) return { name, url, ok: false, error: `HTTP ${response.status}` };
      if ((response.headers.get('content-type') ?? '').includes('json')) return { name, url, ok: true, data: await response.json() };
      const scrape = { at: Date.now(), metrics: parsePrometheus(await response.text()) };
      return { name, url, ok: true, metrics: scrape.metrics, ratesPerSecond: this.ratesFor(entry, scrape) };
    } catch (error) {
      return { name, url, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
