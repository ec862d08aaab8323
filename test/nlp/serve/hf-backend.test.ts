import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { describe, it } from 'node:test';
import { type AppError, isAppError } from '../../../src/errors/app-error.ts';
import type { HfBackendOptionsInput } from '../../../src/nlp/serve/backends/hf.ts';
import { createHfTextClassification, createHfZeroShot, hfBackendOptionsSchema } from '../../../src/nlp/serve/backends/hf.ts';
import type { LabelScore } from '../../../src/nlp/serve/backends/types.ts';
import type { FakeHfServerOptions } from '../../helpers/fake-hf-server.ts';
import { startFakeHfServer } from '../../helpers/fake-hf-server.ts';

const TC_MODEL = 'cardiffnlp/twitter-roberta-base-sentiment-latest';
const ZS_MODEL = 'facebook/bart-large-mnli';
const TOKEN = 'hf_test_token';
const ENV = { HF_TOKEN: TOKEN };
const FAST = { retries: 3, initialBackoffMs: 1, maxBackoffMs: 5, timeoutMs: 2_000 } as const;

async function fakeHf(t: TestContext, options: Partial<FakeHfServerOptions> = {}) {
  const server = await startFakeHfServer({
    models: { [TC_MODEL]: 'text-classification', [ZS_MODEL]: 'zero-shot-classification' },
    token: TOKEN,
    ...options,
  });
  t.after(() => server.close());
  return server;
}

function textBackend(t: TestContext, options: HfBackendOptionsInput, env: Record<string, string> = ENV) {
  const backend = createHfTextClassification({ ...FAST, ...options }, { env });
  t.after(() => backend.close());
  return backend;
}

function zeroShotBackend(t: TestContext, options: HfBackendOptionsInput, env: Record<string, string> = ENV) {
  const backend = createHfZeroShot({ ...FAST, ...options }, { env });
  t.after(() => backend.close());
  return backend;
}

function assertBestFirst(scores: readonly LabelScore[]): void {
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1].score >= scores[i].score, `not best first: ${JSON.stringify(scores)}`);
}

/** Asserts an AppError and hands it back for further checks. */
async function rejection(promise: Promise<unknown>): Promise<AppError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return isAppError(error);
  });
  return caught as AppError;
}

describe('hf text classification', () => {
  it('answers every label best first, in input order, one authorised request per text', async (t) => {
    const server = await fakeHf(t);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    const texts = ['I love this', 'I hate this', 'just a post'];
    const answers = await backend.classify(texts);
    assert.equal(backend.name, `hf:${TC_MODEL}`);
    assert.deepEqual(
      answers.map((a) => a[0].label),
      ['positive', 'negative', 'neutral'],
    );
    for (const answer of answers) {
      assertBestFirst(answer);
      assert.deepEqual(answer.map((s) => s.label).sort(), ['negative', 'neutral', 'positive']);
    }
    assert.deepEqual(answers[0][0], { label: 'positive', score: 0.9 });
    assert.equal(server.requests.length, 3);
    for (const request of server.requests) {
      assert.equal(request.path, `/models/${TC_MODEL}`);
      assert.equal(request.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.contentType, 'application/json');
    }
    assert.deepEqual(
      server.requests.map((r) => r.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [{ inputs: 'I hate this' }, { inputs: 'I love this' }, { inputs: 'just a post' }],
    );
  });

  it('accepts the flat [{label,score}] answer of TEI and Inference Endpoints', async (t) => {
    const server = await fakeHf(t, { textShape: 'flat' });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    const [answer] = await backend.classify(['awful service']);
    assert.equal(answer[0].label, 'negative');
    assert.equal(answer.length, 3);
    assertBestFirst(answer);
  });

  it('sends no Authorization header to a custom endpoint when no token is set', async (t) => {
    const server = await fakeHf(t, { token: undefined });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) }, {});
    const [answer] = await backend.classify(['great']);
    assert.equal(answer[0].label, 'positive');
    assert.equal(server.requests[0].authorization, undefined);
  });

  it('sends nothing for an empty batch', async (t) => {
    const server = await fakeHf(t);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    assert.deepEqual(await backend.classify([]), []);
    assert.equal(server.requests.length, 0);
  });
});

describe('hf zero-shot classification', () => {
  it('sends candidate labels, multi_label and the template; the label found in the text wins', async (t) => {
    const server = await fakeHf(t);
    const backend = zeroShotBackend(t, { model: ZS_MODEL, endpointUrl: server.modelUrl(ZS_MODEL) });
    const labels = ['politics', 'sports', 'economy'];
    const answers = await backend.classify(['Big SPORTS news tonight', 'nothing in particular'], labels, {
      hypothesisTemplate: 'This post is about {}.',
    });
    assert.equal(answers[0][0].label, 'sports');
    assert.ok(answers[0][0].score > 0.6);
    for (const answer of answers) {
      assertBestFirst(answer);
      assert.deepEqual(answer.map((s) => s.label).sort(), [...labels].sort());
      assert.ok(Math.abs(answer.reduce((sum, s) => sum + s.score, 0) - 1) < 1e-9);
    }
    assert.equal(server.requests.length, 2);
    for (const request of server.requests) {
      assert.equal(request.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual((request.body as { parameters: unknown }).parameters, {
        candidate_labels: labels,
        multi_label: false,
        hypothesis_template: 'This post is about {}.',
      });
    }
  });

  it('accepts the [{label,score}] answer and sends multi_label: true', async (t) => {
    const server = await fakeHf(t, { zeroShotShape: 'list' });
    const backend = zeroShotBackend(t, { model: ZS_MODEL, endpointUrl: server.modelUrl(ZS_MODEL) });
    const [answer] = await backend.classify(['economy and politics'], ['sports', 'politics', 'economy'], { multiLabel: true });
    assert.deepEqual(
      answer.map((s) => s.score),
      [0.95, 0.95, 0.05],
    );
    assert.equal(answer[2].label, 'sports');
    const body = server.requests[0].body as { inputs: string; parameters: Record<string, unknown> };
    assert.equal(body.inputs, 'economy and politics');
    assert.deepEqual(body.parameters, { candidate_labels: ['sports', 'politics', 'economy'], multi_label: true });
  });

  it('refuses an empty candidate list without a request', async (t) => {
    const server = await fakeHf(t);
    const backend = zeroShotBackend(t, { model: ZS_MODEL, endpointUrl: server.modelUrl(ZS_MODEL) });
    const error = await rejection(backend.classify(['x'], []));
    assert.equal(error.code, 'INVALID_INPUT');
    assert.equal(server.requests.length, 0);
  });
});

describe('hf backend failures', () => {
  it('retries 429 with backoff and then succeeds', async (t) => {
    const server = await fakeHf(t);
    server.failNext(2, 429, { error: 'Rate limit reached', headers: { 'retry-after': '0' } });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    const [answer] = await backend.classify(['love it']);
    assert.equal(answer[0].label, 'positive');
    assert.equal(server.requests.length, 3);
  });

  for (const status of [500, 503]) {
    it(`gives up on a persistent ${status} after retries + 1 requests, naming model and URL`, async (t) => {
      const server = await fakeHf(t);
      server.failNext(100, status);
      const url = server.modelUrl(TC_MODEL);
      const backend = textBackend(t, { model: TC_MODEL, endpointUrl: url, retries: 2 });
      const error = await rejection(backend.classify(['love it']));
      assert.equal(server.requests.length, 3, 'the library must not re-send a 503 by itself');
      assert.equal(error.code, 'SERVICE_UNAVAILABLE');
      assert.match(error.message, /Gave up after 3 attempts/);
      assert.match(error.message, new RegExp(`HTTP ${status}`));
      assert.ok(error.message.includes(TC_MODEL) && error.message.includes(url), error.message);
      const last = error.cause as AppError;
      assert.equal(last.code, 'REMOTE_API');
      assert.equal(last.retriable, true);
      assert.deepEqual(last.context, { model: TC_MODEL, url, status });
    });
  }

  it('fails a bad token (401) at once, naming the env var, and cancels the rest of the batch', async (t) => {
    const server = await fakeHf(t, { token: 'hf_the_right_one' });
    const backend = textBackend(
      t,
      { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL), tokenEnv: 'MY_HF_TOKEN', concurrency: 1 },
      { MY_HF_TOKEN: 'hf_wrong' },
    );
    const error = await rejection(backend.classify(['a', 'b', 'c']));
    assert.equal(error.code, 'CONFIG');
    assert.equal(error.retriable, false);
    assert.match(error.message, /MY_HF_TOKEN/);
    assert.match(error.message, /invalid or lacks access/);
    assert.match(error.message, /huggingface\.co\/settings\/tokens/);
    assert.ok(error.message.includes(TC_MODEL));
    await new Promise((resolve) => setTimeout(resolve, 50)); // let any stray request arrive
    assert.equal(server.requests.length, 1);
  });

  it('says the token is missing when a custom endpoint answers 401 and none is set', async (t) => {
    const server = await fakeHf(t);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) }, {});
    const error = await rejection(backend.classify(['a']));
    assert.equal(error.code, 'CONFIG');
    assert.match(error.message, /needs a token and HF_TOKEN is not set/);
    assert.equal(server.requests.length, 1);
  });

  it('fails an unknown model (404) at once with the model id and URL', async (t) => {
    const server = await fakeHf(t);
    const url = server.modelUrl('nobody/no-such-model');
    const backend = zeroShotBackend(t, { model: 'nobody/no-such-model', endpointUrl: url });
    const error = await rejection(backend.classify(['a'], ['x']));
    assert.equal(error.code, 'CONFIG');
    assert.match(error.message, /Model nobody\/no-such-model was not found/);
    assert.match(error.message, /model id is wrong or this endpoint does not serve it/);
    assert.ok(error.message.includes(url));
    assert.equal(server.requests.length, 1);
  });

  it('does not retry a 400', async (t) => {
    const server = await fakeHf(t);
    server.failNext(5, 400, { error: 'Input too long' });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    const error = await rejection(backend.classify(['a']));
    assert.equal(error.code, 'REMOTE_API');
    assert.equal(error.retriable, false);
    assert.match(error.message, /HTTP 400 \(not retried\): Input too long/);
    assert.equal(server.requests.length, 1);
  });

  it('needs a token for the hosted API and says at once where to get one', () => {
    for (const create of [createHfTextClassification, createHfZeroShot]) {
      assert.throws(
        () => create({ model: TC_MODEL }, { env: {} }),
        (error: unknown) => {
          assert.ok(isAppError(error));
          assert.equal(error.code, 'CONFIG');
          assert.match(error.message, /set HF_TOKEN to a token from https:\/\/huggingface\.co\/settings\/tokens/);
          assert.ok(error.message.includes(TC_MODEL));
          return true;
        },
      );
    }
    assert.throws(() => createHfZeroShot({ model: ZS_MODEL, tokenEnv: 'OTHER_TOKEN' }, { env: { HF_TOKEN: TOKEN } }), /set OTHER_TOKEN/);
    assert.equal(createHfZeroShot({ model: ZS_MODEL }, { env: ENV }).name, `hf:${ZS_MODEL}`);
  });

  it('times out a slow answer, retries, and then gives up', async (t) => {
    const server = await fakeHf(t);
    server.delayNext(3, 1_500);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL), timeoutMs: 100, retries: 2 });
    const started = Date.now();
    const error = await rejection(backend.classify(['love']));
    assert.ok(Date.now() - started < 1_000, 'each attempt is cut at timeoutMs');
    assert.equal(server.requests.length, 3);
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.match(error.message, /timed out after 100 ms/);
  });

  it('recovers when only the first answer is too slow', async (t) => {
    const server = await fakeHf(t);
    server.delayNext(1, 1_500);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL), timeoutMs: 100 });
    const [answer] = await backend.classify(['hate']);
    assert.equal(answer[0].label, 'negative');
    assert.equal(server.requests.length, 2);
  });

  it('retries when the endpoint cannot be reached', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const backend = createHfTextClassification(
      { ...FAST, model: TC_MODEL, endpointUrl: `http://127.0.0.1:${port}/models/${TC_MODEL}`, retries: 1 },
      { env: ENV },
    );
    const error = await rejection(backend.classify(['a']));
    assert.equal(error.code, 'SERVICE_UNAVAILABLE');
    assert.match(error.message, /Gave up after 2 attempts/);
    assert.match(error.message, new RegExp(`Could not reach http://127\\.0\\.0\\.1:${port}/models/`));
    assert.match(error.message, /ECONNREFUSED/);
  });
});

describe('hf backend limits and lifecycle', () => {
  it('keeps at most `concurrency` requests in flight across calls, answers in input order', async (t) => {
    const server = await fakeHf(t, { delayMs: 40 });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL), concurrency: 3 });
    const texts = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? `love #${i}` : `hate #${i}`));
    const [first, second] = await Promise.all([backend.classify(texts), backend.classify(texts.slice().reverse())]);
    assert.equal(server.requests.length, 12);
    assert.equal(server.maxInFlight, 3);
    assert.deepEqual(
      first.map((a) => a[0].label),
      texts.map((_, i) => (i % 2 === 0 ? 'positive' : 'negative')),
    );
    assert.deepEqual(
      second.map((a) => a[0].label),
      first.map((a) => a[0].label).reverse(),
    );
  });

  it('with concurrency 1 sends one request at a time', async (t) => {
    const server = await fakeHf(t, { delayMs: 40 });
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL), concurrency: 1 });
    await backend.classify(['a', 'b', 'c']);
    assert.equal(server.maxInFlight, 1);
  });

  it('close() cancels in-flight and later requests', async (t) => {
    const server = await fakeHf(t);
    server.delayNext(1, 1_500);
    const backend = textBackend(t, { model: TC_MODEL, endpointUrl: server.modelUrl(TC_MODEL) });
    const pending = backend.classify(['slow']);
    // Close once the request is in flight (its answer is held back 1.5 s), not after a guessed delay.
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    void backend.close();
    await rejection(pending);
    assert.ok(Date.now() - started < 1_000);
    const error = await rejection(backend.classify(['later']));
    assert.match(error.message, /cancelled: the backend was closed/);
    assert.equal(server.requests.length, 1);
  });
});

describe('hfBackendOptionsSchema', () => {
  it('fills the defaults', () => {
    assert.deepEqual(hfBackendOptionsSchema.parse({ model: ZS_MODEL }), {
      model: ZS_MODEL,
      tokenEnv: 'HF_TOKEN',
      timeoutMs: 30_000,
      retries: 4,
      concurrency: 4,
      initialBackoffMs: 500,
      maxBackoffMs: 10_000,
    });
  });

  it('rejects unknown keys, URLs as model ids and bad env var names', () => {
    assert.equal(hfBackendOptionsSchema.safeParse({ model: ZS_MODEL, extra: 1 }).success, false);
    assert.equal(hfBackendOptionsSchema.safeParse({ model: 'https://example.com/m' }).success, false);
    assert.equal(hfBackendOptionsSchema.safeParse({ model: ZS_MODEL, tokenEnv: 'not-a-var' }).success, false);
    assert.equal(hfBackendOptionsSchema.safeParse({ model: ZS_MODEL, endpointUrl: 'ftp://host/x' }).success, false);
  });

  it('lets the factories take a whole task config and lists every problem', () => {
    const taskConfig = { backend: 'hf', method: 'zero-shot', model: ZS_MODEL, endpointUrl: 'http://127.0.0.1:1/x', topK: 3 };
    assert.equal(createHfZeroShot(taskConfig, { env: {} }).name, `hf:${ZS_MODEL}`);
    assert.throws(
      () => createHfTextClassification({ model: '', concurrency: 0 }, { env: ENV }),
      (error: unknown) => {
        assert.ok(isAppError(error));
        assert.equal(error.code, 'CONFIG');
        assert.match(error.message, /model: .*; concurrency: /);
        return true;
      },
    );
  });
});
