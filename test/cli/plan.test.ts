/**
 * `fleetlink plan` as a user runs it (the compiled CLI in a child process), plus `--resolve-ca`'s
 * AWS calls in-process against aws-sdk-client-mock with the API's real response shapes.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolveCaData } from '../../src/cli/commands/plan.js';
import { UserError } from '../../src/errors.js';
import { parseFleet } from '../../src/fleet/load.js';
import { planFleet } from '../../src/plan/plan.js';
import { renderPlanFiles } from '../../src/render/files.js';
import { CA_DATA, fleet, manySpokes, spoke } from '../plan/fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const example = (name: string) => join(root, 'examples', name, 'fleet.yaml');
const work = mkdtempSync(join(tmpdir(), 'fleetlink-cli-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: readonly string[], cwd = work) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? tree(join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`],
    )
    .sort();
}

describe('fleetlink plan', () => {
  it('prints only the AccessPlan JSON on stdout with --format json', () => {
    const r = run(['plan', example('two-accounts'), '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.kind).toBe('AccessPlan');
    expect(plan.roles.map((x: { arn: string }) => x.arn)).toEqual([
      'arn:aws:iam::111111111111:role/argocd-manager',
      'arn:aws:iam::222222222222:role/argocd-deployer',
    ]);
  });

  it('--out writes the whole tree and tells a newcomer what it is and what to do next', () => {
    const r = run(['plan', example('two-accounts'), '--out', 'out/two-accounts']);
    expect(r.code).toBe(0);
    const file = 'examples/two-accounts/fleet.yaml';
    const expected = renderPlanFiles(
      planFleet(parseFleet(readFileSync(join(root, file), 'utf8'), file).fleet),
    );
    const dir = join(work, 'out', 'two-accounts');
    expect(tree(dir)).toEqual([...expected.keys()].sort());
    expect(readFileSync(join(dir, 'argocd', 'clusters', 'cluster2.yaml'), 'utf8')).toBe(
      expected.get('argocd/clusters/cluster2.yaml'),
    );
    expect(readdirSync(join(work, 'out'))).toEqual(['two-accounts']); // no temp dirs left behind
    expect(r.stdout).toContain('Account 222222222222');
    expect(r.stdout).toContain(`Wrote ${expected.size} files to out/two-accounts/`);
    expect(r.stdout).toContain(
      'helm upgrade --install argo-cd argo/argo-cd -n argocd -f values.yaml -f out/two-accounts/argocd/values.yaml',
    );
    expect(r.stdout).toContain(
      'Restart Argo CD as out/two-accounts/argocd/RESTART.md says (the controller is a StatefulSet)',
    );
  });

  it('replaces a previous output directory as a whole', () => {
    const dir = join(work, 'replace');
    mkdirSync(join(dir, 'argocd', 'clusters'), { recursive: true });
    writeFileSync(join(dir, 'argocd', 'clusters', 'stale.yaml'), 'old');
    expect(run(['plan', example('pod-identity'), '--out', 'replace', '--format', 'json']).code).toBe(0);
    expect(existsSync(join(dir, 'argocd', 'clusters', 'stale.yaml'))).toBe(false);
    expect(existsSync(join(dir, 'plan.json'))).toBe(true);
  });

  it('a failing run writes nothing and reports file:line:column, exit 1', () => {
    const bad = join(work, 'bad.yaml');
    const good = readFileSync(example('two-accounts'), 'utf8');
    writeFileSync(bad, good.replace('account: "222222222222"', 'account: "22222"'));
    const r = run(['plan', bad, '--out', 'never']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(work, 'never'))).toBe(false);
    expect(readdirSync(work).some((f) => f.startsWith('.never'))).toBe(false);
  });

  it('a fleet too large for IAM without an Organization fails with the numbers, writing nothing', async () => {
    const { fleetToYaml } = await import('../../src/fleet/serialize.js');
    const big = join(work, 'big.yaml');
    writeFileSync(big, fleetToYaml(fleet({ spokes: manySpokes(2500, 50, '/') })));
    const r = run(['plan', big, '--out', 'big-out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot list all 2500 deployer role ARNs within IAM's limits: \d+ fit/);
    expect(existsSync(join(work, 'big-out'))).toBe(false);
  });

  it('rejects an unknown format as a usage error', () => {
    const r = run(['plan', example('two-accounts'), '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of text, json');
  });
});

describe('plan with a CA that is not known yet', () => {
  it('writes those Secrets to argocd/pending/, leaves them out of values.yaml, and warns on stderr whatever the format', () => {
    const out = join(work, 'pending-ca');
    const r = run(['plan', example('organization'), '--out', out, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kind).toBe('AccessPlan');
    expect(r.stderr).toContain('warning CA-PENDING data-prod, shop-prod: 2 cluster(s) have no CA');
    expect(r.stderr).toContain('illegal base64 data');
    const files = tree(out);
    expect(files).toContain('argocd/pending/data-prod.yaml');
    expect(files).not.toContain('argocd/clusters/data-prod.yaml');
    expect(files).toContain('argocd/clusters/shop-dev.yaml');
    const values = readFileSync(join(out, 'argocd', 'values.yaml'), 'utf8');
    expect(values).not.toMatch(/^ {4}data-prod:/m);
    expect(values).toMatch(/^ {4}shop-dev:/m);
  });

  it('--require-ca turns a pending CA into exit 1 (for CI); a fleet with inline CAs passes', () => {
    expect(run(['plan', example('organization'), '--require-ca']).code).toBe(1);
    expect(run(['plan', example('two-accounts'), '--require-ca']).code).toBe(0);
  });
});

describe('plan --resolve-ca', () => {
  const ssm = mockClient(SSMClient);
  const eks = mockClient(EKSClient);
  afterEach(() => {
    ssm.reset();
    eks.reset();
  });
  const pem = Buffer.from(CA_DATA, 'base64').toString('utf8');
  const f = fleet({
    spokes: [
      spoke('from-ssm', { ca: { kind: 'ssm', parameter: '/eks/from-ssm/ca' }, region: 'eu-west-1' }),
      spoke('discovered', { ca: { kind: 'discover' }, region: 'us-east-1', clusterName: 'eks-discovered' }),
      spoke('inline'),
    ],
  });
  // GetParameter and DescribeCluster response shapes as the AWS APIs return them.
  const ssmResponse = (value: string) => ({
    Parameter: {
      Name: '/eks/from-ssm/ca',
      Type: 'String' as const,
      Value: value,
      Version: 1,
      LastModifiedDate: new Date('2026-01-01T00:00:00Z'),
      ARN: 'arn:aws:ssm:eu-west-1:222222222222:parameter/eks/from-ssm/ca',
      DataType: 'text',
    },
  });
  const eksResponse = {
    cluster: {
      name: 'eks-discovered',
      arn: 'arn:aws:eks:us-east-1:222222222222:cluster/eks-discovered',
      version: '1.33',
      endpoint: 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      certificateAuthority: { data: CA_DATA },
      status: 'ACTIVE' as const,
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' as const },
    },
  };

  it('fills caData from SSM (a PEM is encoded once) and from DescribeCluster (kept as is), in the spoke region', async () => {
    ssm.on(GetParameterCommand).resolves(ssmResponse(pem));
    eks.on(DescribeClusterCommand).resolves(eksResponse);
    const plan = await resolveCaData(planFleet(f), f);
    for (const c of plan.clusters) {
      expect(c.config.tlsClientConfig.caData).toBe(CA_DATA);
      expect(c.caSource).toBeUndefined();
    }
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/eks/from-ssm/ca',
      WithDecryption: false,
    });
    expect(eks.commandCalls(DescribeClusterCommand)[0]?.args[0].input).toEqual({ name: 'eks-discovered' });
    const ssmClient = ssm.call(0).thisValue as SSMClient;
    const eksClient = eks.call(0).thisValue as EKSClient;
    expect(await ssmClient.config.region()).toBe('eu-west-1');
    expect(await eksClient.config.region()).toBe('us-east-1');
    const secret = renderPlanFiles(plan).get('argocd/clusters/from-ssm.yaml') as string;
    expect(secret).not.toContain('BEFORE APPLYING');
  });

  it('refuses base64 applied twice (the original write-up defect)', async () => {
    ssm.on(GetParameterCommand).resolves(ssmResponse(Buffer.from(CA_DATA).toString('base64')));
    eks.on(DescribeClusterCommand).resolves(eksResponse);
    await expect(resolveCaData(planFleet(f), f)).rejects.toThrow(/base64 applied twice/);
  });

  it('turns an AWS error into a usage error naming the call, cluster, account and region', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    ssm.on(GetParameterCommand).rejects(denied);
    eks.on(DescribeClusterCommand).resolves(eksResponse);
    const error = await resolveCaData(planFleet(f), f).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      '--resolve-ca: ssm:GetParameter /eks/from-ssm/ca in 222222222222/eu-west-1 failed for cluster from-ssm: AccessDeniedException: User is not authorized to perform: ssm:GetParameter',
    );
  });
});
