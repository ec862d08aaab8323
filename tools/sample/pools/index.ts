import type { TopicPool } from '../types.ts';
import { dailyLife } from './daily-life.ts';
import { economyJobs } from './economy-jobs.ts';
import { education } from './education.ts';
import { healthcare } from './healthcare.ts';
import { lockdowns } from './lockdowns.ts';
import { masks } from './masks.ts';
import { mentalHealth } from './mental-health.ts';
import { misinformation } from './misinformation.ts';
import { politics } from './politics.ts';
import { scienceResearch } from './science-research.ts';
import { sportsEntertainment } from './sports-entertainment.ts';
import { testingCases } from './testing-cases.ts';
import { travel } from './travel.ts';
import { vaccines } from './vaccines.ts';

export const POOLS: readonly TopicPool[] = [
  vaccines,
  lockdowns,
  testingCases,
  healthcare,
  masks,
  economyJobs,
  politics,
  education,
  travel,
  mentalHealth,
  misinformation,
  scienceResearch,
  dailyLife,
  sportsEntertainment,
];
