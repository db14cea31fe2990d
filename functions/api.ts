/** API Lambda: parse config once at cold start, build adapters, hand over to the shared app. */
import { handle } from 'hono/aws-lambda';
import { fileAssetReader } from '../shared/adapters/docs-assets';
import { loadConfig } from '../shared/config';
import { createApp } from '../shared/http/app';
import { apiGatewayAuthenticator } from '../shared/http/auth';
import { buildAppDeps } from '../shared/wiring';

const config = loadConfig(process.env);
const deps = buildAppDeps({
  config,
  authenticator: apiGatewayAuthenticator(),
  readDocsAsset: config.DOCS_ASSET_DIR ? fileAssetReader(config.DOCS_ASSET_DIR) : undefined,
});

export const handler = handle(createApp(deps));
