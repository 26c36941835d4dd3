/**
 * Text tests that regular expressions would do with quadratic backtracking on hostile input
 * (the ReDoS test checks every regex in the project), written to run in linear time.
 */

/**
 * Whether `second` matches somewhere after the first match of `first` (both with the `g` flag):
 * what `/a[\s\S]*b/` says, without retrying from every `a`.
 */
export function followedBy(text: string, first: RegExp, second: RegExp): boolean {
  first.lastIndex = 0;
  const match = first.exec(text);
  if (!match) return false;
  second.lastIndex = match.index + match[0].length;
  return second.test(text);
}

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSchemeCode = (c: number) => (isWordCode(c) && c !== 95) || c === 43 /* + */ || c === 46 /* . */ || c === 45; /* - */

/**
 * Offsets of every `://` preceded by a URL scheme (`\b[a-z][a-z0-9+.-]{min-1,max-1}` before it,
 * case-insensitive), in order. Each character is looked at a bounded number of times.
 */
export function* schemeSeparators(text: string, minLength = 1, maxLength = Number.POSITIVE_INFINITY): Generator<number> {
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let ok = false;
    for (let s = at - 1; s >= 0 && at - s <= maxLength && isSchemeCode(text.charCodeAt(s)); s--) {
      if (at - s >= minLength && isLetterCode(text.charCodeAt(s)) && (s === 0 || !isWordCode(text.charCodeAt(s - 1)))) ok = true;
    }
    if (ok) yield at;
  }
}

/**
 * The password of the first `scheme://user:password@` in the text (scheme 2–21 characters, user
 * 1–100 without whitespace `:/@`, password 1–200 without whitespace `@/`), with its offset.
 */
export function urlPassword(text: string): { index: number; value: string } | undefined {
  const stops = (c: string, extra: string) => /\s/.test(c) || extra.includes(c);
  for (const at of schemeSeparators(text, 2, 21)) {
    let i = at + 3;
    const userStart = i;
    while (i < text.length && i - userStart <= 100 && !stops(text[i], ':/@')) i++;
    if (i === userStart || i - userStart > 100 || text[i] !== ':') continue;
    const passwordStart = ++i;
    while (i < text.length && i - passwordStart <= 200 && !stops(text[i], '@/')) i++;
    if (i === passwordStart || i - passwordStart > 200 || text[i] !== '@') continue;
    return { index: passwordStart, value: text.slice(passwordStart, i) };
  }
  return undefined;
}

/** Whether some `://` is followed by `…@` before any whitespace or quote (user info in a URL). */
export function hasUrlUserInfo(text: string): boolean {
  let at = text.indexOf('://');
  while (at >= 0) {
    let i = at + 3;
    while (i < text.length && !/[\s'"`@]/.test(text[i])) i++;
    if (i > at + 3 && text[i] === '@') return true;
    // Any `://` inside the run just read stops at the same place: resume after it.
    at = text.indexOf('://', Math.max(i, at + 3));
  }
  return false;
}
