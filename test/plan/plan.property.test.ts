/**
 * Property tests over generated fleets (fast-check): determinism, one-to-one spoke artifacts,
 * least privilege of every generated policy, packing inside IAM limits up to 5,000 spokes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Fleet, SpokeSettings } from '../../src/fleet/types.js';
import { planFleet } from '../../src/plan/plan.js';
import { measureRole } from '../../src/plan/policy-size.js';
import type { AccessPlan, PolicyDocument, PolicyStatement, RolePlan } from '../../src/plan/types.js';
import { fleet, spoke } from './fixtures.js';

const statements = (d: PolicyDocument): PolicyStatement[] =>
  Array.isArray(d.Statement) ? [...d.Statement] : [d.Statement as PolicyStatement];

const allDocs = (plan: AccessPlan): { doc: PolicyDocument; trust: boolean }[] =>
  plan.roles.flatMap((r) => [
    { doc: r.trustPolicy, trust: true },
    ...[...r.inlinePolicies, ...r.managedPolicies].map((p) => ({ doc: p.document, trust: false })),
  ]);

const globToRegex = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const account = fc.stringMatching(/^[0-9]{12}$/);
const region = fc.constantFrom('eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2');
const path = fc.constantFrom('/', '/fleetlink/', '/argocd/deployers/');
const accessArb = fc.record({
  policy: fc.constantFrom('cluster-admin', 'admin', 'edit', 'view', null),
  namespaces: fc.uniqueArray(label, { maxLength: 3 }),
  groups: fc.uniqueArray(label, { maxLength: 2 }),
});

const spokesArb = fc.uniqueArray(label, { minLength: 1, maxLength: 12 }).chain((names) =>
  fc.tuple(
    ...names.map((name) =>
      fc.record({ account, region, path, access: accessArb, shared: fc.boolean() }).map(
        (o): SpokeSettings =>
          spoke(name, {
            account: o.account,
            region: o.region,
            clusterName: `eks-${name}`,
            deployerRole: { name: o.shared ? 'argocd-deployer' : `argocd-deployer-${name}`, path: o.path },
            access: o.access as SpokeSettings['access'],
          }),
      ),
    ),
  ),
);

const fleetArb: fc.Arbitrary<Fleet> = fc
  .record({
    identity: fc.constantFrom('irsa', 'pod-identity', 'eks-capability'),
    spokes: spokesArb,
    org: fc.boolean(),
    registerSelf: fc.boolean(),
    namespace: fc.constantFrom('argocd', 'gitops'),
  })
  .map(({ identity, spokes, org, registerSelf, namespace }) => {
    const base = fleet();
    return fleet({
      identity: identity as Fleet['identity'],
      spokes,
      argocd: { ...base.argocd, namespace },
      hub: {
        ...base.hub,
        registerSelf,
        name: 'hub-self',
        capabilityRole: { name: 'ArgoCDCapabilityRole', path: '/' },
      },
      ...(org
        ? {
            organization: {
              id: 'o-exampleorg1',
              organizationalUnits: [],
              regions: [],
              delegatedAdmin: false,
            },
          }
        : {}),
    });
  });

function mgmtResources(plan: AccessPlan): { resources: string[]; conditioned: boolean } {
  const mgmt = plan.roles.find((r) => r.kind === 'management') as RolePlan;
  const sts = [...mgmt.inlinePolicies, ...mgmt.managedPolicies].flatMap((p) => statements(p.document));
  return {
    resources: sts.flatMap((s) => [s.Resource ?? []].flat()),
    conditioned: sts.every((s) => s.Condition?.StringEquals?.['aws:ResourceOrgID'] !== undefined),
  };
}

function checkPlan(f: Fleet, plan: AccessPlan): void {
  const capability = f.identity === 'eks-capability';
  const count = <T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const i of items) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
    return m;
  };
  const entries = count(plan.accessEntries, (e) => e.cluster);
  const regs = count(plan.clusters, (c) => c.name);
  const deployersOf = new Map<string, RolePlan[]>();
  for (const r of plan.roles)
    if (r.kind === 'deployer')
      for (const n of r.serves ?? []) deployersOf.set(n, [...(deployersOf.get(n) ?? []), r]);
  const { resources, conditioned } = capability ? { resources: [], conditioned: false } : mgmtResources(plan);
  const listed = new Set(resources);
  const patterns = conditioned ? resources.filter((r) => r.includes('*')).map(globToRegex) : [];
  const problems: string[] = [];
  for (const s of f.spokes) {
    if (entries.get(s.name)?.length !== 1) problems.push(`${s.name}: not exactly one access entry`);
    const reg = regs.get(s.name);
    if (reg?.length !== 1) problems.push(`${s.name}: not exactly one registration`);
    if (capability) continue;
    const roleArn = reg?.[0]?.config.awsAuthConfig?.roleARN as string;
    const deployers = deployersOf.get(s.name) ?? [];
    if (deployers.length !== 1 || deployers[0]?.arn !== roleArn)
      problems.push(`${s.name}: not exactly one deployer role`);
    if (entries.get(s.name)?.[0]?.principalArn !== roleArn)
      problems.push(`${s.name}: access entry principal`);
    // The management role may assume this deployer: listed, or matched by the org pattern under aws:ResourceOrgID.
    if (!listed.has(roleArn) && !patterns.some((re) => re.test(roleArn)))
      problems.push(`${roleArn} not in the management role's permissions`);
  }
  expect(problems).toEqual([]);
  // Nothing else: every listed resource is a deployer of this plan.
  if (!capability) {
    const deployerArns = new Set(plan.roles.filter((r) => r.kind === 'deployer').map((r) => r.arn));
    expect(resources.filter((r) => !r.includes('*') && !deployerArns.has(r))).toEqual([]);
  }
  for (const { doc, trust } of allDocs(plan))
    for (const st of statements(doc)) {
      const resources = [st.Resource ?? []].flat();
      expect(resources).not.toContain('*');
      if (trust) expect(st.Resource).toBeUndefined();
      const principals = st.Principal === '*' ? ['*'] : Object.values(st.Principal ?? {}).flat();
      if (principals.includes('*')) expect(st.Condition).toBeDefined();
      // Nothing argocd-k8s-auth cannot satisfy (FM-3.3).
      const keys = Object.values(st.Condition ?? {}).flatMap((c) => Object.keys(c));
      for (const k of ['sts:ExternalId', 'aws:MultiFactorAuthPresent', 'sts:SourceIdentity'])
        expect(keys).not.toContain(k);
    }
  for (const r of plan.roles) expect(measureRole(r).violations).toEqual([]);
  expect(plan.intended).toHaveLength(3 * f.spokes.length);
}

describe('planFleet properties', () => {
  it('is deterministic and independent of spoke order', () => {
    fc.assert(
      fc.property(fleetArb, fc.integer(), (f, seed) => {
        const a = planFleet(f);
        expect(planFleet(f)).toEqual(a);
        const shuffled = [...f.spokes].sort(
          (x, y) => ((x.name.length * seed) % 7) - ((y.name.length * seed) % 7),
        );
        expect(JSON.stringify(planFleet({ ...f, spokes: shuffled }))).toBe(JSON.stringify(a));
      }),
      { numRuns: 150 },
    );
  });

  it('gives every spoke one deployer role, one access entry, one registration; least privilege throughout', () => {
    fc.assert(
      fc.property(fleetArb, (f) => checkPlan(f, planFleet(f))),
      { numRuns: 300 },
    );
  });

  it('packs the management role inside IAM limits up to 5,000 spokes', () => {
    const big = fc.record({
      n: fc.integer({ min: 1, max: 5000 }),
      accounts: fc.integer({ min: 1, max: 300 }),
      identity: fc.constantFrom('irsa', 'pod-identity'),
      org: fc.boolean(),
    });
    fc.assert(
      fc.property(big, ({ n, accounts, identity, org }) => {
        const spokes = Array.from({ length: n }, (_, i) => {
          const name = `c${i}`;
          return spoke(name, {
            account: String(100000000000 + (i % accounts)),
            deployerRole: { name: `argocd-deployer-${name}`, path: '/fleetlink/' },
          });
        });
        const f = fleet({
          identity: identity as Fleet['identity'],
          spokes,
          ...(org
            ? {
                organization: {
                  id: 'o-exampleorg1',
                  organizationalUnits: [],
                  regions: [],
                  delegatedAdmin: false,
                },
              }
            : {}),
        });
        let plan: AccessPlan;
        try {
          plan = planFleet(f);
        } catch (e) {
          // Only allowed failure: too many ARNs to list and no Organization to scope a pattern.
          expect(e).toBeInstanceOf(UserError);
          expect(org).toBe(false);
          expect((e as Error).message).toMatch(/cannot list all \d+ deployer role ARNs/);
          return;
        }
        checkPlan(f, plan);
      }),
      { numRuns: 15 },
    );
  });
});
