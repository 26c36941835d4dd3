import type { Arg } from 'dockerfile-ast';
import type { DockerFile, OffsetRange } from '../../../engine/types';

export interface ArgValue {
  value: string;
  /** Where the default was written, for related locations. */
  range: OffsetRange;
}

/** `ARG NAME=default` lines before the first FROM: the only ones a FROM line can use. */
export function globalArgs(file: DockerFile): Map<string, ArgValue> {
  const vars = new Map<string, ArgValue>();
  for (const arg of file.dockerfile.getInitialARGs() as Arg[]) {
    const property = arg.getProperty();
    const value = property?.getValue();
    const range = property?.getValueRange();
    if (property && value !== null && value !== undefined && range) {
      vars.set(property.getName(), { value, range: { start: file.offsetAt(range.start), end: file.offsetAt(range.end) } });
    }
  }
  return vars;
}

export interface Resolved {
  /** The text with every variable substituted, or undefined when one has no known value. */
  value: string | undefined;
  /** The ARG defaults that were used. */
  used: ArgValue[];
}

/**
 * Substitutes `$X`, `${X}`, `${X:-default}` and `${X:+alt}` as the builder does when no
 * `--build-arg` is given. A variable without a default makes the result unknown.
 */
export function resolveVariables(text: string, vars: ReadonlyMap<string, ArgValue>): Resolved {
  const used: ArgValue[] = [];
  let unknown = false;
  const value = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}$]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const known = vars.get(name);
      if (known && known.value !== '') used.push(known);
      const current = known?.value ?? '';
      if (op === '-') return current !== '' ? current : (word ?? '');
      if (op === '+') return current !== '' ? (word ?? '') : '';
      if (!known) unknown = true;
      return current;
    },
  );
  return { value: unknown ? undefined : value, used };
}
