// doctor over 200 spokes (one AWS account each) against mocked AWS with 50 ms per call:
// wall time of the AWS collection against the critical-path lower bound (the longest chain of
// dependent calls × latency), AWS calls per spoke, and the time of the pure analysis.
// The hub's Kubernetes state is passed in pre-collected (its 4 reads run in parallel: 1 × latency).
import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
} from '@aws-sdk/client-eks';
import {
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { analyzeSnapshot } from '../dist/doctor/analyze.js';
import { collectSnapshot } from '../dist/doctor/doctor.js';
import { intentFromFleet } from '../dist/doctor/intent.js';
import { planFleet } from '../dist/plan/plan.js';
import { expectedSnapshot } from '../dist/testing/expected-snapshot.js';
import { generateFleet } from '../dist/testing/generate-fleet.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const SPOKES = 200;
const LATENCY = Number(process.env.LATENCY ?? 50);
// Longest dependent chains: ListAttachedRolePolicies → GetPolicy → GetPolicyVersion (a role with
// managed policies), GetRole → GetPolicy → GetPolicyVersion (a permissions boundary) and
// DescribeCluster(hub) → ListOpenIDConnectProviders → GetOpenIDConnectProvider. Every other read
// is at most 2 deep (ListAccessEntries → DescribeAccessEntry ∥ ListAssociatedAccessPolicies), no
// answer here is paginated, and credentials come from `credentialsFor` without a call (a real run
// adds one STS AssumeRole in front of each account's chain).
// The bound also counts the cap of calls in flight per account (see `bound` below); the defaults
// (256 accounts at once, 8 calls per account, both adaptive)
// let all 201 accounts and a healthy spoke's 8 reads go in one round, so the bound is reachable.
const CHAIN = 3;

const fleet = generateFleet(SPOKES);
const plan = planFleet(fleet);
const world = expectedSnapshot(plan);
const accounts = new Map(world.accounts.map((a) => [a.account, a]));
const enc = (d) => encodeURIComponent(JSON.stringify(d));
let calls = 0;
/** Calls per account in the last run: with at most PER_ACCOUNT in flight, an account needs ⌈n / cap⌉ rounds. */
let perAccount = new Map();
const PER_ACCOUNT = 8;

// A minimal stand-in for aws-sdk-client-mock: replace `send` on the client prototypes (as the
// mock library does), dispatching on the command class. sinon's matching machinery would add
// ~1 ms of CPU per call, which is the mock's cost, not doctor's.
const handlers = new Map();
for (const Client of [EKSClient, IAMClient]) {
  Client.prototype.send = async function (command) {
    const { accessKeyId } = await this.config.credentials();
    calls++;
    perAccount.set(accessKeyId, (perAccount.get(accessKeyId) ?? 0) + 1);
    if (LATENCY > 0) await new Promise((r) => setTimeout(r, LATENCY));
    return handlers.get(command.constructor)(accounts.get(accessKeyId.slice(6)), command.input);
  };
}
const eks = null;
const iam = null;
const on = (_mock, cmd, fn) => handlers.set(cmd, fn);
const cluster = (a, name) => a.clusters.find((c) => c.name === name);
const role = (a, name) => {
  const r = a.roles.find((x) => x.roleName === name);
  if (!r) throw new NoSuchEntityException({ message: 'no such role', $metadata: {} });
  return r;
};
const policy = (a, arn) => a.roles.flatMap((r) => r.attachedPolicies).find((p) => p.arn === arn);

on(eks, DescribeClusterCommand, (a, i) => {
  const c = cluster(a, i.name);
  return {
    cluster: {
      name: c.name,
      arn: c.arn,
      endpoint: c.endpoint,
      certificateAuthority: { data: c.certificateAuthorityData },
      identity: c.oidcIssuer ? { oidc: { issuer: c.oidcIssuer } } : undefined,
      accessConfig: { authenticationMode: c.authenticationMode },
      resourcesVpcConfig: {
        endpointPublicAccess: true,
        endpointPrivateAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      status: 'ACTIVE',
    },
  };
});
on(eks, ListAccessEntriesCommand, (a, i) => ({
  accessEntries: (cluster(a, i.clusterName).accessEntries ?? []).map((e) => e.principalArn),
}));
on(eks, DescribeAccessEntryCommand, (a, i) => {
  const e = cluster(a, i.clusterName).accessEntries.find((x) => x.principalArn === i.principalArn);
  return {
    accessEntry: {
      principalArn: e.principalArn,
      kubernetesGroups: e.kubernetesGroups,
      type: 'STANDARD',
      createdAt: new Date(e.createdAt),
      modifiedAt: new Date(e.modifiedAt),
    },
  };
});
on(eks, ListAssociatedAccessPoliciesCommand, (a, i) => ({
  associatedAccessPolicies: cluster(a, i.clusterName)
    .accessEntries.find((x) => x.principalArn === i.principalArn)
    .accessPolicies.map((p) => ({
      policyArn: p.policyArn,
      accessScope: p.accessScope,
      associatedAt: new Date(p.associatedAt),
    })),
}));
on(iam, GetRoleCommand, (a, i) => {
  const r = role(a, i.RoleName);
  return {
    Role: {
      Arn: r.arn,
      RoleName: r.roleName,
      RoleId: r.roleId,
      Path: r.path,
      CreateDate: new Date(r.createDate),
      AssumeRolePolicyDocument: enc(r.trustPolicy),
      MaxSessionDuration: 3600,
    },
  };
});
on(iam, ListRolePoliciesCommand, (a, i) => ({
  PolicyNames: role(a, i.RoleName).inlinePolicies.map((p) => p.name),
  IsTruncated: false,
}));
on(iam, GetRolePolicyCommand, (a, i) => ({
  PolicyName: i.PolicyName,
  PolicyDocument: enc(role(a, i.RoleName).inlinePolicies.find((p) => p.name === i.PolicyName).document),
}));
on(iam, ListAttachedRolePoliciesCommand, (a, i) => ({
  AttachedPolicies: role(a, i.RoleName).attachedPolicies.map((p) => ({
    PolicyArn: p.arn,
    PolicyName: p.name,
  })),
  IsTruncated: false,
}));
on(iam, GetPolicyCommand, (a, i) => ({
  Policy: { Arn: i.PolicyArn, PolicyName: policy(a, i.PolicyArn)?.name, DefaultVersionId: 'v1' },
}));
on(iam, GetPolicyVersionCommand, (a, i) => ({
  PolicyVersion: { Document: enc(policy(a, i.PolicyArn)?.document ?? {}), VersionId: 'v1' },
}));
on(iam, ListOpenIDConnectProvidersCommand, (a) => ({
  OpenIDConnectProviderList: (a.oidcProviders ?? []).map((p) => ({ Arn: p.arn })),
}));
on(iam, GetOpenIDConnectProviderCommand, (a, i) => {
  const p = a.oidcProviders.find((x) => x.arn === i.OpenIDConnectProviderArn);
  return { Url: p.url, ClientIDList: p.clientIds };
});
on(iam, GetAccountSummaryCommand, () => ({
  SummaryMap: { AssumeRolePolicySizeQuota: 2048, RolePolicySizeQuota: 10240 },
}));

async function run(concurrency) {
  calls = 0;
  perAccount = new Map();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const snapshot = await collectSnapshot({
    intent: intentFromFleet(fleet),
    hub: world.hub,
    ...(process.env.TRACE && {
      onProgress: (p) => {
        if (p.done % 32 === 0 || p.done === p.total || p.done === 1)
          console.error(`${p.phase} ${p.done} ${(performance.now() - t0).toFixed(0)}ms`);
      },
    }),
    aws: {
      ...(concurrency && { concurrency }),

      credentialsFor: (_c, _r, account) => async () => ({
        accessKeyId: `bench-${account}`,
        secretAccessKey: 'bench',
      }),
    },
  });
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1000;
  const errors = snapshot.accounts.flatMap((a) => a.errors);
  if (errors.length > 0) throw new Error(`collection errors: ${JSON.stringify(errors.slice(0, 3))}`);
  const busiest = Math.max(...perAccount.values());
  return { wall, cpu, calls, snapshot, busiest };
}

const rows = [];
for (const c of process.env.RUNS
  ? process.env.RUNS.split(',').map((x) => (x === 'd' ? undefined : Number(x)))
  : [16, 128, undefined]) {
  const r = await run(c);
  rows.push({
    concurrency: c ?? '256 (default)',
    wall: r.wall,
    cpu: r.cpu,
    calls: r.calls,
    snapshot: r.snapshot,
    // The true bound: the longest dependent chain, or the busiest account's calls over its cap of
    // calls in flight, whichever needs more rounds of latency (the account cap of 256 holds all 201).
    bound: Math.max(CHAIN, Math.ceil(r.busiest / PER_ACCOUNT)) * LATENCY,
    busiest: r.busiest,
  });
}
const t1 = performance.now();
const result = analyzeSnapshot(rows.at(-1).snapshot, { plan });
const analyse = performance.now() - t1;

console.log(
  `| spokes | latency/call | concurrency | AWS calls | calls/spoke | wall (ms) | CPU (ms) | bound (ms) | wall / bound |`,
);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const r of rows)
  console.log(
    `| ${SPOKES} | ${LATENCY} ms | ${r.concurrency} | ${r.calls} | ${(r.calls / SPOKES).toFixed(1)} | ${r.wall.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.bound} | ${(r.wall / r.bound).toFixed(2)}× |`,
  );
const best = rows.at(-1);
const ratio = best.wall / best.bound;
const load = (await import('node:os')).loadavg()[0].toFixed(1);
console.log(
  `\ndefault concurrency: wall / critical-path bound ${ratio.toFixed(2)}× (target ≤ 1.3×) ${ratio <= 1.3 ? 'OK' : 'MISSED'}; bound = max(${CHAIN}-call chain, ⌈${best.busiest} calls of the busiest account / ${PER_ACCOUNT} in flight⌉) × ${LATENCY} ms = ${best.bound} ms; one JS thread: wall ≥ CPU (${best.cpu.toFixed(0)} ms), wall / max(bound, CPU) ${(best.wall / Math.max(best.bound, best.cpu)).toFixed(2)}×; load average ${load}`,
);
console.log(
  `\nanalysis (rules + prove on the observed plan + drift), ${SPOKES} spokes: ${analyse.toFixed(0)} ms; ${result.findings.filter((f) => f.severity === 'error').length} error finding(s)`,
);
