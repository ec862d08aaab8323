import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { StackConfig } from './config.ts';
import type { KafkaLayout } from './kafka-layout.ts';
import { type StackPaths, stackPaths } from './paths.ts';
import { runningProcess } from './proc.ts';

/**
 * How many Kafka nodes the stack runs. An explicit count (`up --brokers 3`, STREAMSENSE_BROKERS)
 * wins; otherwise the count the last `up` recorded in run/kafka-brokers, so `status`, `down`,
 * `logs` and the pipeline scripts' `stackUp` follow a running cluster without repeating the flag;
 * otherwise one node. `down` forgets the recorded count.
 */
export function kafkaBrokerCount(config: StackConfig): number {
  return config.kafka.brokers ?? recordedBrokerCount(stackPaths(config)) ?? 1;
}

function modeFile(paths: StackPaths): string {
  return path.join(paths.runDir, 'kafka-brokers');
}

function recordedBrokerCount(paths: StackPaths): number | null {
  try {
    const n = Number(readFileSync(modeFile(paths), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

export async function recordBrokerCount(paths: StackPaths, brokers: number): Promise<void> {
  await mkdir(paths.runDir, { recursive: true });
  await writeFile(modeFile(paths), `${brokers}\n`);
}

export async function forgetBrokerCount(paths: StackPaths): Promise<void> {
  await rm(modeFile(paths), { force: true });
}

/** Every Kafka pid file in the run dir, single node and cluster nodes of any size. */
export async function kafkaPidFiles(paths: StackPaths): Promise<string[]> {
  const entries = await readdir(paths.runDir).catch(() => [] as string[]);
  return entries.filter((f) => /^kafka(-\d+)?\.pid$/.test(f)).map((f) => path.join(paths.runDir, f));
}

/**
 * A single node and a cluster share ports (node 1 of a cluster uses the single node's) and must
 * not run at the same time from one stack dir: refuse with what to do instead.
 */
export async function requireNoOtherKafka(paths: StackPaths, layout: KafkaLayout): Promise<void> {
  const ours = new Set(layout.nodes.map((n) => n.pidFile));
  const others: string[] = [];
  for (const file of await kafkaPidFiles(paths)) {
    if (!ours.has(file) && (await runningProcess(file))) others.push(path.basename(file, '.pid'));
  }
  if (others.length === 0) return;
  const running = others.includes('kafka') ? 'a single-node Kafka' : `a Kafka cluster (${others.sort().join(', ')})`;
  const wanted = layout.brokers === 1 ? 'a single node' : `a ${layout.brokers}-broker cluster`;
  throw new AppError(
    ErrorCode.SERVICE_START,
    `kafka: ${running} is running from ${paths.root}; stop it with \`npm run stack -- down\` (data is kept) before starting ${wanted}`,
    { context: { running: others } },
  );
}

/** Data dirs of every Kafka layout ever used in this stack dir, for `reset`. */
export async function allKafkaDataDirs(paths: StackPaths): Promise<string[]> {
  const entries = await readdir(paths.kafka.home).catch(() => [] as string[]);
  return [paths.kafka.data, ...entries.filter((e) => /^cluster-\d+$/.test(e)).map((e) => path.join(paths.kafka.home, e))];
}
