import type { NextFunction, Request, Response } from 'express';
import jwt, { type JwtPayload } from 'jsonwebtoken';

// Threats BS-18, BS-19: falls back to a signing key written in the source.
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
  // Threat BS-20: no expiresIn, the token never expires.
  const token = jwt.sign({ sub: username, admin: username === 'admin' }, JWT_SECRET, { issuer: ISSUER });
  res.json({ token });
}

const ISSUER = 'booksstore-web';
// Threat BS-21: the 1.x mobile app sends unsigned tokens; "temporarily" still accepted.
const MOBILE_ALGORITHMS: jwt.Algorithm[] = ['HS256', 'none'];

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
    res.locals.user = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], issuer: ISSUER }) as BooksClaims;
    next();
  } catch {
    res.status(401).end();
  }
}

/** Threat BS-23: decodes without verifying, then trusts the admin claim. */
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

/** Threats BS-20, BS-22: refresh accepts expired tokens and does not check who issued them. */
export function refresh(req: Request, res: Response): void {
  const token = bearer(req);
  if (!token) return void res.status(401).end();
  try {
    const claims = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], ignoreExpiration: true }) as BooksClaims;
    res.json({ token: jwt.sign({ sub: claims.sub, admin: claims.admin }, JWT_SECRET, { expiresIn: '15m', issuer: ISSUER }) });
  } catch {
    res.status(401).end();
  }
}

/** Threat BS-21: the mobile API accepts alg "none". */
export function requireMobileUser(req: Request, res: Response, next: NextFunction): void {
  try {
    res.locals.user = jwt.verify(bearer(req) ?? '', JWT_SECRET, { algorithms: MOBILE_ALGORITHMS, issuer: ISSUER });
    next();
  } catch {
    res.status(401).end();
  }
}
