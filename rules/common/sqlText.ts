/**
 * Whether constant text reads as SQL: one keyword judgement for every language, so a query
 * that Go code builds is recognised exactly as the same query built in TypeScript.
 */
import { followedBy } from './linearText';

/**
 * A statement (SELECT…FROM, INSERT [IGNORE] INTO, UPDATE…SET, DELETE FROM, DROP/TRUNCATE/ALTER
 * TABLE), a clause that starts the text (`WHERE`, `AND`, `ORDER BY`, `LIMIT`… appended to a
 * query built elsewhere), or a WHERE followed by a comparison.
 */
export function looksLikeSql(text: string): boolean {
  const t = text.toLowerCase();
  return (
    followedBy(t, /\bselect\b/g, /\bfrom\b/g) ||
    /\binsert\s+(ignore\s+)?into\b/.test(t) ||
    followedBy(t, /\bupdate\b/g, /\bset\b/g) ||
    /\bdelete\s+from\b/.test(t) ||
    /\b(drop|truncate|alter)\s+table\b/.test(t) ||
    /^\s*(where|and|or|order\s+by|group\s+by|limit)\b/.test(t) ||
    followedBy(t, /\bwhere\b/g, /=|<|>|\blike\b|\bin\b|\bis\b/g)
  );
}

/** A clause fragment for query-builder sinks (`where("name = '" + x + "'")`): SQL, or a bare comparison or ordering. */
export function looksLikeSqlFragment(text: string): boolean {
  return looksLikeSql(text) || /(=|<>|!=|<|>|\blike\b|\bin\s*\(|\bis\b|\basc\b|\bdesc\b)/i.test(text);
}
