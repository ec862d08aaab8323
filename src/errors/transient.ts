import { AppError } from './app-error.ts';

/**
 * Whether waiting and trying again can help: our own errors say so; kafkajs marks its
 * retriable protocol errors and reports broker outages as connection/timeout/retries-exceeded
 * errors. Everything else (bad data, programmer errors, a fenced producer) is final.
 */
const KAFKAJS_TRANSIENT = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
  'KafkaJSStaleTopicMetadataAssignment',
]);

export function isTransient(error: unknown): boolean {
  if (error instanceof AppError) return error.retriable;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; retriable?: boolean; type?: string };
  if (e.type === 'INVALID_PRODUCER_EPOCH' || e.type === 'PRODUCER_FENCED' || e.type === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED')
    return false;
  return e.retriable === true || KAFKAJS_TRANSIENT.has(e.name ?? '');
}
