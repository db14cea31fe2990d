/**
 * Where the local commands look when nothing is set. `npm start`, `npm run token` and `npm run seed` must agree on
 * these, or a token is signed with another key than the server's, or the seed misses the server. A module of its own
 * so that reading them loads nothing else.
 */

/** State of the local runtime: DynamoDB Local's files under `dynamodb/`, the token key `jwt-secret`. */
export const DEFAULT_DATA_DIR = '.data/';
export const DEFAULT_PORT = 3000;
export const DEFAULT_TABLE_NAME = 'luanchuyen';
/** aws-ses-v2-local, the mail emulator `npm start` runs: the SES endpoint locally, and the viewer of sent mail. */
export const DEFAULT_SES_PORT = 8005;
/** The sender of local mail (MAIL_FROM); RFC 2606 reserved, so it can never be a real mailbox. */
export const DEFAULT_MAIL_FROM = 'canh-bao@luanchuyen.example';
