/**
 * `fleetlink doctor [FLEET] [--snapshot FILE | --save-snapshot FILE] [--probe] [--cluster NAME…]
 *   [--concurrency N] [--context CTX] [--format text|json] [--print-iam-policy]`
 * Walks the hub-and-spoke chain link by link on live state (or a saved snapshot) and names the
 * broken link with its evidence and fix. Exit 0 when no error finding, 1 otherwise, 2 when doctor
 * itself could not run. Heavy modules (AWS SDK, Kubernetes client) load inside the action.
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { planFromFleetFile, readInputJson } from '../inputs.js';
import type { Cli, OutStream } from '../io.js';
import { parseFormat } from '../run.js';

interface DoctorCliOptions {
  readonly snapshot?: string;
  readonly saveSnapshot?: string;
  readonly probe?: boolean;
  readonly cluster?: string[];
  readonly concurrency: string;
  readonly context?: string;
  readonly format: string;
  readonly printIamPolicy?: boolean;
  readonly timeout: string;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UserError(`${name} must be a positive integer (got "${v}")`, { exitCode: 2 });
  return n;
}

async function loadSnapshotFile(path: string, cwd: string) {
  const { parseSnapshot } = await import('../../doctor/snapshot.js');
  const value = await readInputJson(
    path,
    'snapshot',
    (why) =>
      new UserError(`cannot read snapshot ${path}: ${why}`, {
        problems: [{ location: { file: path }, message: `cannot read snapshot: ${why}` }],
      }),
    cwd,
  );
  const r = parseSnapshot(value);
  if (!r.ok)
    throw new UserError(`${path} is not a fleetlink snapshot (apiVersion fleetlink.dev/snapshot/v1)`, {
      problems: r.issues
        .slice(0, 20)
        .map((i) => ({ location: { file: path }, path: i.split(':')[0], message: i })),
    });
  return r.snapshot;
}

/** Progress on stderr: one rewritten line on a TTY, nothing otherwise (and never in JSON mode). */
function progressReporter(enabled: boolean, stderr: OutStream) {
  if (!enabled || !stderr.isTTY) return { report: () => {}, done: () => {} };
  let shown = false;
  return {
    report: (p: { phase: string; done?: number; total?: number }) => {
      const text =
        p.phase === 'aws' && p.total
          ? `doctor: reading AWS accounts ${p.done}/${p.total}`
          : `doctor: ${p.phase}…`;
      stderr.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done: () => {
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}

export function register(program: Command, cli: Cli): void {
  program
    .command('doctor')
    .description('inspect a live hub-and-spoke setup link by link and name the broken link with its fix')
    .argument('[fleet]', 'fleet file', 'fleet.yaml')
    .option('--snapshot <file>', 'analyse a saved snapshot offline (no network)')
    .option('--save-snapshot <file>', 'write the collected snapshot (nothing secret in it)')
    .option('--probe', 'also walk the chain live as Argo CD (TokenRequest, STS, EKS token, spoke API)')
    .option('--cluster <name...>', 'only these Argo CD clusters')
    .option(
      '--concurrency <n>',
      'AWS accounts read at once (each with at most 8 calls in flight; both halve on throttling)',
      '256',
    )
    .option('--timeout <ms>', 'per-call timeout in milliseconds', '10000')
    .option('--context <ctx>', 'kubeconfig context of the hub (default: fleet hub.kubeContext, else current)')
    .option('--format <format>', 'output format: text or json', 'text')
    .option(
      '--print-iam-policy',
      'print the least-privilege IAM policies doctor (and --probe) needs, then exit',
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 no error-level finding, 1 at least one, 2 usage error or doctor could not run.',
        '',
        'Examples:',
        '  npx fleetlink doctor fleet.yaml',
        '  npx fleetlink doctor fleet.yaml --probe --cluster spoke-prod',
        '  npx fleetlink doctor fleet.yaml --save-snapshot snap.json   # attach to bug reports',
        '  npx fleetlink doctor --snapshot snap.json --format json',
        '  npx fleetlink doctor fleet.yaml --print-iam-policy',
      ].join('\n'),
    )
    .action(async (file: string, opts: DoctorCliOptions, cmd: Command) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      // The SDK's notice about its own future Node support is for Fleetlink's maintainers, not doctor's
      // users. The SDK reads the process environment, not the run's io.env.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      if (opts.snapshot && opts.saveSnapshot)
        throw new UserError('--snapshot and --save-snapshot exclude each other', { exitCode: 2 });
      if (opts.snapshot && opts.probe)
        throw new UserError('--probe needs live access; it cannot run with --snapshot', { exitCode: 2 });
      const concurrency = positiveInt('--concurrency', opts.concurrency);
      const timeoutMs = positiveInt('--timeout', opts.timeout);
      const fleetGiven = cmd.args.length > 0;
      const { intentFromFleet } = await import('../../doctor/intent.js');

      if (opts.printIamPolicy) {
        const { readFleet } = await import('../fleet-file.js');
        const { fleet } = await readFleet(file, cli.io.cwd);
        const { doctorPermissions } = await import('../../doctor/iam-policy.js');
        const perms = doctorPermissions(intentFromFleet(fleet));
        if (format === 'json') cli.io.stdout.write(`${JSON.stringify(perms, null, 2)}\n`);
        else {
          for (const [account, doc] of Object.entries(perms.read))
            cli.io.stdout.write(
              `# read-only policy for account ${account}\n${JSON.stringify(doc, null, 2)}\n\n`,
            );
          for (const [account, doc] of Object.entries(perms.probe.aws))
            cli.io.stdout.write(
              `# --probe: extra policy for account ${account}\n${JSON.stringify(doc, null, 2)}\n\n`,
            );
          cli.io.stdout.write('# Kubernetes RBAC on the hub (Role rules)\n');
          for (const r of perms.probe.kubernetesRules)
            cli.io.stdout.write(
              `- namespace: ${r.namespace}  apiGroups: ${JSON.stringify(r.apiGroups)}  resources: ${JSON.stringify(r.resources)}  verbs: ${JSON.stringify(r.verbs)}${r.resourceNames ? `  resourceNames: ${JSON.stringify(r.resourceNames)}` : ''}   # ${r.why}\n`,
            );
          for (const n of perms.probe.notes) cli.io.stdout.write(`# ${n}\n`);
        }
        return;
      }

      const { analyzeSnapshot } = await import('../../doctor/analyze.js');
      // With --snapshot the fleet is optional (it adds drift); live runs need it for their intent.
      const loaded = opts.snapshot && !fleetGiven ? undefined : await planFromFleetFile(file, cli.io.cwd);
      const plan = loaded?.plan;
      let result: import('../../doctor/report.js').DoctorResult;
      if (opts.snapshot) {
        const snapshot = await loadSnapshotFile(opts.snapshot, cli.io.cwd);
        result = analyzeSnapshot(snapshot, { ...(plan && { plan }), includeSnapshot: format === 'json' });
      } else {
        const fleet = loaded!.fleet;
        const only = opts.cluster ?? [];
        const unknown = only.filter((n) => !fleet.spokes.some((s) => s.name === n));
        if (unknown.length > 0)
          throw new UserError(
            `--cluster: no spoke named ${unknown.join(', ')} in ${file} (spokes: ${fleet.spokes.map((s) => s.name).join(', ')})`,
            { exitCode: 2 },
          );
        const { runDoctor } = await import('../../doctor/doctor.js');
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        const progress = progressReporter(format === 'text', cli.io.stderr);
        const context = opts.context ?? fleet.hub.kubeContext;
        try {
          const run = await runDoctor({
            intent: intentFromFleet(fleet, only),
            ...(plan && { plan }),
            only,
            ...(context && { context }),
            aws: { concurrency, timeoutMs },
            probe: opts.probe === true,
            probeOptions: { timeoutMs },
            signal: controller.signal,
            onProgress: progress.report,
            includeSnapshot: format === 'json',
          });
          result = run.result;
          if (opts.saveSnapshot) {
            const { writeFileAtomically } = await import('../output.js');
            await writeFileAtomically(
              opts.saveSnapshot,
              `${JSON.stringify(run.snapshot, null, 2)}\n`,
              undefined,
              cli.io.cwd,
            );
          }
        } catch (e) {
          if (controller.signal.aborted)
            throw new UserError('interrupted: nothing was written', { exitCode: 2 });
          throw e;
        } finally {
          progress.done();
          process.removeListener('SIGINT', onSigint);
        }
      }
      if (format === 'json') cli.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const { formatDoctorText } = await import('../../doctor/format-text.js');
        const pc = (await import('picocolors')).default;
        const color = cli.io.stdout.isTTY && !cli.io.env.NO_COLOR;
        cli.io.stdout.write(
          formatDoctorText(
            result,
            color
              ? { red: pc.red, green: pc.green, yellow: pc.yellow, dim: pc.dim, bold: pc.bold }
              : undefined,
          ),
        );
      }
      const { hasErrors } = await import('../../findings.js');
      cli.exitCode = hasErrors(result.findings) ? 1 : 0;
    });
}
