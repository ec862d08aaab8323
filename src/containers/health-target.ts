/**
 * What the image's HEALTHCHECK asks, per component. The check runs beside PID 1, so it
 * learns the component from PID 1's command line and the port from the same flag or environment
 * variable the component itself reads. One-shot commands have no endpoint and count as healthy.
 */
export const Component = {
  PRODUCE: 'produce',
  CLASSIFY: 'classify',
  SINK: 'sink',
  DASHBOARD: 'dashboard',
  SCHEMAS: 'schemas',
} as const;
export type Component = (typeof Component)[keyof typeof Component];

export interface HealthTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

type Env = Readonly<Record<string, string | undefined>>;

const components = new Set<string>(Object.values(Component));

/** PID 1 runs `node --import tsx scripts/<component>.ts ...`; /proc/1/cmdline separates args with NUL. */
export function parseCmdline(raw: string): { component?: Component; args: string[] } {
  const argv = raw.split('\0').filter(Boolean);
  const index = argv.findIndex((arg) => /(^|\/)scripts\/[a-z-]+\.ts$/.test(arg));
  if (index < 0) return { args: [] };
  const name = argv[index]!.replace(/^.*scripts\//, '').replace(/\.ts$/, '');
  return { component: components.has(name) ? (name as Component) : undefined, args: argv.slice(index + 1) };
}

/** `--flag value` or `--flag=value`, the last one wins (as in the scripts' own parser). */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === `--${flag}`) value = args[i + 1];
    else if (arg.startsWith(`--${flag}=`)) value = arg.slice(flag.length + 3);
  });
  return value;
}

function port(args: readonly string[], flag: string, env: string | undefined, fallback: number): number | undefined {
  const raw = flagValue(args, flag) ?? (env === '' ? undefined : env);
  const value = raw === undefined ? fallback : Number(raw);
  return Number.isInteger(value) && value > 0 && value <= 65_535 ? value : undefined;
}

export function healthTarget(component: Component | undefined, args: readonly string[], env: Env): HealthTarget | undefined {
  switch (component) {
    case Component.CLASSIFY:
      return local(port(args, 'metrics-port', env.CLASSIFY_METRICS_PORT, 9464), '/healthz');
    case Component.SINK:
      return local(port(args, 'metrics-port', env.SINK_METRICS_PORT, 9465), '/healthz');
    case Component.DASHBOARD: {
      const token = flagValue(args, 'token') ?? env.STREAMSENSE_DASHBOARD_TOKEN;
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return local(port(args, 'port', env.STREAMSENSE_DASHBOARD_PORT, 3000), '/api/health', headers);
    }
    default:
      return undefined;
  }
}

function local(portNumber: number | undefined, path: string, headers: Record<string, string> = {}): HealthTarget | undefined {
  return portNumber === undefined ? undefined : { url: `http://127.0.0.1:${portNumber}${path}`, headers };
}
