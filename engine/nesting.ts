import type { FileFamily } from './languages';

/**
 * Deepest nesting a file may have to be analysed. Real manifests and code stay far below; the
 * YAML parser recurses per level and overflows the stack somewhere past 750, and every level
 * makes tree-sitter's parent lookups slower, so deeper files are skipped with a notice.
 */
export const MAX_NESTING_DEPTH = 400;

/**
 * An estimate, in one linear pass without parsing, of how deeply a file nests: brackets of
 * every kind outside strings and comments, plus (for YAML) block indentation levels and
 * compact `- - -` sequences. Stops counting once past `limit`.
 */
export function nestingDepth(text: string, family: FileFamily, limit = MAX_NESTING_DEPTH): number {
  const yaml = family === 'yaml';
  const hashComments = yaml || family === 'dockerfile';
  const slashComments = family === 'go' || family === 'typescript';
  let flow = 0;
  let max = 0;
  const indents: number[] = [];
  let i = 0;
  while (i < text.length) {
    // Start of a line: YAML block structure.
    let lineStart = i;
    let block = 0;
    if (yaml) {
      let indent = 0;
      while (text[i] === ' ') {
        i++;
        indent++;
      }
      if (text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#' && i < text.length && flow === 0) {
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        let dashes = 0;
        while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n')) {
          dashes++;
          i += 2;
          while (text[i] === ' ') i++;
        }
        block = indents.length + dashes;
      } else block = indents.length;
      lineStart = i;
    }
    // Rest of the line (strings may run across lines).
    for (; i < text.length && text[i] !== '\n'; i++) {
      const c = text[i];
      if (c === '[' || c === '{' || c === '(') {
        flow++;
        max = Math.max(max, block + flow);
        if (max > limit) return max;
      } else if (c === ']' || c === '}' || c === ')') {
        flow = Math.max(0, flow - 1);
      } else if ((hashComments && c === '#' && (i === lineStart || /\s/.test(text[i - 1]))) || (slashComments && c === '/' && text[i + 1] === '/')) {
        while (i < text.length && text[i] !== '\n') i++;
        break;
      } else if (slashComments && c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? text.length : close + 1;
      } else if ((c === '"' || c === "'" || (c === '`' && !hashComments)) && (!yaml || i === lineStart || /[\s[{,:]/.test(text[i - 1]))) {
        i = stringEnd(text, i, c, yaml || c === '`');
      }
    }
    max = Math.max(max, block);
    if (max > limit) return max;
    i++;
  }
  return max;
}

/** Index of the quote closing the string opened at `start` (or of the line end for single-line strings). */
function stringEnd(text: string, start: number, quote: string, multiline: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== "'") i++;
    else if (c === quote) return i;
    else if (c === '\n' && !multiline) return i - 1;
  }
  return text.length;
}
