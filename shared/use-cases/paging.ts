/** Offset cursors for lists computed in memory (units, flags, audit). Opaque to clients. */
import { BadRequestError } from '../domain/errors';
import type { Page } from '../ports';

export function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o;
  } catch {
    // fall through
  }
  throw new BadRequestError(
    'cursor không hợp lệ: hãy dùng nextCursor của trang trước (invalid cursor)',
    [{ path: 'cursor', message: 'Invalid cursor' }],
    'INVALID_CURSOR',
  );
}

export function pageByOffset<T>(all: T[], offset: number, limit: number): Page<T> {
  const items = all.slice(offset, offset + limit);
  const next = offset + limit;
  return {
    items,
    nextCursor: next < all.length ? Buffer.from(JSON.stringify({ o: next })).toString('base64url') : undefined,
  };
}
