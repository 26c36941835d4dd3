/**
 * Values computed once per analysis and shared by every rule on the file: indexes of a tree,
 * parsed RUN scripts, module bindings. The engine makes one memo per analysis and drops it with
 * the file, so nothing computed for one document outlives it or leaks into the next.
 */
export type Memo = <T>(key: object | symbol, compute: () => T) => T;

export function createMemo(): Memo {
  const values = new Map<object | symbol, unknown>();
  return <T>(key: object | symbol, compute: () => T): T => {
    if (values.has(key)) return values.get(key) as T;
    const value = compute();
    values.set(key, value);
    return value;
  };
}

/**
 * The memo of the analysis in progress, by what it parsed (the ParsedFile and its tree-sitter
 * Tree). Support helpers receive nodes, not contexts, so they find the memo through the node's
 * tree; the engine attaches it for the analysis and detaches it when the trees are freed.
 */
const attached = new WeakMap<object, Memo>();

export function attachMemo(owners: readonly object[], memo: Memo): () => void {
  for (const owner of owners) attached.set(owner, memo);
  return () => {
    for (const owner of owners) attached.delete(owner);
  };
}

/** The memo attached to `owner`; outside an analysis (a unit test parsing its own tree) a fresh one that keeps nothing. */
export function memoOf(owner: object): Memo {
  return attached.get(owner) ?? ((_key, compute) => compute());
}
