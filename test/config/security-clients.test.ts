import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { loadSecurityConfig } from '../../src/config/security.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { kafkaSecurityOptions } from '../../src/kafka/client.ts';
import { createRegistryApi } from '../../src/schemas/registry-api.ts';
import { createSchemaRegistry } from '../../src/schemas/serde.ts';

/**
 * The client factories apply the parsed security settings: basic auth reaches the registry as a
 * header (checked on a local HTTP server that records what it receives), SASL/TLS map onto
 * kafkajs' options, TLS onto mysql2's.
 */
const seen: Array<{ url: string; authorization: string | undefined }> = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(
      req.url?.includes('/versions/latest') ? JSON.stringify({ id: 7, version: 1, subject: 's', schema: '"string"' }) : '["s-value"]',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('registry-api sends basic auth from the config, or from credentials in the URL', async () => {
  seen.length = 0;
  await createRegistryApi(base, { username: 'bob', password: 'pw' }, 2000).subjects();
  await createRegistryApi(base.replace('http://', 'http://carol:p%40ss@'), null, 2000).subjects();
  await createRegistryApi(base, null, 2000).subjects();
  assert.deepEqual(
    seen.map((s) => s.authorization),
    [`Basic ${Buffer.from('bob:pw').toString('base64')}`, `Basic ${Buffer.from('carol:p@ss').toString('base64')}`, undefined],
  );
});

test('the Avro serde registry client sends basic auth too', async () => {
  seen.length = 0;
  const registry = createSchemaRegistry(base, { username: 'dave', password: 'secret' });
  assert.equal(await registry.getLatestSchemaId('s-value'), 7);
  assert.equal(seen[0]?.authorization, `Basic ${Buffer.from('dave:secret').toString('base64')}`);
});

test('kafkajs options: SASL by mechanism and TLS; nothing when both are off', () => {
  const config = loadSecurityConfig({
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: 'u',
    KAFKA_SASL_PASSWORD: 'p',
    KAFKA_SSL: '1',
    KAFKA_SSL_REJECT_UNAUTHORIZED: '0',
  });
  assert.deepEqual(kafkaSecurityOptions(config.kafka), {
    ssl: { rejectUnauthorized: false },
    sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' },
  });
  assert.deepEqual(kafkaSecurityOptions(loadSecurityConfig({}).kafka), {});
});

test('mysql2 pools get the TLS options', async () => {
  const withTls = createDbPool('mysql://u:p@127.0.0.1:1/db', { connectionLimit: 1, ssl: { rejectUnauthorized: false, ca: 'PEM' } });
  const without = createDbPool('mysql://u:p@127.0.0.1:1/db', { connectionLimit: 1, ssl: null });
  try {
    const options = (pool: typeof withTls) =>
      (pool.pool as unknown as { config: { connectionConfig: { ssl?: unknown } } }).config.connectionConfig;
    assert.deepEqual(options(withTls).ssl, { rejectUnauthorized: false, ca: 'PEM' });
    assert.equal(Boolean(options(without).ssl), false);
  } finally {
    await Promise.all([withTls.end(), without.end()]);
  }
});
