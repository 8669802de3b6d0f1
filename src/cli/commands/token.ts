/**
 * `fleetlink token` — an EKS exec credential plugin (like `aws eks get-token` / `argocd-k8s-auth aws`)
 * — and `fleetlink token verify` — the EKS authenticator's pre-STS checks, offline.
 *
 * Start-up matters: kubectl runs this once per token. Only light modules are imported here; the
 * signer is loaded in the action and the AWS SDK only when it is needed (--role-arn, or no plain
 * environment credentials). Tokens and credentials go to stdout only inside the ExecCredential and
 * are never logged.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

export interface TokenOptions {
  clusterName?: string;
  region?: string;
  roleArn?: string;
  sessionName?: string;
  apiVersion?: string;
  cache?: string;
}

interface VerifyCliOptions {
  clusterName?: string;
  now?: string;
  partition: string;
  format: string;
}

export function register(program: Command, cli: Cli): void {
  const token = program
    .command('token')
    .description(
      'print an EKS ExecCredential for kubectl / Argo CD (byte-compatible with `aws eks get-token`)',
    )
    .option('--cluster-name <name>', 'EKS cluster name, signed into the token as x-k8s-aws-id (required)')
    .option('--region <region>', 'cluster region (default: AWS_REGION, then AWS_DEFAULT_REGION)')
    .option(
      '--role-arn <arn>',
      'assume this role first (one sts:AssumeRole, like argocd-k8s-auth --role-arn)',
    )
    .option('--session-name <name>', 'role session name (default: fleetlink-<unix ms>)')
    .option(
      '--api-version <version>',
      'client.authentication.k8s.io/v1 or v1beta1 (default: from KUBERNETES_EXEC_INFO, else v1beta1)',
    )
    .option('--cache <dir>', 'reuse assumed-role credentials from DIR until 5 min before expiry (0600 files)')
    .action(async (opts: TokenOptions) => {
      await printToken(opts, cli);
    });

  token
    .command('verify')
    .description(
      'check a token the way the EKS authenticator does before calling STS; names the failing rule',
    )
    .argument('<token>', 'the token (k8s-aws-v1.…), an ExecCredential JSON, or - to read either from stdin')
    .option('--cluster-name <name>', 'the cluster the token is meant for (required)')
    .option('--now <time>', 'verify as of this ISO 8601 time (default: now)')
    .option('--partition <partition>', 'aws, aws-cn or aws-us-gov', 'aws')
    .option('--format <format>', 'text or json', 'text')
    .action(async (input: string, _opts: VerifyCliOptions, command: Command) => {
      // optsWithGlobals: commander may hand `--cluster-name` to the parent `token` command, which
      // declares the same flag; either way the user's value arrives here.
      await verifyCommand(input, command.optsWithGlobals<VerifyCliOptions>(), cli);
    });
}

/** `--cluster-name` etc. → the TokenOptions key commander would give them. */
const TOKEN_FLAGS: Readonly<Record<string, keyof TokenOptions>> = {
  '--cluster-name': 'clusterName',
  '--region': 'region',
  '--role-arn': 'roleArn',
  '--session-name': 'sessionName',
  '--api-version': 'apiVersion',
  '--cache': 'cache',
};

/**
 * The options of `fleetlink token ARGS` when ARGS are only the flags above, each as `--flag value`
 * or `--flag=value` (the last one wins, as in commander, which takes the next argument as a
 * required option's value whatever it looks like). Anything else — `--help`, `verify`, an unknown
 * flag, a missing value, `--version` anywhere — returns undefined, and commander parses it and
 * answers as it always has.
 */
export function tokenFastPath(args: readonly string[]): TokenOptions | undefined {
  // The root's --version wins wherever it stands, even as an option's value: leave it to commander
  // (and --help / -h with it, to be safe).
  if (args.some((a) => a === '--version' || a.startsWith('--version=') || a === '--help' || a === '-h'))
    return undefined;
  const opts: TokenOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const key = Object.hasOwn(TOKEN_FLAGS, flag) ? TOKEN_FLAGS[flag] : undefined;
    if (key === undefined) return undefined;
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else value = args[++i];
    if (value === undefined) return undefined;
    opts[key] = value;
  }
  return opts;
}

export async function printToken(opts: TokenOptions, cli: Cli): Promise<void> {
  const clusterName = opts.clusterName;
  if (clusterName === undefined || clusterName === '') {
    throw new UserError('--cluster-name is required', { exitCode: 2 });
  }
  const env = cli.io.env;
  const region = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) {
    // argocd-k8s-auth has no --region either and fails the same way since Argo CD 3.4 (FM-4.4).
    throw new UserError('no region: pass --region or set AWS_REGION (or AWS_DEFAULT_REGION)', {
      exitCode: 2,
    });
  }
  const [
    { chooseApiVersion, execCredential, isExecCredentialApiVersion },
    { resolveCredentials },
    { createToken },
  ] = await Promise.all([
    import('../../token/exec-credential.js'),
    import('../../token/credentials.js'),
    import('../../token/sign.js'),
  ]);
  if (opts.apiVersion !== undefined && !isExecCredentialApiVersion(opts.apiVersion)) {
    throw new UserError(
      `--api-version must be client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1 (got "${opts.apiVersion}")`,
      { exitCode: 2 },
    );
  }
  const choice = chooseApiVersion({ explicit: opts.apiVersion, execInfo: env.KUBERNETES_EXEC_INFO });
  if (choice.warning) cli.io.stderr.write(`fleetlink: warning: ${choice.warning}\n`);
  // An exec plugin's stderr is shown by kubectl on every call: keep the SDK's Node 20 end-of-support
  // notice out of it (the user can still see it with the variable set to "false"). The SDK reads
  // the process environment, not the run's io.env.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { credentials } = await resolveCredentials({
    region,
    roleArn: opts.roleArn,
    sessionName: opts.sessionName,
    cacheDir: opts.cache === undefined ? undefined : resolve(cli.io.cwd, opts.cache),
    env,
    now: () => new Date(),
    warn: (m) => cli.io.stderr.write(`fleetlink: warning: ${m}\n`),
  });
  const signed = await createToken({ credentials, region, clusterName, signingDate: new Date() });
  const credential = execCredential({
    token: signed.token,
    expirationTimestamp: signed.expirationTimestamp,
    apiVersion: choice.apiVersion,
  });
  cli.io.stdout.write(`${JSON.stringify(credential)}\n`);
}

async function verifyCommand(input: string, opts: VerifyCliOptions, cli: Cli): Promise<void> {
  const format = parseFormat(opts.format, ['text', 'json'] as const);
  if (opts.clusterName === undefined || opts.clusterName === '') {
    throw new UserError('--cluster-name is required', { exitCode: 2 });
  }
  const { PARTITIONS } = await import('../../token/partition.js');
  const partition = PARTITIONS.find((p) => p === opts.partition);
  if (partition === undefined) {
    throw new UserError(`--partition must be one of ${PARTITIONS.join(', ')} (got "${opts.partition}")`, {
      exitCode: 2,
    });
  }
  const now = opts.now === undefined ? new Date() : new Date(opts.now);
  if (Number.isNaN(now.getTime())) {
    throw new UserError(`--now "${opts.now}" is not an ISO 8601 time (e.g. 2026-01-02T03:04:05Z)`, {
      exitCode: 2,
    });
  }
  const raw = input === '-' ? await readStdin(cli.io.stdin) : input;
  const token = extractToken(raw);
  const { verifyToken } = await import('../../token/verify.js');
  const result = verifyToken(token, { clusterName: opts.clusterName, now, partition });
  if (result.ok) {
    const report = {
      valid: true,
      clusterName: opts.clusterName,
      host: result.url.host,
      region: result.region,
      accessKeyId: result.accessKeyId,
      signedAt: result.signedAt.toISOString(),
      expiresAt: result.expiresAt.toISOString(),
      clusterNameChecked: false,
    };
    if (format === 'json') {
      cli.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      cli.io.stdout.write(
        `valid: signed by access key ${report.accessKeyId} for ${report.host} (region ${report.region})\n` +
          `  signed at ${report.signedAt}, expires at ${report.expiresAt}\n` +
          `  note: the cluster name is inside the signature; only STS (called by the EKS authenticator with\n` +
          `  x-k8s-aws-id: ${opts.clusterName}) can confirm it matches (FM-4.1)\n`,
      );
    }
    return;
  }
  if (format === 'json') {
    cli.io.stdout.write(
      `${JSON.stringify({ valid: false, rule: result.rule, reason: result.reason }, null, 2)}\n`,
    );
  } else {
    cli.io.stdout.write(`invalid: rule ${result.rule}: ${result.reason}\n`);
  }
  cli.exitCode = 1;
}

/** Accept the bare token or a whole ExecCredential (so `fleetlink token … | fleetlink token verify -` works). */
function extractToken(raw: string): string {
  const text = raw.trim();
  if (!text.startsWith('{')) return text;
  try {
    const parsed = JSON.parse(text) as { status?: { token?: unknown } };
    if (typeof parsed.status?.token === 'string') return parsed.status.token;
  } catch {
    // fall through
  }
  throw new UserError('the input looks like JSON but is not an ExecCredential with status.token', {
    exitCode: 2,
  });
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
