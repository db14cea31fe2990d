/**
 * Dates of year 0000 or 9999 used to pass validation and crash the date arithmetic (a 500). Dates a person enters
 * are years 1900-2199: the edge refuses others with a 400 naming the field, and the domain's parser refuses them with
 * a DomainError, never a crash, for callers that do not come through HTTP.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod } from '../../shared/domain/assessment';
import {
  addDays,
  addMonths,
  checkIsoDate,
  DateOutOfRangeError,
  isIsoDate,
  MAX_YEAR,
  MIN_YEAR,
  parseIsoDate,
} from '../../shared/domain/dates';
import { DomainError } from '../../shared/domain/errors';
import { createTestApp, type TestApp } from '../support/app';
import { addOfficial, ORG, seedOrganisation } from '../support/fixtures';

let t: TestApp;
let officialId: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedOrganisation(t);
  officialId = await addOfficial(t, ORG.office);
});

const RANGE_MESSAGE = `Năm phải từ ${MIN_YEAR} đến ${MAX_YEAR} (year out of range)`;

describe('at the edge', () => {
  it.each(['0000-01-01', '0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31'])('asOf=%s is a 400 on query.asOf', async (asOf) => {
    for (const path of [`/v1/tenure/flags?asOf=${asOf}`, `/v1/officials/${officialId}/tenure?asOf=${asOf}`]) {
      const res = await t.call('hr', 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.errors, path).toEqual([{ path: 'query.asOf', message: RANGE_MESSAGE }]);
    }
  });

  it('the first and last supported days are accepted', async () => {
    expect((await t.call('hr', 'GET', '/v1/tenure/flags?asOf=1900-01-01')).status).toBe(200);
    expect((await t.call('hr', 'GET', '/v1/tenure/flags?asOf=2199-12-31')).status).toBe(200);
  });

  it('a birth date or a start date of year 0000 or 9999 is a 400 on its field, and nothing is written', async () => {
    for (const dateOfBirth of ['0000-01-01', '9999-12-31']) {
      const res = await t.call('hr', 'POST', '/v1/officials', { fullName: 'A', gender: 'male', dateOfBirth, unitId: ORG.office });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'body.dateOfBirth', message: RANGE_MESSAGE }]);
    }
    for (const startDate of ['0000-01-01', '9999-12-31']) {
      const res = await t.call('hr', 'POST', `/v1/officials/${officialId}/assignments`, {
        positionId: 'VP-CV',
        startDate,
        kind: 'appointment',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'body.startDate', message: RANGE_MESSAGE }]);
    }
    expect((await t.call('hr', 'GET', `/v1/officials/${officialId}/assignments`)).body.items).toEqual([]);
  });

  it.each(['0000', '1899', '2200', '9999', '9999-12', '0000-Q1'])('assessment period %s is a 400, not a 500', async (period) => {
    const res = await t.call('hr', 'PUT', `/v1/officials/${officialId}/assessments/${period}`, {
      rating: 'good',
      assessedOn: '2024-12-20',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
  });
});

describe('in the domain', () => {
  it.each([
    ['2024-02-29', 'ok'],
    ['1900-01-01', 'ok'],
    ['2199-12-31', 'ok'],
    ['2011-02-30', 'nonexistent'],
    ['1899-12-31', 'out-of-range'],
    ['2200-01-01', 'out-of-range'],
    ['0000-01-01', 'out-of-range'],
    ['9999-12-31', 'out-of-range'],
    ['2011-2-3', 'format'],
  ])('checkIsoDate(%s) is %s', (d, expected) => {
    expect(checkIsoDate(d)).toBe(expected);
    expect(isIsoDate(d)).toBe(expected === 'ok');
  });

  it('parseIsoDate refuses an entered date out of range with a DomainError (422), not a RangeError', () => {
    for (const d of ['0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) {
      expect(() => parseIsoDate(d), d).toThrow(DateOutOfRangeError);
      expect(() => parseIsoDate(d), d).toThrow(DomainError);
    }
    expect(() => parseIsoDate('0000-01-01')).toThrow(DomainError);
    expect(parseIsoDate('2199-12-31')).toEqual({ year: 2199, month: 12, day: 31 });
  });

  it('arithmetic that runs off the calendar is a DomainError too, and derived dates past 2199 still compute', () => {
    expect(() => addMonths('9999-12-31', 6)).toThrow(DateOutOfRangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(DateOutOfRangeError);
    expect(() => addDays('0000-01-01', 1)).toThrow(DomainError);
    // A retirement or due date derived from an entered date may pass 2199: the arithmetic still serves it.
    expect(addMonths('2199-12-31', 6)).toBe('2200-06-30');
    expect(addMonths('2190-05-01', 120)).toBe('2200-05-01');
  });

  it('an assessment period outside 1900-2199 does not parse', () => {
    for (const p of ['0000', '1899', '2200', '9999', '2200-Q1', '1899-12']) expect(parsePeriod(p), p).toBeUndefined();
    expect(parsePeriod('1900')).toEqual({ kind: 'year', year: 1900 });
    expect(parsePeriod('2199-12')).toEqual({ kind: 'month', year: 2199, index: 12 });
  });
});
