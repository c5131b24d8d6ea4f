import type { GatewayLauncher } from '../core/service/gateway-switch.js';
import { startGateway } from './gateway/gateway-server.js';
import { gatewayToken } from './gateway/gateway-token.js';

/**
 * How the desktop app and `baton serve` run the privacy gateway when it is switched on in Settings:
 * the same gateway as `baton gateway`, on 127.0.0.1 only, with the installation's token (or
 * BATON_GATEWAY_TOKEN). Consent is the app's: its dialog asks for each cloud call.
 */
export function gatewayLauncher(environment: NodeJS.ProcessEnv = process.env, log?: (line: string) => void): GatewayLauncher {
  return {
    token: (settings) => gatewayToken(settings, environment),
    start: ({ baton, token, port }) => startGateway({ baton, token, port, host: '127.0.0.1', ...(log ? { log } : {}) }),
  };
}
