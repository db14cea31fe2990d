import { describe, expect, it } from 'vitest';
import { safeError, scrubMessage } from '../../shared/http/log-safety';

describe('what an error log line may carry', () => {
  it.each([
    // A JSON parser quotes the text it refused.
    [`Unexpected token 'N', "Nguyễn Văn A"... is not valid JSON`, 'Unexpected token [quoted], [quoted]... is not valid JSON'],
    ['no mail to an.nguyen@example.vn on 1975-03-02 or 02/03/1975', 'no mail to [email] on [date] or [date]'],
    ['card 001075012345 refused', 'card [number] refused'],
    ["Cannot read properties of undefined (reading 'id')", 'Cannot read properties of undefined (reading [quoted])'],
  ])('%s', (message, scrubbed) => {
    expect(scrubMessage(message, [])).toBe(scrubbed);
  });

  it("removes the request's own values, whatever their shape", () => {
    expect(scrubMessage('cannot store Trần Bình for unit Văn phòng', ['Văn phòng', 'Trần Bình'])).toBe('cannot store [input] for unit [input]');
  });

  it('keeps the type, code, status and frames of an error and its cause, never its other properties', () => {
    const cause = Object.assign(new Error('item rejected'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 }, Item: { fullName: 'X Y' } });
    const logged = safeError(new Error('write failed', { cause }), []);
    expect(logged).toMatchObject({ name: 'Error', message: 'write failed', cause: { name: 'ValidationException', httpStatusCode: 400 } });
    expect((logged.stack as string[]).every((line) => line.startsWith('at '))).toBe(true);
    expect(JSON.stringify(logged)).not.toContain('X Y');
  });
});
