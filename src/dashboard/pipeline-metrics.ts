/**
 * Optional pipeline metrics for the health panel: each configured `name=url` answers JSON
 * (e.g. a stage's throughput, consumer lag, dead-letter count, last error). The dashboard
 * passes it through; a stage that does not answer is reported, not fatal.
 */
export interface StageMetrics {
  name: string;
  url: string;
  ok: boolean;
  data?: unknown;
  error?: string;
}

export function parseMetricsEntry(entry: string): { name: string; url: string } {
  const at = entry.indexOf('=');
  return { name: entry.slice(0, at), url: entry.slice(at + 1) };
}

async function fetchOne(entry: string, timeoutMs: number): Promise<StageMetrics> {
  const { name, url } = parseMetricsEntry(entry);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { name, url, ok: false, error: `HTTP ${response.status}` };
    return { name, url, ok: true, data: await response.json() };
  } catch (error) {
    return { name, url, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function fetchPipelineMetrics(entries: readonly string[], timeoutMs = 800): Promise<StageMetrics[]> {
  return Promise.all(entries.map((entry) => fetchOne(entry, timeoutMs)));
}
