/**
 * Personal data (Decree 13/2023/NĐ-CP on the protection of personal data): which recorded fields are personal,
 * which kinds of record are sensitive, and how long the audit log keeps images of personal fields.
 * Pure: docs/personal-data.md says the same in prose.
 */
import { addYears } from './dates';

/**
 * Sensitive personal data (Decree 13/2023 art. 2(4)): a performance assessment (rating, score, discipline, the
 * assessor's comments) and a circumstance (illness, pregnancy, investigation, discipline review...). Every read of
 * one is recorded in the audit log as an access record.
 */
export const SENSITIVE_KINDS = ['assessment', 'circumstance'] as const;
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

/**
 * Audit images keep these fields of a record only for the retention below; the rest of the image (ids, unit,
 * dates of the record, version) stays as long as the audit log. Entity types not listed hold no personal field.
 */
export const PERSONAL_AUDIT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  official: ['fullName', 'gender', 'dateOfBirth', 'email', 'retirementDate', 'leftReason'],
  assessment: ['rating', 'score', 'disciplined', 'derivedFrom', 'comments'],
  circumstance: ['type', 'note'],
  // An item of a proposal names its official and tells why (reasons from assessments, a note).
  proposal: ['fullName', 'reasons', 'explanation', 'note'],
};

/**
 * Years an audit record keeps its images of personal fields, from the change it records. Five years: the placement
 * rules look back 5 years (docs/rules.md, "a unit the official has not served in during the last 5 years") and the
 * requirement rules 3, so no rule and no review of a decision taken under them needs an older image.
 */
export const PERSONAL_DATA_RETENTION_YEARS = 5;

/** The instant (epoch seconds) until which the personal images of a change made at `at` (ISO) are kept. */
export function personalRetentionEnd(at: string): number {
  const day = at.slice(0, 10);
  const shifted = `${addYears(day, PERSONAL_DATA_RETENTION_YEARS)}${at.slice(10)}`;
  return Math.floor(Date.parse(shifted) / 1000);
}

export type Image = Record<string, unknown>;

/** An image split in two: what the audit log keeps, and the personal fields kept only for the retention. */
export interface SplitImage {
  kept: unknown;
  personal?: Image;
}

function isImage(value: unknown): value is Image {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Split an audit image of an entity into its lasting part and its personal fields (undefined when it has none). */
export function splitPersonal(entityType: string, image: unknown): SplitImage {
  const fields = PERSONAL_AUDIT_FIELDS[entityType];
  if (!fields || !isImage(image)) return { kept: image };
  const kept: Image = {};
  const personal: Image = {};
  for (const [key, value] of Object.entries(image)) {
    if (fields.includes(key)) personal[key] = value;
    else kept[key] = value;
  }
  return Object.keys(personal).length ? { kept, personal } : { kept: image };
}

/** The whole image again: the lasting part with its personal fields. */
export function mergePersonal(kept: unknown, personal: Image | undefined): unknown {
  if (!personal) return kept;
  return isImage(kept) ? { ...kept, ...personal } : kept;
}
