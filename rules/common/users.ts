/**
 * Whether a user setting names root: Dockerfile `USER`, compose `user:`, anything written
 * `user[:group]` with a name or a UID.
 */

/**
 * `root` or UID 0 (`0`, `00`), with or without a group: the group does not matter, the user is
 * root whatever it is (`root:wheel`, `0:1000`). Names are compared without case, as before.
 */
export function isRootUser(value: string | number): boolean {
  if (typeof value === 'number') return value === 0;
  const user = value.trim().split(':')[0].toLowerCase();
  return user === 'root' || /^0+$/.test(user);
}
