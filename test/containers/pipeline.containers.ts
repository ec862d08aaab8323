import assert from 'node:assert/strict';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol } from 'kafkajs';
import type { Pool } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import { type AppImage, buildAppImage } from '../../src/containers/app-image.ts';
import { ensureBaseImage } from '../../src/containers/base-image.ts';
import {
  type ContainerSpec,
  containerLogs,
  isHealthy,
  isRunning,
  removeContainers,
  runToCompletion,
  startContainer,
} from '../../src/containers/containers.ts';
import { createPodman, type Podman } from '../../src/containers/podman.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { defaultPaths } from '../../src/nlp/common/paths.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { createTopics, deleteTopics, pipelineNames, withAdmin } from '../helpers/pipeline-env.ts';
import { ensureStack, type TestStack } from '../helpers/stack.ts';
import { APP_SERVICES, appCommand, type ComposeConfig, composeConfig } from './compose-config.ts';

/**
 * Issue 8 acceptance, without a Docker engine: the app image is built from the Dockerfile with
 * podman on a local Debian base, and its containers run on the host network against the local
 * stack: schemas registered from a container, classify x2, sink, dashboard, and the bundled
 * sample produced from a container. Each runs the command its compose.yaml service runs; topics,
 * groups, subjects and table are this run's own, given through the same environment variables.
 */
const SAMPLE = { valid: 1_140, invalid: 5 } as const;
/** compose.yaml's default image name; the compose file is read with STREAMSENSE_IMAGE set to it. */
const IMAGE = process.env.STREAMSENSE_IMAGE || 'streamsense:latest';
const DEADLINE_MS = 300_000;

const names = pipelineNames('ctr');
const logger = createLogger('test:containers');
const topics = [names.raw, names.classified, names.rawDlq, names.classifiedDlq];
const container = {
  classify: [`${names.classifyGroup}-1`, `${names.classifyGroup}-2`],
  sink: `${names.sinkGroup}-0`,
  dashboard: `${names.sinkGroup}-dashboard`,
} as const;
const longRunning = [...container.classify, container.sink, container.dashboard];

let stack: TestStack;
let podman: Podman;
let image: AppImage;
let pool: Pool;
let ports: { classify: number[]; sink: number; dashboard: number };
let compose: ComposeConfig;

before(async () => {
  stack = await ensureStack();
  compose = await composeConfig('compose.yaml', defaultPaths.repoRoot, IMAGE);
  const workDir = join(tmpdir(), 'streamsense-containers');
  podman = await createPodman(workDir);
  const base = await ensureBaseImage({ podman, logger, workDir });
  report(`base image ${base.tag} (${base.built ? `built in ${base.seconds.toFixed(0)} s` : 'cached'})`);
  image = await buildAppImage({
    podman,
    contextDir: defaultPaths.repoRoot,
    baseImage: base.tag,
    tag: IMAGE,
    noCache: process.env.STREAMSENSE_CONTAINER_NO_CACHE === '1',
    onLine: (line) => /^\[\d\/\d\] STEP|fetched|present\t|^added /.test(line) && report(line.slice(0, 160)),
  });
  report(`app image ${IMAGE}: built in ${image.seconds.toFixed(0)} s, ${(image.sizeBytes / 1e6).toFixed(0)} MB, user ${image.user}`);
  await createTopics(topics, 4);
  pool = createDbPool(stack.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  const [c1, c2, sink, dashboard] = await freePorts(4);
  ports = { classify: [c1!, c2!], sink: sink!, dashboard: dashboard! };
});

after(async () => {
  if (process.env.STREAMSENSE_CONTAINER_KEEP !== '1') await removeContainers(podman, longRunning);
  await pool?.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
  await pool?.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
  await pool?.end();
  await deleteTopics(topics);
});

test('compose.yaml: every app service is this image running one component; only the dashboard is published', () => {
  const app = APP_SERVICES.map((name) => ({ name, ...compose.services[name]! }));
  for (const service of app) {
    assert.equal(service.image, IMAGE, service.name);
    assert.equal(service.build?.context, defaultPaths.repoRoot.replace(/\/$/, ''), service.name);
    assert.equal(appCommand(compose, service.name)[0], service.name);
    assert.match(service.environment?.KAFKA_BROKERS ?? '', /^kafka:/, `${service.name} is configured by environment`);
  }
  assert.deepEqual(
    app.filter((s) => s.ports?.length).map((s) => s.name),
    ['dashboard'],
  );
  assert.equal(compose.services.classify?.depends_on?.schemas?.condition, 'service_completed_successfully');
  assert.equal(compose.services.dashboard?.depends_on?.sink?.condition, 'service_healthy');
  assert.ok(compose.volumes && 'mysql-data' in compose.volumes);
});

test('the image runs its components as a non-root user', async () => {
  assert.equal(image.user, '10001:10001');
  const uid = await podman.run(['run', '--rm', '--entrypoint', 'id', IMAGE, '-u']);
  assert.equal(uid.trim(), '10001');
});

test('schemas registers the contracts from a container', async () => {
  await runToCompletion(podman, spec(`${names.classifyGroup}-schemas`, appCommand(compose, 'schemas')));
  for (const subject of ['tweets.raw-value', 'tweets.classified-value']) {
    const versions = await getJson(`${stack.registryUrl}/subjects/${subject}/versions`);
    assert.ok(Array.isArray(versions.body) && versions.body.length >= 1, `${subject} has a version`);
  }
  for (const [file, topic] of [
    ['schemas/tweet.avsc', names.raw],
    ['schemas/classification.avsc', names.classified],
  ] as const) {
    await runToCompletion(podman, spec(`${names.classifyGroup}-schemas`, ['schemas', 'register', '--subject', `${topic}-value`, file]));
    const versions = await getJson(`${stack.registryUrl}/subjects/${topic}-value/versions`);
    assert.ok(Array.isArray(versions.body) && versions.body.length >= 1, `${topic}-value has a version`);
  }
});

test('two classifiers, a sink and a dashboard start from the image and pass its healthcheck', async () => {
  await startContainer(podman, spec(container.sink, appCommand(compose, 'sink'), { SINK_METRICS_PORT: String(ports.sink) }));
  for (const [i, name] of container.classify.entries()) {
    await startContainer(
      podman,
      spec(name, appCommand(compose, 'classify'), { CLASSIFY_METRICS_PORT: String(ports.classify[i]), CLASSIFY_TRANSACTIONAL_ID: name }),
    );
  }
  await startContainer(
    podman,
    spec(container.dashboard, appCommand(compose, 'dashboard'), { STREAMSENSE_DASHBOARD_PORT: String(ports.dashboard) }),
  );
  for (const name of longRunning) assert.ok(await waitHealthy(name), `${name} healthy:\n${await containerLogs(podman, name)}`);
});

test('the classifier group has both containers as members, each with partitions', async () => {
  const members = await waitForMembers(names.classifyGroup, 2);
  assert.equal(members.length, 2);
  for (const member of members) assert.ok(member.partitions > 0, `${member.clientHost} has partitions`);
});

test('the bundled sample produced from a container ends as one MySQL row per valid post', async () => {
  const out = await runToCompletion(podman, spec(`${names.classifyGroup}-produce`, appCommand(compose, 'produce')));
  const stats = JSON.parse(out.trim().split('\n').at(-1)!) as { produced: number; invalid: number };
  assert.deepEqual({ produced: stats.produced, invalid: stats.invalid }, { produced: SAMPLE.valid, invalid: SAMPLE.invalid });
  await waitFor(async () => (await rowCount()).rows >= SAMPLE.valid);
  await sleep(1_500); // a stray duplicate or extra row would show now
  assert.deepEqual(await rowCount(), { rows: SAMPLE.valid, ids: SAMPLE.valid });
});

test('both classifier containers did part of the work', async () => {
  const counts = await Promise.all(
    ports.classify.map(async (port) => counter(await getText(`http://127.0.0.1:${port}/metrics`), 'records_classified_total')),
  );
  report(`records classified per container: ${counts.join(', ')}`);
  for (const count of counts) assert.ok(count > 0, `each classifier classified records (${counts.join(', ')})`);
  assert.ok(counts[0]! + counts[1]! >= SAMPLE.valid);
});

test('the dashboard answers from its container', async () => {
  const url = `http://127.0.0.1:${ports.dashboard}/api/health`;
  const rows = (body: unknown) => (body as { rows?: unknown } | undefined)?.rows;
  await waitFor(async () => rows((await getJson(url)).body) === SAMPLE.valid);
  const health = await getJson(url);
  assert.equal(health.status, 200);
  assert.equal(rows(health.body), SAMPLE.valid);
  assert.ok(await isHealthy(podman, container.dashboard));
});

function spec(name: string, command: readonly string[], extra: Record<string, string> = {}): ContainerSpec {
  const env = {
    KAFKA_BROKERS: stack.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: stack.registryUrl,
    MYSQL_URL: stack.mysqlUrl,
    PRODUCE_TOPIC: names.raw,
    PRODUCE_DLQ_TOPIC: names.rawDlq,
    CLASSIFY_INPUT_TOPIC: names.raw,
    CLASSIFY_OUTPUT_TOPIC: names.classified,
    CLASSIFY_DLQ_TOPIC: names.rawDlq,
    CLASSIFY_GROUP: names.classifyGroup,
    SINK_INPUT_TOPIC: names.classified,
    SINK_DLQ_TOPIC: names.classifiedDlq,
    SINK_GROUP: names.sinkGroup,
    SINK_TABLE: names.table,
    STREAMSENSE_DASHBOARD_HOST: '127.0.0.1',
    STREAMSENSE_DASHBOARD_TABLE: names.table,
    STREAMSENSE_METRICS_URLS: 'none',
  };
  return { name, image: IMAGE, command, env: { ...env, ...extra } };
}

async function waitHealthy(name: string): Promise<boolean> {
  return waitFor(async () => {
    if (!(await isRunning(podman, name))) throw new Error(`${name} stopped:\n${await containerLogs(podman, name)}`);
    return isHealthy(podman, name);
  });
}

async function waitForMembers(group: string, count: number): Promise<Array<{ clientHost: string; partitions: number }>> {
  let members: Array<{ clientHost: string; partitions: number }> = [];
  await waitFor(async () => {
    const { groups } = await withAdmin((admin) => admin.describeGroups([group]));
    members = (groups[0]?.state === 'Stable' ? groups[0].members : []).map((m) => ({
      clientHost: m.clientHost,
      partitions: Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat().length,
    }));
    return members.length === count;
  });
  return members;
}

async function rowCount(): Promise<{ rows: number; ids: number }> {
  const [rows] = await pool
    .query(`SELECT COUNT(*) AS n, COUNT(DISTINCT tweet_id) AS ids FROM ${names.table}`)
    .catch(() => [[{ n: 0, ids: 0 }]] as const);
  const row = (rows as Array<{ n: number; ids: number }>)[0]!;
  return { rows: Number(row.n), ids: Number(row.ids) };
}

/** Polls until `ready` is true or the deadline passes; the caller asserts the final state. */
async function waitFor(ready: () => Promise<boolean>): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < DEADLINE_MS) {
    if (await ready().catch((error: Error) => (error.message.includes('stopped') ? Promise.reject(error) : false))) return true;
    await sleep(500);
  }
  return false;
}

function counter(metrics: string, name: string): number {
  const lines = metrics.split('\n').filter((l) => new RegExp(`^(\\w+_)?${name}(\\{[^}]*\\})?\\s`).test(l));
  return lines.reduce((sum, l) => sum + Number(l.trim().split(/\s+/).at(-1)), 0);
}

async function getText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return response.text();
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const result = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return result;
}

function report(line: string): void {
  process.stderr.write(`[containers] ${line}\n`);
}
