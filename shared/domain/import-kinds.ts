/**
 * The kinds of rows a spreadsheet import takes, one template each (./import-templates.ts). Apart from the templates
 * because the app's body limit for an import's upload (shared/http/import-limits.ts) needs the kinds at every cold
 * start, and the templates (columns, labels, the assessment ratings) are only for the imports themselves.
 */
export const IMPORT_KINDS = ['officials', 'assignments', 'assessments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
