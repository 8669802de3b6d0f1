/**
 * `fleetlink simulate --jsonl [FILE|-]` — the evaluator's scripting interface: one JSON request per
 * line in, one JSON decision per line out, in order, streamed.
 * `fleetlink simulate REQUEST.json [--format text|json]` — one request, explained for a human.
 * Exit: 0 when every request was evaluated (whatever the decisions); 1 when a line/request was
 * invalid (the other lines are still answered); 2 when the input cannot be read.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { openInputStream, readInputJson } from '../inputs.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

interface SimulateOptions {
  readonly jsonl?: boolean;
  readonly format: string;
  readonly explain: string;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('simulate')
    .description('evaluate IAM requests against policies with Fleetlink’s evaluator (no AWS calls)')
    .argument('[file]', 'request file; with --jsonl one request per line ("-" or none = stdin)')
    .option('--jsonl', 'read JSON Lines requests, write one JSON decision per line, in order')
    .option('--format <format>', 'single-request output: text or json', 'text')
    .option('--explain <level>', 'full (per-statement reasons) or summary', 'full')
    .addHelpText(
      'after',
      `
Request fields: principal, action, resource (required); context {key: value | [values]},
identityPolicies [...], resourcePolicy, permissionBoundary, sessionPolicies [...], scps [...],
rcps [...] (a flat array is one Organization level; an array of arrays is one per level),
resourceAccount (default: the resource ARN's account).

Examples:
  npx fleetlink simulate --jsonl requests.jsonl > decisions.jsonl
  cat requests.jsonl | npx fleetlink simulate --jsonl --explain summary
  npx fleetlink simulate request.json`,
    )
    .action(async (file: string | undefined, opts: SimulateOptions) => {
      if (opts.explain !== 'full' && opts.explain !== 'summary') {
        throw new UserError(`--explain must be full or summary (got "${opts.explain}")`, { exitCode: 2 });
      }
      const explain = opts.explain;
      if (opts.jsonl) {
        cli.exitCode = await runJsonl(file, explain, cli);
        return;
      }
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      if (file === undefined)
        throw new UserError('give a request file, or --jsonl to read requests from stdin', { exitCode: 2 });
      await runSingle(file, format, explain, cli);
    });
}

async function openInput(file: string | undefined, cli: Cli): Promise<NodeJS.ReadableStream> {
  if (file === undefined || file === '-') return cli.io.stdin;
  return openInputStream(file, 'request file', cli.io.cwd);
}

/** Streams lines through the evaluator; output is buffered in chunks and respects back-pressure. */
async function runJsonl(file: string | undefined, explain: 'full' | 'summary', cli: Cli): Promise<number> {
  const { createInterface } = await import('node:readline');
  const { simulateJsonLine } = await import('../../iam/jsonl.js');
  const input = await openInput(file, cli);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer = '';
  let failed = 0;
  let lineNumber = 0;
  const flush = async () => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    const stdout = cli.io.stdout;
    if (!stdout.write(chunk) && stdout.once) {
      const once = stdout.once.bind(stdout);
      await new Promise<void>((resolve) => once('drain', resolve));
    }
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const result = simulateJsonLine(line, lineNumber, { explain });
    if (!result.ok) failed++;
    buffer += `${result.output}\n`;
    if (buffer.length > 65_536) await flush();
  }
  await flush();
  if (failed > 0) cli.io.stderr.write(`fleetlink simulate: ${failed} invalid request line(s)\n`);
  return failed > 0 ? 1 : 0;
}

async function runSingle(
  file: string,
  format: 'text' | 'json',
  explain: 'full' | 'summary',
  cli: Cli,
): Promise<void> {
  const { parseRequest } = await import('../../iam/request.js');
  const { evaluate } = await import('../../iam/evaluate.js');
  const value = await readInputJson(
    file,
    'request file',
    (why) => new UserError(`${file}: invalid JSON: ${why}`),
    cli.io.cwd,
  );
  const parsed = parseRequest(value);
  if (!parsed.request) {
    throw new UserError('invalid request', {
      problems: parsed.problems.map((p) => ({
        location: { file },
        path: p.path,
        message: `${p.path}: ${p.message}`,
      })),
    });
  }
  const result = evaluate(parsed.request, { explain: explain === 'full' });
  if (format === 'json') {
    cli.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const { formatEvalResult } = await import('../../iam/explain-text.js');
  cli.io.stdout.write(formatEvalResult(result));
}
