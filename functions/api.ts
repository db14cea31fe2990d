/** API Lambda: parse config once at cold start, build deps, hand over to the shared app. */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../shared/config';
import { createApp } from '../shared/http/app';
import { buildAppDeps } from '../shared/wiring';

const config = loadConfig(process.env);

export const handler = handle(createApp(buildAppDeps(config)));
