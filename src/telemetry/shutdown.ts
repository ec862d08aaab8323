/**
 * Ctrl-C / SIGTERM handling for long-running scripts: the first signal aborts the returned
 * signal so the script stops fetching, flushes and disconnects; a second one exits at once.
 */
export function shutdownSignal(onFirst?: (signal: NodeJS.Signals) => void): AbortSignal {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`\nSecond ${signal}: exiting now.\n`);
      process.exit(130);
    }
    onFirst?.(signal);
    controller.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return controller.signal;
}

/** Resolves when the signal aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
