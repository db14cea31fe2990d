/**
 * Ids and employee codes are unique across the whole table, so creating one that is taken must fail; but the answer
 * must not tell what exists outside the caller's scope. A collision with something the caller can see names it; a
 * collision with anything else is the same generic ID_UNAVAILABLE, whatever holds the id.
 */
import { ConflictError } from '../domain/errors';

export async function hideUnseen<T>(write: () => Promise<T>, codes: string[], visible: () => Promise<boolean>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ConflictError && codes.includes(error.code) && !(await visible()))
      throw new ConflictError('ID_UNAVAILABLE', 'Mã này không dùng được; hãy chọn mã khác (this id cannot be used)', {
        cause: error,
      });
    throw error;
  }
}
