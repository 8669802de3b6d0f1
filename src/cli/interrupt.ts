/**
 * Ctrl-C (SIGINT) or SIGTERM while output is being written removes the hidden temporary paths
 * the atomic writers made, then exits as a shell expects of a process killed by the signal
 * (128 + signal number: 130, 143). While the target is being swapped, the signal waits for the
 * swap to finish, so the target is never left missing. The handlers are installed only while
 * there is something to remove: other commands keep Node's default behaviour.
 *
 * A signal is delivered to JavaScript only between turns of the event loop, so during a long
 * synchronous step (the CDK synthesizing an assembly) it is acted on when that step returns;
 * the writers yield to the event loop before swapping, so the interrupted output is not swapped in.
 */
import { existsSync, rmSync } from 'node:fs';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;

const pending = new Set<string>();
let swaps = 0;
let caught: HandledSignal | undefined;

const handlers: Record<HandledSignal, () => void> = {
  SIGINT: () => onSignal('SIGINT'),
  SIGTERM: () => onSignal('SIGTERM'),
};

/** Remove `path` (file or directory) if a signal arrives before the returned function is called. */
export function removeOnSignal(path: string): () => void {
  if (pending.size === 0) for (const s of signals()) process.on(s, handlers[s]);
  pending.add(path);
  return () => {
    pending.delete(path);
    if (pending.size === 0 && swaps === 0 && caught === undefined)
      for (const s of signals()) process.off(s, handlers[s]);
  };
}

/** Run `step` (renames putting output in place) with signals held until it is done. */
export async function withoutInterruption<T>(step: () => Promise<T>): Promise<T> {
  swaps++;
  try {
    return await step();
  } finally {
    swaps--;
    if (swaps === 0 && caught) exitFor(caught);
  }
}

/**
 * Give a signal that arrived during synchronous work the chance to be handled now, before the
 * output is put in place. Node reads signals in the event loop's poll phase; one setImmediate may
 * run in the check phase right after the poll that resumed us, the second one only after a new poll.
 */
export async function yieldForSignals(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((done) => setImmediate(done));
}

function onSignal(signal: HandledSignal): void {
  if (caught) return;
  caught = signal;
  if (swaps === 0) exitFor(signal);
}

function exitFor(signal: HandledSignal): never {
  let removed = 0;
  for (const path of pending) {
    if (!existsSync(path)) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  process.stderr.write(
    `fleetlink: interrupted (${signal})${removed > 0 ? '; the unfinished output was removed, nothing was written' : ''}\n`,
  );
  process.exit(EXIT_CODES[signal]);
}

function signals(): HandledSignal[] {
  return Object.keys(EXIT_CODES) as HandledSignal[];
}
