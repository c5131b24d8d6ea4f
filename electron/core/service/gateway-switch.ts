import { networkInterfaces } from 'node:os';
import { gatewayPortSchema, type GatewayState } from '../../shared/api.js';
import { BatonError, toBatonError } from '../../shared/errors.js';
import type { Baton } from '../app.js';
import type { SettingsRepository } from '../storage/settings-repository.js';

/**
 * The switch in Settings that runs the privacy gateway inside the app (the desktop app and
 * `baton serve`): off by default, on 127.0.0.1 only unless the person let other computers in
 * (after the app's warning). The host supplies how a gateway is started (a GatewayLauncher: core
 * does not import the HTTP host); this keeps the switch, the port and the network choice in the
 * settings table and brings the running gateway in line with them, one change at a time.
 */

export interface RunningGateway {
  port: number;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops listening and closes every connection: the runs of its clients are cancelled. */
  close(): Promise<void>;
}

export interface GatewayLauncher {
  /** The bearer token clients send: BATON_GATEWAY_TOKEN, else the one kept for this installation (made once). */
  token(settings: SettingsRepository): string;
  /**
   * Listens on 127.0.0.1:port, or with `network` on every address of this computer; rejects when
   * it cannot (a port in use).
   */
  start(options: { baton: Baton; token: string; port: number; network: boolean }): Promise<RunningGateway>;
}

export interface GatewaySwitchOptions {
  /** Undefined where the host cannot run a gateway: the switch is then shown as unavailable. */
  launcher: GatewayLauncher | undefined;
  settings(): SettingsRepository;
  /** What the gateway answers with (the service's current Baton, see liveBaton). */
  baton: Baton;
  /** Each change of state, for every window. */
  changed(state: GatewayState): void;
}

/** The port `baton gateway` listens on by default, and the switch too. */
export const defaultGatewayPort = 4141;
const enabledKey = 'gatewayEnabled';
const portKey = 'gatewayPort';
const networkKey = 'gatewayNetwork';

export class GatewaySwitch {
  private running: { gateway: RunningGateway; token: string; network: boolean } | undefined;
  private status: GatewayState['status'] = 'off';
  private error: string | null = null;
  private closed = false;
  /** Changes one after another: a quick off and on must not start two servers on one port. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: GatewaySwitchOptions) {}

  /** Keeps the change, then starts, stops or moves the gateway to match; resolves with the state after. */
  update(change: { enabled?: boolean; port?: number; network?: boolean }): Promise<GatewayState> {
    if (!this.options.launcher) {
      return Promise.reject(new BatonError('invalid-request', 'The gateway cannot run here: use the desktop app, `baton serve` or `baton gateway`.'));
    }
    const settings = this.options.settings();
    if (change.enabled !== undefined) settings.set(enabledKey, change.enabled);
    if (change.port !== undefined) settings.set(portKey, change.port);
    if (change.network !== undefined) settings.set(networkKey, change.network);
    return this.apply();
  }

  /** Brings the gateway in line with the stored switch and port: at start, and after each change. */
  apply(): Promise<GatewayState> {
    const next = this.queue.then(() => this.reconcile());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops the gateway for good (the service is closing); its clients' runs are cancelled. */
  async close(): Promise<void> {
    this.closed = true;
    await this.apply();
  }

  view(): GatewayState {
    const { enabled, port, network } = this.stored();
    const listening = this.status === 'listening' ? this.running : undefined;
    return {
      available: this.options.launcher !== undefined,
      enabled,
      port: listening?.gateway.port ?? port,
      network,
      networkAddresses: listening?.network ? networkAddresses(listening.gateway.port) : [],
      status: this.status,
      url: listening?.gateway.url ?? null,
      token: listening?.token ?? null,
      error: this.error,
    };
  }

  private stored(): { enabled: boolean; port: number; network: boolean } {
    const settings = this.options.settings();
    const port = settings.get(portKey);
    return {
      enabled: settings.get(enabledKey) === true,
      network: settings.get(networkKey) === true,
      port: gatewayPortSchema.safeParse(port).success ? (port as number) : defaultGatewayPort,
    };
  }

  private async reconcile(): Promise<GatewayState> {
    const { enabled, port, network } = this.stored();
    const launcher = this.closed ? undefined : this.options.launcher;
    const wanted = enabled && launcher !== undefined;
    if (this.running && (!wanted || this.running.gateway.port !== port || this.running.network !== network)) {
      const { gateway } = this.running;
      this.running = undefined;
      await gateway.close();
      this.setStatus('off', null);
    }
    if (!wanted) {
      if (this.status !== 'off' || this.error !== null) this.setStatus('off', null);
      return this.view();
    }
    if (this.running) return this.view();
    this.setStatus('starting', null);
    try {
      const token = launcher.token(this.options.settings());
      const gateway = await launcher.start({ baton: this.options.baton, token, port, network });
      this.running = { gateway, token, network };
      this.setStatus('listening', null);
    } catch (error) {
      this.setStatus('failed', startFailure(error, port));
    }
    return this.view();
  }

  private setStatus(status: GatewayState['status'], error: string | null): void {
    this.status = status;
    this.error = error;
    this.options.changed(this.view());
  }
}

/** The addresses other computers reach this one's gateway at: every IPv4 address that is not loopback. */
function networkAddresses(port: number): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => `http://${address.address}:${port}`);
}

/** Why the gateway could not listen, for the person: a port in use names what to do. */
function startFailure(error: unknown, port: number): string {
  const codeOf = (value: unknown) => (typeof value === 'object' && value !== null ? (value as NodeJS.ErrnoException).code : undefined);
  const code = codeOf(error instanceof Error ? error.cause : undefined) ?? codeOf(error);
  if (code === 'EADDRINUSE') return `Port ${port} is already in use on this computer (by another program, or by \`baton gateway\`): choose another port.`;
  if (code === 'EACCES') return `Baton may not listen on port ${port}: choose another port.`;
  return `The gateway could not start: ${toBatonError(error).message}`;
}
