import { AppError, ErrorCode } from '../errors/app-error.ts';
import { parseCli } from '../config/cli.ts';
import { classifySpec, type ClassifyConfig } from '../classify/config.ts';
import { produceSpec, type ProduceConfig } from '../produce/config.ts';
import { sinkSpec, type SinkConfig } from '../sink/config.ts';

/**
 * Configs for running the stages in-process (npm start, tests, benchmarks): the same parsing
 * and defaults as the scripts, given the services' addresses and per-stage flags.
 */
export interface Connection {
  readonly kafkaBrokers: readonly string[];
  readonly registryUrl: string;
  readonly mysqlUrl: string;
}

export interface StageConfigs {
  readonly produce: ProduceConfig;
  readonly classify: ClassifyConfig;
  readonly sink: SinkConfig;
}

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
    classify: ['--input-topic', names.raw, '--output-topic', names.classified, '--dlq-topic', names.rawDlq, '--group', names.classifyGroup, '--transactional-id', `${names.classifyGroup}-0`, '--metrics-port=-1'],
    sink: ['--input-topic', names.classified, '--dlq-topic', names.classifiedDlq, '--group', names.sinkGroup, '--table', names.table, '--metrics-port=-1'],
  };
}
