/**
 * Hono typing of the console's pages (/console). Every page below the session middleware sees the signed-in
 * caller as `principal` (the same Principal the API's use cases receive) and the form token `csrf` that every
 * POST form must carry as a hidden field named `csrf`.
 */
import type { AppEnv } from '../env';

export interface ConsoleEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & {
    /** The hidden form field every state-changing form posts back (checked by the console's CSRF middleware). */
    csrf: string;
    /** The names of the caller's units for the header, when the scope is a few units (./scope-names.ts). */
    scopeNames?: string[];
  };
}
