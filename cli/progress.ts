import { stdoutIsTerminal } from "./worker";

/**
 * A one-line progress report on stderr for inputs big enough to take a moment. Quiet with
 * --quiet, and when stdout is not a terminal (CI logs and redirected reports stay clean).
 */
export const PROGRESS_THRESHOLD = 8 * 1024 * 1024;

export class Progress {
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  static for(bytes: number, quiet: boolean): Progress {
    return new Progress(!quiet && stdoutIsTerminal() && bytes >= PROGRESS_THRESHOLD);
  }

  say(message: string): void {
    if (!this.enabled) return;
    process.stderr.write(`\r\x1b[Kcls-guard: ${message}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
  }
}
