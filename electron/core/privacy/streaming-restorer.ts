import { unfinishedPlaceholderStart } from './placeholder-format.js';

/**
 * Restores placeholders in a streamed answer whose chunks may cut a placeholder anywhere
 * (`…⟦EMA` + `IL_1⟧…`). It holds back only a tail that could still become a placeholder and
 * emits everything else at once; placeholder-like text the vault does not know passes through
 * unchanged. Call flush() when the stream ends.
 */
export class StreamingRestorer {
  private held = '';

  constructor(private readonly vault: { restore(text: string): string }) {}

  /** The text that can be shown now, with placeholders restored. */
  push(chunk: string): string {
    const text = this.held + chunk;
    const cut = unfinishedPlaceholderStart(text);
    this.held = text.slice(cut);
    return this.vault.restore(text.slice(0, cut));
  }

  /** Whatever was held back, restored as far as it can be. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return this.vault.restore(rest);
  }
}
