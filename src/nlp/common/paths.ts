import { fileURLToPath } from 'node:url';

/** Repository-relative defaults, resolved from this file so scripts work from any cwd. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const defaultPaths = {
  repoRoot,
  modelsDir: fileURLToPath(new URL('../../../models/', import.meta.url)),
  catalog: fileURLToPath(new URL('../../../config/models.json', import.meta.url)),
  taxonomy: fileURLToPath(new URL('../../../config/taxonomy.json', import.meta.url)),
  headsDir: fileURLToPath(new URL('../heads/', import.meta.url)),
} as const;

/** The committed sentiment head for an encoder: src/nlp/heads/sentiment-<encoder>.json. */
export function defaultHeadPath(encoder: string): string {
  return `${defaultPaths.headsDir}sentiment-${encoder}.json`;
}
