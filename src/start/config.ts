import { z } from 'zod';
import type { CliSpec } from '../config/cli.ts';
import { intFrom } from '../config/connections.ts';
import { DEFAULT_SAMPLE } from '../produce/config.ts';

export const startSpec = {
  command: 'npm start --',
  summary:
    'Runs everything on one machine: brings the local stack up (or uses running services), fetches the models if missing, starts classify, sink and the dashboard, replays the bundled sample through produce, prints live progress and, when the sample is done, a summary. Ctrl-C stops everything it started. A missing MariaDB server, Java or Maven is installed with apt-get first (as root or with passwordless sudo; STREAMSENSE_NO_INSTALL=1 prints the command instead; see docs/stack.md).',
  options: {
    source: {
      flag: 'source',
      env: 'START_SOURCE',
      description:
        'file: replay the sample. bluesky | mastodon: classify a live network until Ctrl-C (or --count); their filters come from the produce env (PRODUCE_LANG, PRODUCE_KEYWORDS, BLUESKY_*, MASTODON_*; docs/sources.md)',
      default: 'file',
    },
    live: {
      flag: 'live',
      env: 'START_LIVE',
      type: 'boolean',
      description: "Short for --source bluesky: Bluesky's public Jetstream, no key needed",
    },
    count: {
      flag: 'count',
      env: 'START_COUNT',
      description: 'Live sources: stop after this many items from the network; 0 = until Ctrl-C',
      default: '0',
    },
    follow: {
      flag: 'follow',
      env: 'START_FOLLOW',
      type: 'boolean',
      description: 'Keep consuming (and serving the dashboard) after the sample is done',
    },
    file: { flag: 'file', env: 'START_FILE', description: 'Posts to replay', default: DEFAULT_SAMPLE },
    rate: { flag: 'rate', env: 'START_RATE', description: 'Posts per second to replay at; 0 = as fast as possible', default: '0' },
    dashboard: { flag: 'no-dashboard', env: 'START_NO_DASHBOARD', type: 'boolean', description: 'Do not start the dashboard' },
    dashboardPort: { flag: 'dashboard-port', env: 'STREAMSENSE_DASHBOARD_PORT', description: 'Dashboard port', default: '3000' },
    timeoutS: {
      flag: 'timeout',
      env: 'START_TIMEOUT_S',
      description: 'Give up if the sample is not fully in MySQL after this many seconds',
      default: '900',
    },
  },
  schema: z
    .object({
      source: z.enum(['file', 'bluesky', 'mastodon']).default('file'),
      live: z.boolean().default(false),
      count: intFrom(0, Number.MAX_SAFE_INTEGER).default(0),
      follow: z.boolean().default(false),
      file: z.string().min(1).default(DEFAULT_SAMPLE),
      rate: z.coerce.number().min(0).default(0),
      dashboard: z
        .boolean()
        .default(false)
        .transform((noDashboard) => !noDashboard),
      dashboardPort: intFrom(0, 65_535).default(3000),
      timeoutS: intFrom(10, 86_400).default(900),
    })
    .strict()
    .transform(({ live, ...c }) => ({ ...c, source: live && c.source === 'file' ? ('bluesky' as const) : c.source })),
} satisfies CliSpec<z.ZodType>;

export type StartConfig = z.infer<typeof startSpec.schema>;
