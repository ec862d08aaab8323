/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Yields one record
 * (array of fields) at a time with the line number it started on.
 */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

export function* parseCsv(text: string): Generator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let sawAny = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      sawAny = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      sawAny = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (sawAny || field !== '') yield { fields: [...fields, field], line: startLine };
      fields = [];
      field = '';
      sawAny = false;
      line++;
      startLine = line;
    } else {
      field += c;
      sawAny = true;
    }
  }
  if (sawAny || field !== '') yield { fields: [...fields, field], line: startLine };
}

/** Maps a CSV row with a header onto a PostInput-shaped object. */
export function csvRowToPost(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const get = (name: string) => {
    const i = header.indexOf(name);
    return i >= 0 ? fields[i] : undefined;
  };
  const hashtags = get('hashtags');
  return {
    id: get('id'),
    text: get('text'),
    created_at: get('created_at'),
    author: { id: get('author_id'), handle: get('author_handle') ?? get('author_id') },
    lang: get('lang') || null,
    hashtags: hashtags ? hashtags.split(/[\s;|]+/).filter(Boolean) : undefined,
  };
}
