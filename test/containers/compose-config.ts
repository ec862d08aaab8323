import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * compose.yaml as Compose itself resolves it (`docker-compose config`: anchors merged, variables
 * interpolated), read back as JSON with the YAML parser Compose ships with, so the container test
 * runs exactly the commands the compose file gives each app service (issue 8).
 */
export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context: string };
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly unknown[];
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly volumes?: readonly unknown[];
}

export interface ComposeConfig {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

export const APP_SERVICES = ['schemas', 'produce', 'classify', 'sink', 'dashboard'] as const;
export type AppService = (typeof APP_SERVICES)[number];

export async function composeConfig(file: string, cwd: string, image: string): Promise<ComposeConfig> {
  const { stdout } = await exec('docker-compose', ['-f', file, 'config'], { cwd, env: { ...process.env, STREAMSENSE_IMAGE: image } });
  const toJson = 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';
  const child = execFile('python3', ['-c', toJson], { maxBuffer: 16 << 20 });
  const json = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 yaml -> json exited with ${code}`))));
  });
  child.stdin!.end(stdout);
  return JSON.parse(await json) as ComposeConfig;
}

/** The component and arguments a compose app service runs. */
export function appCommand(config: ComposeConfig, service: AppService): readonly string[] {
  const command = config.services[service]?.command;
  if (!command || command.length === 0) throw new Error(`compose.yaml: service ${service} has no command`);
  return command;
}
