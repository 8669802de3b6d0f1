/**
 * `fleetlink plan [FLEET] [--out DIR] [--format text|json] [--resolve-ca]`
 * Fleet file → AccessPlan → files. No network unless --resolve-ca asks for the CAs the fleet
 * file only points to (SSM parameter, or `discover` from EKS DescribeCluster).
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Fleet, SpokeSettings } from '../../fleet/types.js';
import type { AccessPlan } from '../../plan/types.js';
import { parseFormat } from '../run.js';

interface PlanOptions {
  readonly out?: string;
  readonly format: string;
  readonly resolveCa?: boolean;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'compute every IAM document, access entry and Argo CD artifact the fleet needs (offline unless --resolve-ca)',
    )
    .argument('[fleet]', 'fleet file', 'fleet.yaml')
    .option('-o, --out <dir>', 'write plan.json, iam/ and argocd/ into DIR (atomically: all or nothing)')
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--resolve-ca', 'fetch caData of spokes whose CA is in SSM or marked discover (calls AWS)')
    .addHelpText(
      'after',
      '\nExamples:\n  fleetlink plan examples/two-accounts/fleet.yaml --out out/two-accounts\n  fleetlink plan fleet.yaml --format json > plan.json',
    )
    .action(async (file: string, opts: PlanOptions) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      const { planFromFleetFile, printWarnings } = await import('../inputs.js');
      const planned = await planFromFleetFile(file);
      let plan = { ...planned.plan, warnings: planned.warnings };
      if (opts.resolveCa) plan = await resolveCaData(plan, planned.fleet);
      printWarnings(plan.warnings);

      let written: { dir: string; files: string[] } | undefined;
      if (opts.out) {
        const { renderPlanFiles } = await import('../../render/files.js');
        const { writeDirAtomically } = await import('../output.js');
        const files = renderPlanFiles(plan);
        await writeDirAtomically(opts.out, files);
        written = { dir: opts.out, files: [...files.keys()] };
      }

      if (format === 'json') {
        process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        if (written) process.stderr.write(`wrote ${written.files.length} files to ${written.dir}\n`);
        return;
      }
      const { summarizePlan } = await import('../../plan/summary.js');
      process.stdout.write(summarizePlan(plan));
      if (written) process.stdout.write(describeOutput(plan, file, written.dir, written.files));
      else
        process.stdout.write(
          `\nNothing written. Add --out DIR to write the IAM documents and Argo CD files.\n`,
        );
    });
}

const FILE_NOTES: readonly [RegExp, string][] = [
  [/^plan\.json$/, 'the whole AccessPlan (input to prove, synth, diagram)'],
  [/\.trust\.json$/, 'IAM role trust policy'],
  [/\.managed-policy\.json$/, 'customer-managed policy for the management role'],
  [/\.policy\.json$/, 'IAM role inline permission policy'],
  [/^argocd\/values\.yaml$/, 'argo-cd Helm values overlay (service accounts + clusterCredentials)'],
  [/^argocd\/clusters\//, 'declarative Argo CD cluster Secret (no credential inside)'],
  [/^argocd\/projects\//, 'Argo CD AppProject: destinations matching the access entries'],
  [/^argocd\/RESTART\.md$/, 'restart commands so pods pick up their identity'],
];

function describeOutput(plan: AccessPlan, fleetFile: string, dir: string, files: readonly string[]): string {
  const width = Math.min(60, Math.max(...files.map((f) => f.length)));
  const ordered = ['plan.json', ...files.filter((f) => f !== 'plan.json')];
  const shown = ordered.length > 40 ? [...ordered.slice(0, 30), `… ${files.length - 30} more`] : ordered;
  const lines = ['', `Wrote ${files.length} files to ${dir}/:`];
  for (const f of shown) {
    const note = FILE_NOTES.find(([re]) => re.test(f))?.[1] ?? '';
    lines.push(`  ${f.padEnd(width)}  ${note}`);
  }
  const pending = plan.clusters.filter((c) => c.caSource).map((c) => c.name);
  lines.push('', 'Next steps:');
  let n = 1;
  if (pending.length > 0)
    lines.push(
      `  ${n++}. Fill in caData for ${pending.join(', ')} (see the file headers), or re-run with --resolve-ca.`,
    );
  lines.push(
    `  ${n++}. Create the AWS side (roles, policies, access entries${plan.identity === 'pod-identity' ? ', Pod Identity associations' : ''}): \`fleetlink synth ${fleetFile}\` (CDK), or feed ${dir}/iam/ and ${dir}/plan.json to your own IaC.`,
  );
  if (plan.identity === 'eks-capability')
    lines.push(`  ${n++}. kubectl apply -n ${plan.argocd.namespace} -f ${dir}/argocd/clusters/`);
  else
    lines.push(
      `  ${n++}. helm upgrade --install ${plan.argocd.releaseName} argo/argo-cd -n ${plan.argocd.namespace} -f values.yaml -f ${dir}/argocd/values.yaml`,
      `  ${n++}. Restart Argo CD as ${dir}/argocd/RESTART.md says (the controller is a ${plan.argocd.workloads.find((w) => w.component === 'application-controller')?.kind ?? 'StatefulSet'}).`,
    );
  lines.push(
    `  ${n++}. Check the chain: \`fleetlink prove ${fleetFile}\` before deploying, \`fleetlink doctor\` after.`,
    '',
  );
  return lines.join('\n');
}

/** Clients `resolveCaData` needs; tests pass mocked ones. */
export interface CaClients {
  ssm(spoke: SpokeSettings): { send(command: unknown): Promise<unknown> };
  eks(spoke: SpokeSettings): { send(command: unknown): Promise<unknown> };
}

/**
 * Fetch the CA of every registration whose caData is not inline: SSM GetParameter (no decryption:
 * a CA is public, a SecureString would be a misuse) or EKS DescribeCluster, both in the spoke's
 * region with the spoke's credentials (`credentials.profile` / `credentials.roleArn`) or the default chain.
 */
export async function resolveCaData(
  plan: AccessPlan,
  fleet: Fleet,
  clients?: CaClients,
): Promise<AccessPlan> {
  const pending = plan.clusters.filter((c) => c.caSource);
  if (pending.length === 0) return plan;
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const { EKSClient, DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  const { toCaData, withCaData } = await import('../../plan/ca.js');
  const use = clients ?? (await defaultClients(SSMClient, EKSClient));
  const resolved = new Map<string, string>();
  for (const c of pending) {
    const spoke = fleet.spokes.find((s) => s.name === c.name);
    if (!spoke || !c.caSource) continue;
    try {
      if (c.caSource.kind === 'ssm') {
        const out = (await use
          .ssm(spoke)
          .send(new GetParameterCommand({ Name: c.caSource.parameter, WithDecryption: false }))) as {
          Parameter?: { Value?: string };
        };
        const value = out?.Parameter?.Value;
        if (!value) throw new UserError(`SSM parameter ${c.caSource.parameter} is empty`);
        resolved.set(c.name, toCaData(value, `SSM parameter ${c.caSource.parameter} (cluster ${c.name})`));
      } else {
        const out = (await use.eks(spoke).send(new DescribeClusterCommand({ name: spoke.clusterName }))) as {
          cluster?: { certificateAuthority?: { data?: string } };
        };
        const value = out?.cluster?.certificateAuthority?.data;
        if (!value)
          throw new UserError(`EKS cluster ${spoke.clusterName} returned no certificateAuthority.data`);
        resolved.set(
          c.name,
          toCaData(value, `certificateAuthority.data of EKS cluster ${spoke.clusterName}`),
        );
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      const e = error as { name?: string; message?: string };
      const call =
        c.caSource.kind === 'ssm'
          ? `ssm:GetParameter ${c.caSource.parameter}`
          : `eks:DescribeCluster ${spoke.clusterName}`;
      throw new UserError(
        `--resolve-ca: ${call} in ${spoke.account}/${spoke.region} failed for cluster ${c.name}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`,
        { exitCode: 2 },
      );
    }
  }
  return withCaData(plan, resolved);
}

async function defaultClients(
  SSMClient: typeof import('@aws-sdk/client-ssm').SSMClient,
  EKSClient: typeof import('@aws-sdk/client-eks').EKSClient,
): Promise<CaClients> {
  const { fromIni, fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
  const credentials = (s: SpokeSettings) =>
    s.credentials?.roleArn
      ? fromTemporaryCredentials({
          params: { RoleArn: s.credentials.roleArn, RoleSessionName: 'fleetlink-plan' },
          ...(s.credentials.profile
            ? { masterCredentials: fromIni({ profile: s.credentials.profile }) }
            : {}),
        })
      : s.credentials?.profile
        ? fromIni({ profile: s.credentials.profile })
        : undefined;
  const config = (s: SpokeSettings) => {
    const creds = credentials(s);
    return { region: s.region, ...(creds ? { credentials: creds } : {}) };
  };
  return {
    ssm: (s) => new SSMClient(config(s)),
    eks: (s) => new EKSClient(config(s)),
  };
}
