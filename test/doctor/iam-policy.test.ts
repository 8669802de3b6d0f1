/**
 * `doctor --print-iam-policy` grants exactly what the collector calls: a doctor run against the
 * fake AWS (aws-sdk-client-mock) records every call, and each one, with the resource ARN IAM
 * authorizes it against (Service Authorization Reference for EKS and IAM), is evaluated by
 * Fleetlink's evaluator against the printed policy of its account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_CALLS } from '../../src/doctor/aws-calls.js';
import { collectAws } from '../../src/doctor/collect-aws.js';
import { doctorPermissions } from '../../src/doctor/iam-policy.js';
import { collectionTargets } from '../../src/doctor/intent.js';
import type { Snapshot } from '../../src/doctor/snapshot.js';
import { evaluate } from '../../src/iam/evaluate.js';
import { type FakeAws, installFakeAws, testCredentials } from './helpers/fake-aws.js';
import { healthyPodIdentitySnapshot, healthySnapshot } from './helpers/healthy.js';

let fake: FakeAws | undefined;
afterEach(() => fake?.restore());

const EKS_CALLS = new Set([
  'DescribeCluster',
  'ListAccessEntries',
  'DescribeAccessEntry',
  'ListAssociatedAccessPolicies',
  'ListPodIdentityAssociations',
  'DescribePodIdentityAssociation',
]);

/** The resource ARN IAM checks for a call, written out from the service's resource types. */
function resourceOf(snap: Snapshot, account: string, name: string, input: Record<string, string>): string {
  const a = snap.accounts.find((x) => x.account === account);
  const clusterName = input.clusterName ?? input.name ?? '';
  const region = a?.clusters.find((c) => c.name === clusterName)?.region ?? 'us-east-1';
  const cluster = `arn:aws:eks:${region}:${account}:cluster/${clusterName}`;
  const role = () =>
    a?.roles.find((r) => r.roleName === input.RoleName)?.arn ??
    `arn:aws:iam::${account}:role/${input.RoleName}`;
  switch (name) {
    case 'DescribeCluster':
    case 'ListAccessEntries':
    case 'ListPodIdentityAssociations':
      return cluster;
    case 'DescribeAccessEntry':
    case 'ListAssociatedAccessPolicies': {
      const principal = input.principalArn ?? '';
      const [, , , , acct, res] = principal.split(':');
      return `arn:aws:eks:${region}:${account}:access-entry/${clusterName}/role/${acct}/${res?.split('/').pop()}/0ac2b1a8-1111-2222-3333-444455556666`;
    }
    case 'DescribePodIdentityAssociation':
      return `arn:aws:eks:${region}:${account}:podidentityassociation/${clusterName}/${input.associationId}`;
    case 'GetRole':
    case 'ListRolePolicies':
    case 'GetRolePolicy':
    case 'ListAttachedRolePolicies':
      return role();
    case 'GetPolicy':
    case 'GetPolicyVersion':
      return input.PolicyArn ?? '';
    case 'GetOpenIDConnectProvider':
      return input.OpenIDConnectProviderArn ?? '';
    default:
      return '*';
  }
}

function allowed(snap: Snapshot, account: string, action: string, resource: string) {
  const policy = doctorPermissions(snap.intent).read[account];
  return evaluate(
    {
      principal: `arn:aws:sts::${account}:assumed-role/fleetlink-doctor/doctor`,
      action,
      resource,
      // These are reads in the caller's own account (no resource policy is involved), also for
      // `*` and for AWS managed policies (account `aws`).
      resourceAccount: account,
      identityPolicies: policy ? [policy] : [],
    },
    { explain: false },
  ).decision;
}

async function recordedRun(snap: Snapshot) {
  fake = installFakeAws(snap);
  const targets = collectionTargets(snap.intent, snap.hub).map((t) => ({
    ...t,
    credentials: { profile: t.account },
  }));
  const accounts = await collectAws(targets, {
    credentialsFor: (c) => testCredentials(c?.profile ?? 'none'),
    sleep: async () => {},
  });
  expect(accounts.flatMap((a) => a.errors)).toEqual([]);
  return fake.log;
}

describe('doctor --print-iam-policy against the calls doctor makes', () => {
  it.each([
    ['IRSA', healthySnapshot],
    ['Pod Identity', healthyPodIdentitySnapshot],
  ])('%s: every recorded call is allowed by the printed policy of its account', async (_, make) => {
    const snap = make();
    const log = await recordedRun(snap);
    expect(log.length).toBeGreaterThan(10);
    const denied: string[] = [];
    for (const { account, name, input } of log) {
      // The collector makes only declared calls.
      expect(Object.keys(AWS_CALLS)).toContain(name);
      const action = `${EKS_CALLS.has(name) ? 'eks' : 'iam'}:${name}`;
      const resource = resourceOf(snap, account, name, input);
      if (allowed(snap, account, action, resource) !== 'Allowed')
        denied.push(`${account} ${action} ${resource}`);
    }
    expect(denied).toEqual([]);
  });

  it('denies calls outside the declared list and resources outside the fleet', async () => {
    const snap = healthySnapshot();
    const log = await recordedRun(snap);
    const { account, input } = log.find((c) => c.name === 'DescribeCluster') ?? { account: '', input: {} };
    const cluster = resourceOf(snap, account, 'DescribeCluster', input);
    expect(allowed(snap, account, 'eks:DescribeCluster', cluster)).toBe('Allowed');
    expect(allowed(snap, account, 'eks:DeleteCluster', cluster)).toBe('ImplicitlyDenied');
    expect(allowed(snap, account, 'eks:UpdateClusterConfig', cluster)).toBe('ImplicitlyDenied');
    expect(allowed(snap, account, 'iam:ListRoles', '*')).toBe('ImplicitlyDenied');
    expect(allowed(snap, account, 'iam:GetRole', `arn:aws:iam::${account}:role/someone-else`)).toBe(
      'ImplicitlyDenied',
    );
    expect(
      allowed(snap, account, 'eks:DescribeCluster', cluster.replace(/cluster\/.*/, 'cluster/other')),
    ).toBe('ImplicitlyDenied');
  });
});
