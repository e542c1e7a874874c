/**
 * Shares stderr between log lines and the one-line live status: on a terminal the status line is
 * redrawn in place and log lines print above it; elsewhere (pipes, CI logs) only log lines go out.
 */
export class Terminal {
  #status = '';

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /** Prints a full line, keeping the status line below it. */
  line(text: string): void {
    if (this.interactive && this.#status) this.stream.write(`\r\x1b[K${text}\n${this.#status}`);
    else this.stream.write(text + '\n');
  }

  /** Replaces the status line (terminals only). */
  status(text: string): void {
    if (!this.interactive) return;
    const width = this.stream.columns || 120;
    this.#status = text.length > width - 1 ? text.slice(0, width - 1) : text;
    this.stream.write(`\r\x1b[K${this.#status}`);
  }

  /** Removes the status line, e.g. before the final summary. */
  clear(): void {
    if (this.interactive && this.#status) this.stream.write('\r\x1b[K');
    this.#status = '';
  }
}
