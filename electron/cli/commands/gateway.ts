import { createBaton } from '../../core/app.js';
import { fixedConsentPrompter } from '../../core/privacy/fixed-consent-prompter.js';
import { gatewayToken } from '../../host/gateway/gateway-token.js';
import { loopbackHosts } from '../../host/gateway/gateway-guard.js';
import { startGateway } from '../../host/gateway/gateway-server.js';
import { BatonError } from '../../shared/errors.js';
import { untilStopSignal } from '../stop-signal.js';

export interface GatewayCommandOptions {
  port: number;
  host: string;
  allowNetwork: boolean;
  consent: 'ask' | 'allow-once' | 'deny';
}

/**
 * `baton gateway`: the privacy gateway for other tools, without the desktop app. Consent cannot
 * be asked here (no window, and a terminal prompt would block every client), so it is decided by
 * --consent: allow-once sends each request's redacted text, deny answers on this machine.
 */
export async function gatewayCommand(options: GatewayCommandOptions): Promise<void> {
  if (options.consent === 'ask') {
    throw new BatonError(
      'invalid-request',
      '`baton gateway` cannot ask for consent: there is no window to ask in. Use --consent allow-once (redacted text may go to cloud models) or --consent deny (answers stay on this machine).',
    );
  }
  const baton = createBaton({ consentPrompter: fixedConsentPrompter(options.consent) });
  const token = gatewayToken(baton.database.settings);
  let gateway;
  try {
    gateway = await startGateway({ baton, token, host: options.host, port: options.port, allowNetwork: options.allowNetwork });
  } catch (error) {
    await baton.close();
    throw error;
  }
  // Listening for Ctrl+C before the line is printed: a script that reads the line and stops the
  // gateway at once must find it ready to stop cleanly.
  const stopped = untilStopSignal();
  if (!loopbackHosts.has(options.host)) {
    process.stderr.write(
      `Warning: the gateway listens on ${options.host}, so other machines on your network can reach it. ` +
        'Anyone with the token can then use your cloud accounts and local models through it, and the traffic is not encrypted (plain HTTP).\n',
    );
  }
  process.stdout.write(`gateway ${gateway.url} token ${token}\n`);
  await stopped;
  process.stderr.write('Stopping the gateway...\n');
  await gateway.close();
  await baton.close();
}
