import { BatonService } from '../../core/service/baton-service.js';
import { gatewayLauncher } from '../../host/gateway-launcher.js';
import { startWebHost } from '../../host/web-host.js';
import { untilStopSignal } from '../stop-signal.js';

export interface ServeOptions {
  port?: number;
}

/**
 * `baton serve`: the desktop UI in a browser. Serves the built renderer and the API on
 * 127.0.0.1 only, with a token made at this start; the URL it prints carries the token.
 * Runs until Ctrl+C (or SIGTERM), then stops runs and downloads and closes the database.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
  // The gateway for other tools runs here too when it is switched on in Settings.
  const service = new BatonService({ gateway: gatewayLauncher() });
  let host;
  try {
    host = await startWebHost({ endpoint: service, port: options.port ?? 0 });
  } catch (error) {
    await service.close();
    throw error;
  }
  // Listening for Ctrl+C before the address is printed: whoever reads it may stop Baton at once.
  const stopped = untilStopSignal();
  process.stdout.write(`Baton is running at ${host.url}\n`);
  process.stdout.write('Open that address in a browser on this machine. Press Ctrl+C to stop.\n');

  await stopped;
  process.stderr.write('Stopping Baton...\n');
  await host.close();
  await service.close();
}
