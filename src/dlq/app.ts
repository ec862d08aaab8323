import type { SecurityConfig } from '../config/security.ts';
import { Contract } from '../contracts/avro.ts';
import type { PostRecord } from '../contracts/post-record.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { createKafka } from '../kafka/client.ts';
import { DeadLetterHeader } from '../kafka/dead-letter.ts';
import { Topic } from '../kafka/topics.ts';
import { createRegistryApi } from '../schemas/registry-api.ts';
import { createSchemaRegistry, prepareSerializer } from '../schemas/serde.ts';
import type { DlqConfig } from './config.ts';
import { readLetters, type StoredLetter } from './read.ts';
import { markReplayed, planReplay, sendPlan } from './replay.ts';

/** The three `scripts/dlq.ts` commands; each prints to stdout and returns an exit code. */
const out = (line: string) => process.stdout.write(`${line}\n`);
const REPLAY_GROUP = 'streamsense-dlq-replay';

function matches(config: DlqConfig, letter: StoredLetter): boolean {
  if (config.stage && letter.headers[DeadLetterHeader.stage] !== config.stage) return false;
  if (config.errorClass && letter.headers[DeadLetterHeader.errorClass] !== config.errorClass) return false;
  return true;
}

const topicsOf = (config: DlqConfig) => (config.topic ? [config.topic] : [Topic.RAW_DLQ, Topic.CLASSIFIED_DLQ]);

export async function runDlqCommand(command: string | undefined, config: DlqConfig, security: SecurityConfig): Promise<number> {
  const kafka = createKafka({ brokers: config.brokers, clientId: 'streamsense-dlq', security: security.kafka });
  if (command === 'list') return list(kafka, config);
  if (command === 'inspect') return inspect(kafka, config);
  if (command === 'replay') return replay(kafka, config, security);
  throw new AppError(ErrorCode.CONFIG, `Unknown command "${command ?? ''}": use list, inspect or replay (see --help)`);
}

async function list(kafka: ReturnType<typeof createKafka>, config: DlqConfig): Promise<number> {
  for (const topic of topicsOf(config)) {
    const letters = (await readLetters(kafka, topic)).filter((l) => matches(config, l));
    const counts = new Map<string, number>();
    for (const l of letters) {
      const key = `${l.headers[DeadLetterHeader.stage] ?? '?'} ${l.headers[DeadLetterHeader.errorClass] ?? '?'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    if (config.json) out(JSON.stringify({ topic, total: letters.length, by: Object.fromEntries(counts) }));
    else {
      out(`${topic}: ${letters.length} dead letters`);
      for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) out(`  ${key.padEnd(40)} ${n}`);
    }
  }
  return 0;
}

async function inspect(kafka: ReturnType<typeof createKafka>, config: DlqConfig): Promise<number> {
  for (const topic of topicsOf(config)) {
    const letters = (await readLetters(kafka, topic)).filter((l) => matches(config, l)).slice(0, config.limit);
    for (const l of letters) {
      const preview = l.value
        ? l.value
            .toString('utf8')
            .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '.')
            .slice(0, 200)
        : '(null)';
      if (config.json)
        out(
          JSON.stringify({
            topic,
            partition: l.partition,
            offset: l.offset,
            key: l.key?.toString('utf8') ?? null,
            headers: l.headers,
            bytes: l.value?.length ?? 0,
            value_base64: l.value?.toString('base64') ?? null,
          }),
        );
      else {
        out(`${topic} [${l.partition}] @${l.offset}  ${l.headers[DeadLetterHeader.stage]} ${l.headers[DeadLetterHeader.errorClass]}`);
        out(`  reason: ${l.headers[DeadLetterHeader.errorMessage]}`);
        const from = l.headers[DeadLetterHeader.originalTopic]
          ? `${l.headers[DeadLetterHeader.originalTopic]}[${l.headers[DeadLetterHeader.originalPartition]}]@${l.headers[DeadLetterHeader.originalOffset]}`
          : (l.headers[DeadLetterHeader.origin] ?? '?');
        out(`  from:   ${from}   at ${l.headers[DeadLetterHeader.failedAt]}`);
        out(`  value:  ${l.value?.length ?? 0} bytes: ${preview}`);
      }
    }
  }
  return 0;
}

async function replay(kafka: ReturnType<typeof createKafka>, config: DlqConfig, security: SecurityConfig): Promise<number> {
  const topic = config.topic ?? Topic.RAW_DLQ;
  const groupId = `${REPLAY_GROUP}-${topic}`;
  const read = await readLetters(kafka, topic, config.fromStart ? {} : { groupId });
  const letters = read.filter((l) => matches(config, l));
  const registry = createSchemaRegistry(config.registryUrl, security.registry.auth);
  const serializer = await prepareSerializer<PostRecord>(
    registry,
    createRegistryApi(config.registryUrl, security.registry.auth),
    config.to ?? config.rawTopic,
    Contract.tweet,
  );
  const plan = await planReplay(letters, { to: config.to, rawTopic: config.rawTopic, serializer });
  for (const s of plan.stillInvalid) out(`still invalid ${topic}[${s.letter.partition}]@${s.letter.offset}: ${s.reason}`);
  if (config.dryRun) {
    for (const r of plan.resend)
      out(`would send to ${r.topic}: key=${r.message.key?.toString() ?? 'null'} (${r.message.value?.length ?? 0} bytes)`);
    out(`dry run: ${plan.resend.length} to replay, ${plan.stillInvalid.length} still invalid`);
    return 0;
  }
  const sent = await sendPlan(kafka, plan);
  if (!config.fromStart) await markReplayed(kafka, groupId, read);
  out(`replayed ${sent} of ${letters.length} dead letters from ${topic}; ${plan.stillInvalid.length} still invalid`);
  return plan.stillInvalid.length > 0 ? 1 : 0;
}
