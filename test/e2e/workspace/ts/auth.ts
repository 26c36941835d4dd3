import jwt from 'jsonwebtoken';

export function issue(userId: string): string {
  return jwt.sign({ sub: userId }, 'super-secret-signing-key', { expiresIn: '15m' });
}
