import { apiEventSchema } from '@shared/api';
import { ApiError, type ConnectionStatus, type PreloadBridge, type Transport } from './transport';

/** The transport inside the Electron app: the preload's bridge, always connected. */
export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    async invoke(method, params) {
      const reply = await bridge.invoke(method, params);
      if (reply.ok) return reply.result;
      throw new ApiError(reply.error);
    },
    onEvent(listener) {
      return bridge.onEvent((event) => {
        const parsed = apiEventSchema.safeParse(event);
        if (parsed.success) listener(parsed.data);
        else console.error('Baton: an event that does not follow the contract was dropped', parsed.error);
      });
    },
    onStatus(listener: (status: ConnectionStatus) => void) {
      listener('open');
      return () => {};
    },
  };
}
