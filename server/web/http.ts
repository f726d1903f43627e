import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/webAssets';

/** HTTP status for each error code; the body always carries the code itself. */
export function statusFor(code: string): number {
  switch (code) {
    case 'VALIDATION':
    case 'UNKNOWN_METHOD':
      return 400;
    case 'UNAUTHENTICATED':
    case 'LOGIN_FAILED':
    case 'BAD_TOKEN':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'ALREADY_INITIALIZED':
    case 'USERNAME_TAKEN':
      return 409;
    case 'FILE_TOO_LARGE':
      return 413;
    case 'SESSION_LOCKED':
    case 'ACCOUNT_LOCKED':
      return 423;
    case 'INTERNAL':
      return 500;
    default:
      return 422;
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new AppError('FILE_TOO_LARGE', `The request is ${declared} bytes; the limit is ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new AppError('FILE_TOO_LARGE', `The request is over the ${limit}-byte limit.`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': data.length, 'cache-control': 'no-store' });
  res.end(data);
}

/** Headers every page and asset carries: a strict CSP and no framing, sniffing or referrers. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
