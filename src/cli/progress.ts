/**
 * One rewritten status line on stderr, for commands that are silent for seconds (synth: loading
 * the AWS CDK and synthesizing take 2–7 s). Only on a terminal: piped or redirected stderr (CI,
 * kubectl, files) gets nothing, so logs stay clean and output stays byte-stable.
 */
import pc from 'picocolors';

export interface Progress {
  /** Replace the line with `text`. */
  phase(text: string): void;
  /** Clear the line (call once, whether the command succeeded or not). */
  done(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export function progressLine(command: string, stream: ProgressStream): Progress {
  if (stream.isTTY !== true) return { phase: () => {}, done: () => {} };
  const started = Date.now();
  let shown = false;
  return {
    phase(text) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      // \r and "erase line" (CSI 2K): the next phase, or done(), overwrites this one.
      stream.write(`\r\x1b[2K${pc.dim(`${command}: ${text} (${seconds} s)`)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
