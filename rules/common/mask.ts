/**
 * Secrets found in source are never printed in full: messages, logs and SARIF
 * show at most the first two characters and the length.
 */
export function maskSecret(value: string): string {
  if (value.length <= 4) return '*'.repeat(value.length);
  return `${value.slice(0, 2)}${'*'.repeat(Math.min(8, value.length - 2))} (${value.length} chars)`;
}
