/**
 * Listeners of one kind of event. A listener that throws is reported and does not stop the others:
 * one broken window must not keep run events from the rest.
 */
export class EventHub<Event> {
  private readonly listeners = new Set<(event: Event) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = reportListenerError) {}

  subscribe(listener: (event: Event) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(event: Event): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

function reportListenerError(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`baton: an event listener failed: ${message}\n`);
}
