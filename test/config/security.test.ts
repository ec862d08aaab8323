import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  basicAuthHeader,
  describeSecurity,
  loadSecurityConfig,
  redactFields,
  redactText,
  redactUrl,
  secretValues,
  splitUrlCredentials,
} from '../../src/config/security.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-security-'));
const pem = (name: string, body: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, `-----BEGIN ${body}-----\nAAAA\n-----END ${body}-----\n`);
  return file;
};
const caFile = pem('ca.pem', 'CERTIFICATE');
const certFile = pem('client.pem', 'CERTIFICATE');
const keyFile = pem('client.key', 'PRIVATE KEY');

test('no security env: plaintext, no auth, frozen', () => {
  const config = loadSecurityConfig({});
  assert.deepEqual(config, { kafka: { ssl: null, sasl: null }, registry: { auth: null }, mysql: { ssl: null } });
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.kafka));
  assert.deepEqual(secretValues(config), []);
});

test('Kafka SASL/SCRAM and TLS with a CA and a client certificate', () => {
  const config = loadSecurityConfig({
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: 'alice',
    KAFKA_SASL_PASSWORD: 's3cr3t-pw',
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SSL_CERT_FILE: certFile,
    KAFKA_SSL_KEY_FILE: keyFile,
  });
  assert.deepEqual(config.kafka.sasl, { mechanism: 'scram-sha-512', username: 'alice', password: 's3cr3t-pw' });
  assert.match(config.kafka.ssl?.ca ?? '', /BEGIN CERTIFICATE/);
  assert.match(config.kafka.ssl?.key ?? '', /BEGIN PRIVATE KEY/);
  assert.equal(config.kafka.ssl?.rejectUnauthorized, true);
  assert.equal(config.mysql.ssl, null);
});

test('TLS without files uses the system CAs; reject-unauthorized can be turned off', () => {
  const config = loadSecurityConfig({ KAFKA_SSL: '1', MYSQL_SSL: 'on', MYSQL_SSL_CA_FILE: caFile, MYSQL_SSL_REJECT_UNAUTHORIZED: '0' });
  assert.deepEqual(config.kafka.ssl, { rejectUnauthorized: true });
  assert.equal(config.mysql.ssl?.rejectUnauthorized, false);
  assert.match(config.mysql.ssl?.ca ?? '', /BEGIN CERTIFICATE/);
});

test('registry basic auth needs both halves', () => {
  assert.deepEqual(loadSecurityConfig({ SCHEMA_REGISTRY_USERNAME: 'bob', SCHEMA_REGISTRY_PASSWORD: 'pw' }).registry.auth, {
    username: 'bob',
    password: 'pw',
  });
  assert.throws(() => loadSecurityConfig({ SCHEMA_REGISTRY_USERNAME: 'bob' }), /SCHEMA_REGISTRY_PASSWORD: required with a username/);
});

test('every problem is listed at once, with the variable and an example, and no secret value', () => {
  assert.throws(
    () =>
      loadSecurityConfig({
        KAFKA_SASL_PASSWORD: 'do-not-print-me',
        KAFKA_SSL_CA_FILE: caFile,
        KAFKA_SSL_REJECT_UNAUTHORIZED: 'maybe',
        MYSQL_SSL: '1',
        MYSQL_SSL_CERT_FILE: certFile,
        MYSQL_SSL_CA_FILE: path.join(dir, 'missing.pem'),
        SCHEMA_REGISTRY_PASSWORD: 'also-secret',
      }),
    (error: Error) => {
      assert.match(
        error.message,
        /KAFKA_SASL_MECHANISM: SASL credentials given without a mechanism.*\(for example KAFKA_SASL_MECHANISM=scram-sha-512\)/,
      );
      assert.match(error.message, /KAFKA_SSL: KAFKA_SSL_CA_FILE given but TLS is off; set it to 1/);
      assert.match(error.message, /KAFKA_SSL_REJECT_UNAUTHORIZED: expected 1 or 0/);
      assert.match(error.message, /MYSQL_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/);
      assert.match(error.message, /MYSQL_SSL_KEY_FILE: a client certificate needs both/);
      assert.match(error.message, /SCHEMA_REGISTRY_USERNAME: required with a password/);
      assert.doesNotMatch(error.message, /do-not-print-me|also-secret/);
      return true;
    },
  );
});

test('a SASL mechanism needs a username and password; unknown mechanisms are refused', () => {
  assert.throws(
    () => loadSecurityConfig({ KAFKA_SASL_MECHANISM: 'plain' }),
    (e: Error) => /KAFKA_SASL_USERNAME: required/.test(e.message) && /KAFKA_SASL_PASSWORD: required/.test(e.message),
  );
  assert.throws(
    () => loadSecurityConfig({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'b' }),
    /KAFKA_SASL_MECHANISM:/,
  );
});

test('describeSecurity says what is on without any secret', () => {
  const config = loadSecurityConfig({
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: 'alice',
    KAFKA_SASL_PASSWORD: 'pw-123456',
    KAFKA_SSL: '1',
    KAFKA_SSL_REJECT_UNAUTHORIZED: '0',
    SCHEMA_REGISTRY_USERNAME: 'bob',
    SCHEMA_REGISTRY_PASSWORD: 'reg-pw-999',
  });
  const summary = describeSecurity(config);
  assert.deepEqual(summary, {
    kafkaTls: 'on, NOT verifying the server',
    kafkaSasl: 'plain as alice',
    registryAuth: 'basic as bob',
    mysqlTls: 'off',
  });
  assert.deepEqual(secretValues(config).sort(), ['pw-123456', 'reg-pw-999']);
});

test('redactUrl hides passwords in userinfo and password-like query parameters', () => {
  assert.equal(
    redactUrl('mysql://streamsense:streamsense@127.0.0.1:13306/streamsense'),
    'mysql://streamsense:***@127.0.0.1:13306/streamsense',
  );
  assert.equal(
    redactUrl('see http://u:p%40ss@reg:8081/apis and mysql://a:b@h/db'),
    'see http://u:***@reg:8081/apis and mysql://a:***@h/db',
  );
  assert.equal(redactUrl('https://reg/x?user=a&password=hunter2&x=1'), 'https://reg/x?user=a&password=***&x=1');
  assert.equal(redactUrl('kafka://127.0.0.1:19092'), 'kafka://127.0.0.1:19092');
});

test('redactText replaces every known secret, the longest first', () => {
  assert.equal(redactText('auth failed for pw and pw-long at pw-long', ['pw', 'pw-long']), 'auth failed for *** and *** at ***');
  assert.equal(redactText('nothing here', []), 'nothing here');
});

test('redactFields masks secret-named keys and scrubs values, nested', () => {
  const out = redactFields(
    {
      broker: '127.0.0.1:9092',
      sasl: { mechanism: 'plain', password: 'x' },
      nested: { password: 'y', note: 'token t0k3n-abc' },
      list: ['t0k3n-abc'],
      error: new Error('bad t0k3n-abc'),
    },
    ['t0k3n-abc'],
  );
  assert.deepEqual(out, {
    broker: '127.0.0.1:9092',
    sasl: '***',
    nested: { password: '***', note: 'token ***' },
    list: ['***'],
    error: 'bad ***',
  });
});

test('credentials in a URL become basic auth and leave the URL', () => {
  assert.deepEqual(splitUrlCredentials('https://user%40x:p%3Ass@reg.example:8081/apis/ccompat/v7'), {
    url: 'https://reg.example:8081/apis/ccompat/v7',
    auth: { username: 'user@x', password: 'p:ss' },
  });
  assert.deepEqual(splitUrlCredentials('http://127.0.0.1:18081/apis/ccompat/v7'), {
    url: 'http://127.0.0.1:18081/apis/ccompat/v7',
    auth: null,
  });
  assert.equal(basicAuthHeader({ username: 'Aladdin', password: 'open sesame' }), 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
});
