import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flagValue, healthTarget, parseCmdline } from '../../src/containers/health-target.ts';

const cmdline = (...argv: string[]) => `${argv.join('\0')}\0`;

test('the component and its flags come from PID 1, as the entrypoint starts it', () => {
  const parsed = parseCmdline(cmdline('node', '--import', 'tsx', 'scripts/classify.ts', '--metrics-port', '9500'));
  assert.equal(parsed.component, 'classify');
  assert.deepEqual(parsed.args, ['--metrics-port', '9500']);
  assert.equal(parseCmdline(cmdline('node', '--import', 'tsx', '/app/scripts/dashboard.ts')).component, 'dashboard');
});

test('an unknown script or a shell as PID 1 is no component', () => {
  assert.equal(parseCmdline(cmdline('node', '--import', 'tsx', 'scripts/stack.ts', 'up')).component, undefined);
  assert.equal(parseCmdline(cmdline('/bin/sh')).component, undefined);
});

test('flags win over the environment, the last flag wins, both spellings count', () => {
  assert.equal(flagValue(['--metrics-port=1', '--metrics-port', '2'], 'metrics-port'), '2');
  assert.equal(flagValue(['--port=8080'], 'port'), '8080');
  assert.equal(healthTarget('classify', ['--metrics-port=9600'], { CLASSIFY_METRICS_PORT: '9500' })?.url, 'http://127.0.0.1:9600/healthz');
});

test('each long-running component has its endpoint, defaults as in the scripts', () => {
  assert.equal(healthTarget('classify', [], {})?.url, 'http://127.0.0.1:9464/healthz');
  assert.equal(healthTarget('sink', [], { SINK_METRICS_PORT: '9470' })?.url, 'http://127.0.0.1:9470/healthz');
  assert.equal(healthTarget('dashboard', [], { STREAMSENSE_DASHBOARD_PORT: '' })?.url, 'http://127.0.0.1:3000/api/health');
});

test('the dashboard token is sent as a bearer token', () => {
  assert.deepEqual(healthTarget('dashboard', [], { STREAMSENSE_DASHBOARD_TOKEN: 's3cret' })?.headers, { authorization: 'Bearer s3cret' });
  assert.deepEqual(healthTarget('dashboard', [], {})?.headers, {});
});

test('one-shot commands and a disabled metrics port have nothing to ask', () => {
  assert.equal(healthTarget('produce', [], {}), undefined);
  assert.equal(healthTarget('schemas', [], {}), undefined);
  assert.equal(healthTarget(undefined, [], {}), undefined);
  assert.equal(healthTarget('classify', [], { CLASSIFY_METRICS_PORT: '-1' }), undefined);
  assert.equal(healthTarget('dashboard', ['--port', '0'], {}), undefined);
});
