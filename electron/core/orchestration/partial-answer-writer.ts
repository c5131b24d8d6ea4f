import type { MessageRepository } from '../storage/message-repository.js';

/**
 * Saves a streaming answer as it grows, at most every `intervalMs`, so a process killed
 * mid-answer leaves the partial text in the database. Writing every token would make SQLite
 * the bottleneck of a fast local model.
 */
export class PartialAnswerWriter {
  private text = '';
  // From the start, not from zero: an answer that ends within the first interval is written
  // once, with the run's end, instead of a commit for its first words too.
  private lastWrite = Date.now();
  private written = '';

  constructor(
    private readonly messages: MessageRepository,
    private readonly messageId: string,
    private readonly intervalMs = 250,
  ) {}

  append(delta: string): void {
    this.text += delta;
    const now = Date.now();
    if (now - this.lastWrite >= this.intervalMs) this.flush(now);
  }

  get content(): string {
    return this.text;
  }

  flush(now = Date.now()): void {
    if (this.text === this.written) return;
    this.messages.updateContent(this.messageId, this.text);
    this.written = this.text;
    this.lastWrite = now;
  }
}
