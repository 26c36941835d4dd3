import type { NextFunction, Request, Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';

// Seed row 18/19: falls back to a signing key written in the source.
const JWT_SECRET = process.env.JWT_SECRET || 'booksstore-dev-secret';

interface BooksClaims extends JwtPayload {
  sub: string;
  admin?: boolean;
}

export function login(req: Request, res: Response): void {
  const { username, password } = req.body as { username?: string; password?: string };
  if (!username || !password) {
    res.status(400).json({ error: 'username and password are required' });
    return;
  }
  // Seed row 20: no expiresIn, the token never expires.
  const token = jwt.sign({ sub: username, admin: username === 'admin' }, JWT_SECRET);
  res.json({ token });
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** Correct: verifies signature, algorithm and expiry. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  const token = bearer(req);
  if (!token) {
    res.status(401).end();
    return;
  }
  try {
    res.locals.user = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] }) as BooksClaims;
    next();
  } catch {
    res.status(401).end();
  }
}

/** Seed row 23: decodes without verifying, then trusts the admin claim. */
export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  const token = bearer(req);
  const claims = token ? (jwt.decode(token) as BooksClaims | null) : null;
  if (!claims || !claims.admin) {
    res.status(403).json({ error: 'admins only' });
    return;
  }
  res.locals.user = claims;
  next();
}
