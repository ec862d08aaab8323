import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { securityFromEnv } from '../../src/config/security.ts';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { readLetters, type StoredLetter } from '../../src/dlq/read.ts';
import { createKafka, producerDefaults } from '../../src/kafka/client.ts';
import { DeadLetterHeader } from '../../src/kafka/dead-letter.ts';
import { valueSubject } from '../../src/kafka/topics.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { produce } from '../../src/produce/app.ts';
import type { Source } from '../../src/produce/source.ts';
import { createFileSource } from '../../src/produce/sources/file.ts';
import { createStdinSource } from '../../src/produce/sources/stdin.ts';
import { createRegistryApi } from '../../src/schemas/registry-api.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import {
  CSV_HEADER,
  classificationRecordCases,
  csvCases,
  csvInput,
  jsonlCases,
  jsonlInput,
  type LineCase,
  type RecordCase,
  seeded,
  tweetRecordCases,
} from '../helpers/hostile.ts';
import { createPipelineFixture } from '../helpers/pipeline-fixture.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Generated hostile input at every door of the real pipeline (Kafka, registry, MariaDB, the
 * stages as processes): JSONL on stdin and a CSV file into the producer, Avro records straight
 * into tweets.raw for the classifier and into tweets.classified for the sink. For every run: no
 * stage exits, each valid record becomes exactly one row, each invalid one exactly one dead
 * letter with a reason and the bytes that arrived. Seeded (STREAMSENSE_HOSTILE_SEED), sized for
 * a 2-core CI machine: 120 lines, 40 CSV rows, 60 + 40 Avro records.
 */
const SEED = Number(process.env.STREAMSENSE_HOSTILE_SEED ?? 20_261_201);
const MAX_LINE = 512 * 1024;

test(`hostile input at every stage's door (seed ${SEED}): no stage exits, one row per valid record, one dead letter with its bytes per invalid one`, {
  timeout: 900_000,
}, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('hx');
  t.after(() => f.close());
  const rng = seeded(SEED);
  const kafka = createKafka({ security: securityFromEnv().kafka, brokers: f.stack.kafkaBrokers, clientId: 'hostile' });
  const run = (source: Source) =>
    produce(f.configs.produce, {
      security: securityFromEnv(),
      signal: new AbortController().signal,
      logger: createLogger('hostile'),
      metrics: new MetricsRegistry(),
      source,
    });

  // The producer's doors: stdin JSONL (cut into chunks at random borders) and a CSV file.
  const lines = jsonlCases(rng, 120, 'hj');
  const jsonl = jsonlInput(rng, lines);
  const stdinStats = await run(
    createStdinSource(Readable.from([jsonl.input.subarray(0, 7), jsonl.input.subarray(7, 50_003), jsonl.input.subarray(50_003)])),
  );
  assert.equal(stdinStats.produced, lines.filter((c) => c.valid).length);
  const rows = csvCases(rng, 40, 'hc');
  const csv = csvInput(rows);
  const csvPath = join(await mkdtemp(join(tmpdir(), 'ss-hostile-')), 'posts.csv');
  await writeFile(csvPath, csv.input);
  assert.equal((await run(createFileSource({ path: csvPath, format: 'csv', loop: false }))).produced, rows.filter((c) => c.valid).length);

  // The classifier's and the sink's doors: records that no producer of ours would write.
  const api = createRegistryApi(f.stack.registryUrl, securityFromEnv().registry.auth);
  const tweets = tweetRecordCases(rng, 60, 'ha', await api.register(valueSubject(f.names.raw), loadSchemaText(Contract.tweet)));
  const results = classificationRecordCases(
    rng,
    40,
    'hs',
    await api.register(valueSubject(f.names.classified), loadSchemaText(Contract.classification)),
  );
  const producer = kafka.producer(producerDefaults);
  await producer.connect();
  await producer.send({ topic: f.names.raw, messages: tweets.map((c) => ({ key: c.key, value: c.value })) });
  await producer.send({ topic: f.names.classified, messages: results.map((c) => ({ key: c.key, value: c.value })) });
  await producer.disconnect();

  const classify = f.startClassify(0);
  const sink = f.startSink();
  const validIds = [...lines, ...rows]
    .filter((c) => c.valid)
    .map((c) => c.id!)
    .concat([...tweets, ...results].filter((c) => c.valid).map((c) => c.key));
  const invalidRaw = [...lines, ...rows, ...tweets].filter((c) => !c.valid).length;
  const invalidClassified = results.filter((c) => !c.valid).length;
  assert.ok(
    await eventually(async () => (await f.rows()) >= validIds.length, 600_000, 1_000),
    `every valid record arrives (have ${await f.rows()} of ${validIds.length})`,
  );
  assert.ok(
    await eventually(async () => (await f.deadLetters(f.names.rawDlq)) >= invalidRaw, 120_000, 1_000),
    'every invalid input has a dead letter',
  );
  await sleep(2_000);

  const [found] = await f.pool.query(`SELECT tweet_id FROM ${f.names.table}`);
  assert.deepEqual(
    (found as Array<{ tweet_id: string }>).map((r) => r.tweet_id).sort(),
    [...validIds].sort(),
    'exactly the valid records are rows',
  );
  const rawLetters = await readLetters(kafka, f.names.rawDlq);
  const classifiedLetters = await readLetters(kafka, f.names.classifiedDlq);
  assert.equal(rawLetters.length, invalidRaw, 'one dead letter per invalid input, no more');
  assert.equal(classifiedLetters.length, invalidClassified);
  for (const l of [...rawLetters, ...classifiedLetters])
    assert.ok((l.headers[DeadLetterHeader.errorMessage] ?? '').length > 0, 'every letter says why');

  const byOrigin = new Map(
    rawLetters.filter((l) => l.headers[DeadLetterHeader.stage] === 'produce').map((l) => [l.headers[DeadLetterHeader.origin], l]),
  );
  const expectLine = (c: LineCase, origin: string) => {
    const letter = byOrigin.get(origin);
    assert.ok(letter, `${c.kind} at ${origin} has a dead letter`);
    const bytes = c.kind === 'over-line-limit' ? c.bytes.subarray(0, MAX_LINE) : c.bytes;
    assert.ok(
      letter.value?.equals(bytes),
      `${c.kind} at ${origin}: the letter holds the exact bytes (${letter.value?.length} vs ${bytes.length})`,
    );
  };
  for (const [i, c] of lines.entries()) if (!c.valid) expectLine(c, `stdin:${jsonl.lineOf[i]}`);
  for (const [i, c] of rows.entries()) if (!c.valid) expectLine(c, `file:${csvPath}:${csv.lineOf[i]}`);
  for (const [origin, l] of byOrigin)
    if (origin?.startsWith('file:')) assert.equal(l.headers[DeadLetterHeader.csvHeader], CSV_HEADER, 'a CSV letter carries its header row');
  const expectRecord = (c: RecordCase, letters: readonly StoredLetter[], stage: string, topic: string) => {
    const letter = letters.find((l) => l.key?.toString() === c.key);
    assert.ok(letter, `${c.kind} record ${c.key} has a dead letter`);
    assert.equal(letter.headers[DeadLetterHeader.stage], stage);
    assert.equal(letter.headers[DeadLetterHeader.originalTopic], topic);
    assert.ok(letter.value?.equals(c.value), `${c.kind} record ${c.key}: the letter holds the record's exact bytes`);
  };
  for (const c of tweets.filter((x) => !x.valid)) expectRecord(c, rawLetters, 'classify', f.names.raw);
  for (const c of results.filter((x) => !x.valid)) expectRecord(c, classifiedLetters, 'sink', f.names.classified);

  assert.equal(classify.child.exitCode, null, 'the classifier is still running');
  assert.equal(sink.child.exitCode, null, 'the sink is still running');
});
