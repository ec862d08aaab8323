import assert from 'node:assert/strict';
import { test } from 'node:test';
import { securityFromEnv } from '../../src/config/security.ts';
import { Contract } from '../../src/contracts/avro.ts';
import { type AppError, ErrorCode } from '../../src/errors/app-error.ts';
import { createDeserializer, createSchemaRegistry } from '../../src/schemas/serde.ts';

/** Framing errors are caught before the registry is asked: nothing listens on this port. */
const registry = createSchemaRegistry('http://127.0.0.1:9/apis/ccompat/v7', securityFromEnv().registry.auth);
const deserializer = createDeserializer(registry, Contract.classification);
const isDecode = (pattern: RegExp) => (e: AppError) => e.code === ErrorCode.DECODE && !e.retriable && pattern.test(e.message);

test('a truncated or empty payload is a non-retriable decode error', async () => {
  await assert.rejects(
    deserializer.decode(Buffer.from([0, 0, 0])),
    isDecode(/too short for the Confluent wire format \(3 bytes, need at least 6\)/),
  );
  await assert.rejects(deserializer.decode(null), isDecode(/\(0 bytes/));
});

test('a wrong magic byte is a non-retriable decode error naming the byte', async () => {
  await assert.rejects(deserializer.decode(Buffer.from('{"tweet_id":"1"}')), isDecode(/Wrong magic byte 123/));
});
