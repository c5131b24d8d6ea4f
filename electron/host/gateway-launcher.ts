import type { GatewayLauncher } from '../core/service/gateway-switch.js';
import { startGateway } from './gateway/gateway-server.js';
import { gatewayToken } from './gateway/gateway-token.js';

/**
 * How the desktop app and `baton serve` run the privacy gateway when it is switched on in Settings:
 * the same gateway as `baton gateway`, on 127.0.0.1, or on every address once the person let
 * other computers in (as `baton gateway --host 0.0.0.0 --allow-network`), with the installation's
 * token (or BATON_GATEWAY_TOKEN). Consent is the app's: its dialog asks for each cloud call.
 */
export function gatewayLauncher(environment: NodeJS.ProcessEnv = process.env, log?: (line: string) => void): GatewayLauncher {
  return {
    token: (settings) => gatewayToken(settings, environment),
    start: async ({ baton, token, port, network }) => {
      const gateway = await startGateway({
        baton,
        token,
        port,
        host: network ? '0.0.0.0' : '127.0.0.1',
        ...(network ? { allowNetwork: true } : {}),
        ...(log ? { log } : {}),
      });
      // This computer's own address for it, either way (0.0.0.0 is no address to connect to).
      return { ...gateway, url: `http://127.0.0.1:${gateway.port}` };
    },
  };
}
