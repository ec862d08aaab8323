/**
 * Throttled progress lines on stderr for long work: totals and the current rate, at most once
 * a second, plus a final line.
 */
export interface ProgressPrinter {
  update(total: number, extra?: Record<string, number | string>): void;
  done(): void;
}

export function createProgressPrinter(label: string, unit: string, intervalMs = 1_000): ProgressPrinter {
  const started = Date.now();
  let last = 0;
  let lastTotal = 0;
  let lastLine = '';
  const line = (total: number, extra: Record<string, number | string> = {}) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? (total / secs).toFixed(1) : '0';
    const rest = Object.entries(extra)
      .map(([k, v]) => ` ${k}=${v}`)
      .join('');
    return `[${label}] ${total} ${unit} in ${secs.toFixed(1)}s (${rate}/s)${rest}`;
  };
  return {
    update(total, extra) {
      lastTotal = total;
      lastLine = line(total, extra);
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      process.stderr.write(`${lastLine}\n`);
    },
    done() {
      process.stderr.write(`${lastLine || line(lastTotal)}\n`);
    },
  };
}
