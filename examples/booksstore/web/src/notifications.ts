import type { IncomingMessage } from 'node:http';
import jwt from 'jsonwebtoken';

/** WebSocket handshake for order notifications. Threat BS-22: no algorithm allow-list. */
export function userFromHandshake(request: IncomingMessage): string | undefined {
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (!token) return undefined;
  try {
    const claims = jwt.verify(token, process.env.JWT_SECRET as string) as jwt.JwtPayload;
    return claims.sub;
  } catch {
    return undefined;
  }
}
