/**
 * docs/cli.md, generated from the commander definition the CLI runs (buildProgram in ./exec.ts):
 * every command and subcommand with its arguments, flags, defaults and help examples, so the
 * reference cannot say something `--help` does not. `npm run docs` writes it;
 * test/docs/generated.test.ts fails when the committed page is stale.
 */
import { Readable } from 'node:stream';
import type { Argument, Command, Option } from 'commander';
import { buildProgram } from './exec.js';
import type { OutStream } from './io.js';

/** The hand-written page that explains each command (relative to docs/). */
const GUIDES: Readonly<Record<string, string>> = {
  plan: 'plan.md',
  schema: 'fleet-file.md',
  prove: 'prove.md',
  simulate: 'prove.md#simulate---jsonl-scripting-interface',
  synth: 'deploying.md',
  token: 'token.md',
  doctor: 'doctor.md',
  diagram: 'diagram-and-report.md',
  report: 'diagram-and-report.md',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const code = (s: string): string => `\`${s}\``;

function sink(): OutStream & { text(): string } {
  let text = '';
  return {
    write(chunk: string | Uint8Array) {
      text += String(chunk);
      return true;
    },
    text: () => text,
  };
}

function argumentRow(a: Argument): string {
  const name = a.required
    ? `<${a.name()}${a.variadic ? '...' : ''}>`
    : `[${a.name()}${a.variadic ? '...' : ''}]`;
  const dflt = a.defaultValue === undefined ? (a.required ? 'required' : '—') : code(String(a.defaultValue));
  return `| ${code(name)} | ${cell(a.description ?? '')} | ${dflt} |`;
}

function optionRow(o: Option): string {
  const dflt =
    o.defaultValue === undefined || (o.negate && o.defaultValue === true)
      ? o.mandatory
        ? 'required'
        : '—'
      : code(JSON.stringify(o.defaultValue));
  const choices = o.argChoices ? ` (one of ${o.argChoices.map(code).join(', ')})` : '';
  return `| ${code(o.flags)} | ${cell(o.description ?? '')}${choices} | ${dflt} |`;
}

/** What `addHelpText('after', …)` adds below the generated help: the examples. */
function helpAfter(cmd: Command, out: ReturnType<typeof sink>): string {
  const before = out.text().length;
  cmd.outputHelp();
  const full = out.text().slice(before);
  const base = cmd.helpInformation();
  const at = full.indexOf(base);
  return (at < 0 ? '' : full.slice(at + base.length)).trim();
}

function path(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names;
}

function section(cmd: Command, out: ReturnType<typeof sink>): string[] {
  const names = path(cmd);
  const guide = GUIDES[names[1] ?? ''];
  const lines = [
    `## ${names.join(' ')}`,
    '',
    `${cmd.description()}.`,
    '',
    '```text',
    `${names.join(' ')} ${cmd.usage()}`,
    '```',
    '',
  ];
  if (guide) lines.push(`Guide: [${guide.replace(/#.*/, '')}](${guide}).`, '');
  const args = cmd.registeredArguments;
  if (args.length > 0)
    lines.push('| argument | meaning | default |', '| --- | --- | --- |', ...args.map(argumentRow), '');
  const options = cmd.options.filter((o) => !o.hidden);
  if (options.length > 0)
    lines.push('| flag | meaning | default |', '| --- | --- | --- |', ...options.map(optionRow), '');
  const after = helpAfter(cmd, out);
  if (after) lines.push('```text', after, '```', '');
  for (const sub of cmd.commands) lines.push(...section(sub, out));
  return lines;
}

export function cliReference(): string {
  const out = sink();
  // Help is wrapped to a fixed width so the page does not depend on the terminal it was made in.
  const program = buildProgram({
    io: { stdout: out, stderr: out, stdin: Readable.from([]), env: {}, cwd: '/' },
    exitCode: undefined,
  });
  for (const c of [program, ...program.commands.flatMap((c) => [c, ...c.commands])])
    c.configureOutput({ getOutHelpWidth: () => 100, getOutHasColors: () => false });
  const lines = [
    '# CLI reference',
    '',
    '<!-- Generated from src/cli/commands/* (npm run docs); do not edit. -->',
    '',
    `${program.description()}. Every command and flag, as \`npx fleetlink <command> --help\` shows them.`,
    'Conventions shared by every command (fleet file default, `--out`, `--format json`, exit codes):',
    '[README](../README.md#fleetlink).',
    '',
    '| command | what it does |',
    '| --- | --- |',
    ...program.commands.map((c) => `| [${c.name()}](#fleetlink-${c.name()}) | ${cell(c.description())} |`),
    '',
    '```text',
    `fleetlink ${program.usage()}`,
    '```',
    '',
    '| flag | meaning |',
    '| --- | --- |',
    ...program.options.map((o) => `| ${code(o.flags)} | ${cell(o.description ?? '')} |`),
    `| ${code('-h, --help')} | display help for command |`,
    '',
  ];
  for (const c of program.commands) lines.push(...section(c, out));
  return `${lines.join('\n').trimEnd()}\n`;
}
