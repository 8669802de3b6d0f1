/**
 * `fleetlink plan [FLEET] [--out DIR] [--format text|json] [--resolve-ca] [--require-ca]`
 * Fleet file → AccessPlan → files. No network unless --resolve-ca asks for the CAs the fleet
 * file only points to (SSM parameter, or `discover` from EKS DescribeCluster).
 */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { Fleet, SpokeSettings } from '../../fleet/types.js';
import type { AccessPlan } from '../../plan/types.js';
import type { Cli } from '../io.js';
import { parseFormat } from '../run.js';

interface PlanOptions {
  readonly out?: string;
  readonly format: string;
  readonly resolveCa?: boolean;
  readonly requireCa?: boolean;
}

export function register(program: Command, cli: Cli): void {
  program
    .command('plan')
    .description(
      'compute every IAM document, access entry and Argo CD artifact the fleet needs (offline unless --resolve-ca)',
    )
    .argument('[fleet]', 'fleet file', 'fleet.yaml')
    .option('-o, --out <dir>', 'write plan.json, iam/ and argocd/ into DIR (atomically: all or nothing)')
    .option('--format <format>', 'output format: text or json', 'text')
    .option('--resolve-ca', 'fetch caData of spokes whose CA is in SSM or marked discover (calls AWS)')
    .option(
      '--require-ca',
      'exit 1 when a cluster CA is still pending (after --resolve-ca, if given): for CI, where a pending CA must not pass',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  npx fleetlink plan examples/two-accounts/fleet.yaml --out out/two-accounts\n  npx fleetlink plan fleet.yaml --format json > plan.json',
    )
    .action(async (file: string, opts: PlanOptions) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const);
      const { planFromFleetFile, printWarnings } = await import('../inputs.js');
      const planned = await planFromFleetFile(file, cli.io.cwd);
      let plan = { ...planned.plan, warnings: planned.warnings };
      if (opts.resolveCa) plan = await resolveCaData(plan, planned.fleet);
      printWarnings(plan.warnings, cli.io.stderr);
      const pending = pendingCa(plan);
      if (pending.length > 0) cli.io.stderr.write(caPendingWarning(pending, file, opts.out));
      if (pending.length > 0 && opts.requireCa) cli.exitCode = 1;

      let written: { dir: string; files: string[] } | undefined;
      if (opts.out) {
        const { renderPlanFiles } = await import('../../render/files.js');
        const { writeDirAtomically } = await import('../output.js');
        const files = renderPlanFiles(plan);
        await writeDirAtomically(opts.out, files, cli.io.cwd);
        written = { dir: opts.out, files: [...files.keys()] };
      }

      if (format === 'json') {
        cli.io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        if (written) cli.io.stderr.write(`wrote ${written.files.length} files to ${written.dir}\n`);
        return;
      }
      const { summarizePlan } = await import('../../plan/summary.js');
      cli.io.stdout.write(summarizePlan(plan));
      if (written) cli.io.stdout.write(describeOutput(plan, file, written.dir, written.files));
      else
        cli.io.stdout.write(
          `\nNothing written. Add --out DIR to write the IAM documents and Argo CD files: ${CLI} plan ${shellWord(file)} --out out\n`,
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
  [/^argocd\/pending\//, 'cluster Secret waiting for its CA: do not apply as it is'],
  [/^argocd\/RESTART\.md$/, 'restart commands so pods pick up their identity'],
];

/** `npx fleetlink …` runs the package's own bin from a clone after `npm install` (README "Quick start"). */
const CLI = 'npx fleetlink';

function shellWord(word: string): string {
  return /^[\w./:@=-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** Clusters whose CA is a placeholder: their Secrets are in argocd/pending/ (clusterSecretPath). */
export function pendingCa(plan: AccessPlan): string[] {
  return plan.clusters.filter((c) => c.caSource).map((c) => c.name);
}

/**
 * The warning for clusters whose CA is not known: impossible to miss, on stderr, whatever the
 * output format. A placeholder caData makes Argo CD log "illegal base64 data" and skip the
 * cluster, with nothing in its UI.
 */
export function caPendingWarning(
  names: readonly string[],
  fleetFile: string,
  dir: string | undefined,
): string {
  const out = dir === undefined ? 'DIR' : shellWord(dir);
  return [
    `warning CA-PENDING ${names.join(', ')}: ${names.length} cluster(s) have no CA in ${fleetFile} (ca: discover or ssmParameter)`,
    '  A placeholder caData makes Argo CD log "illegal base64 data" and skip the cluster without a visible error, so',
    `  their Secrets go to ${dir === undefined ? 'DIR/' : `${dir}/`}argocd/pending/ (not argocd/clusters/) and are left out of argocd/values.yaml.`,
    `  fix: ${CLI} plan ${shellWord(fleetFile)} --out ${out} --resolve-ca (with AWS credentials), or fill caData as the file header says and move the file to argocd/clusters/`,
    '',
  ].join('\n');
}

function describeOutput(plan: AccessPlan, fleetFile: string, dir: string, files: readonly string[]): string {
  const width = Math.min(60, Math.max(...files.map((f) => f.length)));
  const ordered = ['plan.json', ...files.filter((f) => f !== 'plan.json')];
  const shown = ordered.length > 40 ? [...ordered.slice(0, 30), `… ${files.length - 30} more`] : ordered;
  const lines = ['', `Wrote ${files.length} files to ${dir}/:`];
  for (const f of shown) {
    const note = FILE_NOTES.find(([re]) => re.test(f))?.[1] ?? '';
    lines.push(`  ${f.padEnd(width)}  ${note}`);
  }
  const fleet = shellWord(fleetFile);
  const out = shellWord(dir);
  const pending = pendingCa(plan);
  lines.push('', 'Next steps:');
  let n = 1;
  if (pending.length > 0)
    lines.push(
      `  ${n++}. CA PENDING for ${pending.join(', ')}: \`${CLI} plan ${fleet} --out ${out} --resolve-ca\` (AWS credentials), or fill caData in ${out}/argocd/pending/ and move the files to argocd/clusters/.`,
    );
  lines.push(
    `  ${n++}. Create the AWS side (roles, policies, access entries${plan.identity === 'pod-identity' ? ', Pod Identity associations' : ''}): \`${CLI} synth ${fleet}\` (CDK), or feed ${out}/iam/ and ${out}/plan.json to your own IaC.`,
  );
  if (plan.identity === 'eks-capability') {
    if ((plan.capability?.rbac.length ?? 0) > 0)
      lines.push(
        `  ${n++}. On each spoke, as its owner (not through Argo CD): kubectl apply -f ${out}/argocd/rbac/<spoke>.yaml`,
      );
    lines.push(`  ${n++}. kubectl apply -n ${plan.argocd.namespace} -f ${out}/argocd/clusters/`);
  } else
    lines.push(
      `  ${n++}. Register the clusters with ONE of these (both create the same Secrets argocd-cluster-<name>; never both):`,
      `       Argo CD installed with the argo-cd Helm chart: helm upgrade --install ${plan.argocd.releaseName} argo/argo-cd -n ${plan.argocd.namespace} -f values.yaml -f ${out}/argocd/values.yaml`,
      `       installed any other way (manifests, Kustomize, GitOps): kubectl apply -n ${plan.argocd.namespace} -f ${out}/argocd/clusters/ (and annotate the service accounts as argocd/values.yaml shows)`,
      `  ${n++}. Restart Argo CD as ${out}/argocd/RESTART.md says (the controller is a ${plan.argocd.workloads.find((w) => w.component === 'application-controller')?.kind ?? 'StatefulSet'}).`,
    );
  lines.push(
    `  ${n++}. Check the chain: \`${CLI} prove ${fleet}\` before deploying, \`${CLI} doctor ${fleet}\` after.`,
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
