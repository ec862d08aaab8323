import { z } from 'zod';
import { readJsonFile } from '../common/read-json.ts';

/**
 * A topic taxonomy: any file of this shape replaces config/taxonomy.json with no code change.
 * Each topic's prototype is built from its label, description and examples.
 */
const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'topic ids are lower-case snake_case or kebab-case, e.g. "mental_health"'),
  label: z.string().min(1),
  description: z.string().min(1, 'describe the topic in a sentence; it is embedded as part of the prototype'),
  examples: z.array(z.string().min(1)).default([]),
});
export type Topic = z.infer<typeof topicSchema>;

export const taxonomySchema = z
  .strictObject({ topics: z.array(topicSchema).min(2, 'a taxonomy needs at least 2 topics') })
  .superRefine((tax, ctx) => {
    const seen = new Set<string>();
    tax.topics.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: ['topics', i, 'id'], message: `duplicate topic id "${t.id}"` });
      seen.add(t.id);
    });
  });
export type Taxonomy = z.infer<typeof taxonomySchema>;

export async function loadTaxonomy(path: string): Promise<Taxonomy> {
  return readJsonFile(path, taxonomySchema, 'taxonomy');
}

/** The texts whose embeddings are averaged into a topic's prototype. */
export function prototypeTexts(topic: Topic): string[] {
  return [`${topic.label}: ${topic.description}`, ...topic.examples];
}

/**
 * The description's list items, each under its lead: "Face masks and face coverings: mask
 * mandates, N95 and cloth masks" gives "Face masks and face coverings: mask mandates",
 * "...: N95", "...: cloth masks". The lead is the text before the first colon, or the label.
 * A short post about one item sits nearer that item than the whole description, so the
 * `background` fallback measures a post against these as well (topic-scorer.ts). Items that
 * repeat a prototype text are left out.
 */
export function descriptionPhrases(topic: Topic): string[] {
  const colon = topic.description.indexOf(':');
  const lead = colon > 0 ? topic.description.slice(0, colon).trim() : topic.label;
  const items = colon > 0 ? topic.description.slice(colon + 1) : topic.description;
  const own = new Set(prototypeTexts(topic));
  const phrases = items
    .split(/,|;| and /)
    .map((item) => item.trim().replace(/\.$/, ''))
    .filter((item) => item.length > 1)
    .map((item) => `${lead}: ${item}`)
    .filter((text) => !own.has(text));
  return [...new Set(phrases)];
}
