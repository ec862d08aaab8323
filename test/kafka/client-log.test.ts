import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createKafka } from '../../src/kafka/client.ts';
import type { Logger } from '../../src/telemetry/log.ts';

/** What kafkajs logs reaches our logger at the level it deserves. */
function capture(): { logger: Logger; lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const logger: Logger = {
    debug: (m) => void lines.push(['debug', m]),
    info: (m) => void lines.push(['info', m]),
    warn: (m) => void lines.push(['warn', m]),
    error: (m) => void lines.push(['error', m]),
    child: () => logger,
  };
  return { logger, lines };
}

test('CONCURRENT_TRANSACTIONS retries are debug, not errors; other producer errors stay errors', () => {
  const { logger, lines } = capture();
  const kafka = createKafka({ brokers: ['127.0.0.1:9'], clientId: 't', logLevel: 'debug', security: { ssl: null, sasl: null } }, logger);
  const root = kafka.logger().namespace('Producer');
  root.error(
    'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
    { retryCount: 0, retryTime: 25 },
  );
  root.error('Failed to send messages: This server does not host this topic-partition', { retryCount: 0 });
  assert.deepEqual(
    lines.map(([level]) => level),
    ['debug', 'error'],
  );
});
