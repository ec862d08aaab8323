import { type ClassifyConfig, classifySpec } from '../classify/config.ts';
import { parseCli } from '../config/cli.ts';
import type { Connection } from '../config/connections.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { type ProduceConfig, produceSpec, sourceProblems } from '../produce/config.ts';
import { type SinkConfig, sinkSpec } from '../sink/config.ts';

/**
 * Configs for running the stages in-process (npm start, tests, benchmarks): the same parsing
 * and defaults as the scripts, given the services' addresses and per-stage flags.
 */
export interface StageConfigs {
  readonly produce: ProduceConfig;
  readonly classify: ClassifyConfig;
  readonly sink: SinkConfig;
}

/** Typed values set in code, per stage (what `npm start` decides), on top of env and defaults. */
export interface StageValues {
  readonly produce?: Partial<ProduceConfig>;
  readonly classify?: Partial<ClassifyConfig>;
  readonly sink?: Partial<SinkConfig>;
}

/**
 * Each stage's typed config built directly: its env and defaults (parsed by its own spec, no
 * flags), then `values`, then the services' addresses. Nothing goes back through strings.
 */
export function stageConfigsFor(connection: Connection, values: StageValues = {}, env: NodeJS.ProcessEnv = {}): StageConfigs {
  const base = <S extends Parameters<typeof parseCli>[0]>(spec: S) => {
    const parsed = parseCli(spec, [], env);
    if ('help' in parsed) throw new AppError(ErrorCode.INTERNAL, 'unexpected --help without flags');
    return parsed.config;
  };
  const services = { brokers: [...connection.kafkaBrokers], registryUrl: connection.registryUrl };
  const produce: ProduceConfig = Object.freeze({ ...(base(produceSpec) as ProduceConfig), ...values.produce, ...services });
  const problems = sourceProblems(produce);
  if (problems.length > 0) {
    const where = (key: keyof typeof produceSpec.options) => `--${produceSpec.options[key].flag} (env ${produceSpec.options[key].env})`;
    throw new AppError(
      ErrorCode.CONFIG,
      `Invalid configuration for ${produceSpec.command}:\n${problems.map((p) => `  - ${where(p.key)}: ${p.message}`).join('\n')}`,
    );
  }
  return {
    produce,
    classify: Object.freeze({ ...(base(classifySpec) as ClassifyConfig), ...values.classify, ...services }),
    sink: Object.freeze({ ...(base(sinkSpec) as SinkConfig), ...values.sink, ...services, mysqlUrl: connection.mysqlUrl }),
  };
}

/** As a script would parse them: `flags` per stage (for stages also started as scripts with the same flags). */
export function stageConfigs(
  connection: Connection,
  flags: { produce?: string[]; classify?: string[]; sink?: string[] } = {},
  env: NodeJS.ProcessEnv = {},
): StageConfigs {
  const conn = ['--brokers', connection.kafkaBrokers.join(','), '--registry-url', connection.registryUrl];
  const parse = (spec: Parameters<typeof parseCli>[0], argv: string[]) => {
    const parsed = parseCli(spec, [...argv, ...conn], env);
    if ('help' in parsed) throw new AppError(ErrorCode.INTERNAL, 'unexpected --help in stage flags');
    return parsed.config;
  };
  return {
    produce: parse(produceSpec, flags.produce ?? []) as ProduceConfig,
    classify: parse(classifySpec, flags.classify ?? []) as ClassifyConfig,
    sink: parse(sinkSpec, [...(flags.sink ?? []), '--mysql-url', connection.mysqlUrl]) as SinkConfig,
  };
}

/** Flags that point all three stages at one set of topics, groups and table. */
export function isolatedStageFlags(names: {
  raw: string;
  classified: string;
  rawDlq: string;
  classifiedDlq: string;
  classifyGroup: string;
  sinkGroup: string;
  table: string;
}): { produce: string[]; classify: string[]; sink: string[] } {
  return {
    produce: ['--topic', names.raw, '--dlq-topic', names.rawDlq],
    classify: [
      '--input-topic',
      names.raw,
      '--output-topic',
      names.classified,
      '--dlq-topic',
      names.rawDlq,
      '--group',
      names.classifyGroup,
      '--transactional-id',
      `${names.classifyGroup}-0`,
      '--metrics-port=-1',
    ],
    sink: [
      '--input-topic',
      names.classified,
      '--dlq-topic',
      names.classifiedDlq,
      '--group',
      names.sinkGroup,
      '--table',
      names.table,
      '--metrics-port=-1',
    ],
  };
}
