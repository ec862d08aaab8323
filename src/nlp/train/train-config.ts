/** `npm run train -- [options]`: the sentiment-head trainer's flags, parsed once at the edge. */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliSpec } from '../../config/cli.ts';
import { defaultPaths } from '../common/paths.ts';

export const DEFAULT_TRAIN_DATA = resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val');

export const trainSpec = {
  command: 'npm run train --',
  summary:
    'Trains a sentiment head on frozen encoder embeddings and reports k-fold CV macro-recall, accuracy and the positive-vs-negative forced choice; writes the head JSON unless --dry-run. Heads: softmax regression (L2 grid by CV) or a one-hidden-layer MLP (src/nlp/train/mlp-trainer.ts).',
  options: {
    data: {
      flag: 'data',
      description:
        'Labeled data: a TweetEval-style dir with one <split>_text.txt + <split>_labels.txt pair (or DIR/<split>_text.txt), a .jsonl of {text,label} or a text<TAB>label file',
      default: '../shared/data/tweeteval-sentiment-val',
    },
    encoder: { flag: 'encoder', description: "Encoder name from config/models.json (default: the config's)", example: 'minilm-tweet-q' },
    out: { flag: 'out', description: 'Head file to write (default: src/nlp/heads/sentiment-<encoder>.json)' },
    folds: { flag: 'folds', description: 'CV folds; 0 with --head mlp skips the CV (the held-out slice is reported)', default: '5' },
    l2: {
      flag: 'l2',
      description: 'Softmax: L2 penalties to try by CV, a comma list',
      default: '0.03,0.1,0.3,1,3',
      example: '0.001,0.01,0.1',
    },
    maxPerClass: {
      flag: 'max-per-class',
      description: 'Keep the first N examples of each class (embedding 47k tweets on 2 busy cores takes ~20 min)',
    },
    dryRun: { flag: 'dry-run', type: 'boolean', description: 'Report CV only, write nothing' },
    cache: {
      flag: 'cache',
      description: 'Embeddings cache (float32, keyed by encoder + sha256 of the texts): reused when it matches, else written',
      example: '/tmp/semeval-minilm-q.emb',
    },
    head: { flag: 'head', description: 'softmax or mlp', default: 'softmax' },
    hidden: { flag: 'hidden', description: 'MLP: hidden units', default: '256' },
    activation: { flag: 'activation', description: 'MLP: relu or gelu', default: 'relu' },
    dropout: { flag: 'dropout', description: 'MLP: dropout on the hidden units', default: '0.2' },
    weightDecay: { flag: 'weight-decay', description: 'MLP: decoupled (AdamW) weight decay', default: '1e-4' },
    lr: { flag: 'lr', description: 'MLP: learning rate', default: '1e-3' },
    epochs: { flag: 'epochs', description: 'MLP: most epochs', default: '60' },
    patience: { flag: 'patience', description: 'MLP: epochs without a better held-out loss before stopping', default: '6' },
    seed: { flag: 'seed', description: 'MLP: seed of the held-out split, initialisation, shuffling and dropout', default: '1' },
    members: { flag: 'members', description: 'MLP: members of a logit-averaging ensemble, stored as one wider MLP', default: '1' },
    balance: {
      flag: 'balance',
      description: 'Class weights of the loss proportional to n_c^-P: 1 class-balanced, 0 none (both heads)',
      default: '1',
    },
    inputDropout: { flag: 'input-dropout', description: 'MLP: dropout on the standardised inputs', default: '0' },
  },
  schema: z
    .strictObject({
      data: z.string().min(1).default(DEFAULT_TRAIN_DATA),
      encoder: z.string().min(1).optional(),
      out: z.string().min(1).optional(),
      folds: z.coerce.number().int().min(0).default(5),
      l2: z
        .string()
        .default('0.03,0.1,0.3,1,3')
        .transform((s) => s.split(',').map(Number))
        .pipe(z.array(z.number().nonnegative()).min(1)),
      maxPerClass: z.coerce.number().int().positive().optional(),
      dryRun: z.boolean().default(false),
      cache: z.string().min(1).optional(),
      head: z.enum(['softmax', 'mlp']).default('softmax'),
      hidden: z.coerce.number().int().positive().default(256),
      activation: z.enum(['relu', 'gelu']).default('relu'),
      dropout: z.coerce.number().min(0).max(0.9).default(0.2),
      weightDecay: z.coerce.number().nonnegative().default(1e-4),
      lr: z.coerce.number().positive().default(1e-3),
      epochs: z.coerce.number().int().positive().default(60),
      patience: z.coerce.number().int().positive().default(6),
      seed: z.coerce.number().int().default(1),
      members: z.coerce.number().int().positive().default(1),
      balance: z.coerce.number().min(0).max(1).default(1),
      inputDropout: z.coerce.number().min(0).max(0.9).default(0),
    })
    .refine((f) => f.folds !== 1 && (f.folds >= 2 || f.head === 'mlp'), {
      message: 'must be >= 2 (or 0 with --head mlp)',
      path: ['folds'],
    }),
} satisfies CliSpec<z.ZodType>;

export type TrainConfig = z.infer<typeof trainSpec.schema>;
