/** The access matrix: who reaches what, and where the others are stopped. */
import { beforeAll, describe, expect, it } from 'vitest';
import { planFleet } from '../../src/plan/plan.js';
import type { AccessPlan } from '../../src/plan/types.js';
import { ChainEngine } from '../../src/prove/hops.js';
import { buildMatrix, clusterChains } from '../../src/prove/matrix.js';
import { evaluateForProof, prove } from '../../src/prove/prove.js';
import type { Cell, ProveResult } from '../../src/prove/types.js';
import { generateWitnesses } from '../../src/prove/witnesses.js';
import { generateFleet } from '../../src/testing/generate-fleet.js';
import { conditionKey, examplePlan, mutate, role, statements } from './helpers.js';

const M = 'arn:aws:iam::111111111111:role/argocd-manager';
const D = 'arn:aws:iam::222222222222:role/argocd-deployer';

function cell(result: ProveResult, witness: string, cluster: string): Cell {
  const c = result.matrix.cells.find((x) => x.witness === witness && x.cluster === cluster);
  if (!c)
    throw new Error(
      `no cell ${witness} × ${cluster}; witnesses: ${result.matrix.witnesses.map((w) => w.id).join(', ')}`,
    );
  return c;
}

let irsa: AccessPlan;
let podIdentity: AccessPlan;
let capability: AccessPlan;

beforeAll(async () => {
  irsa = await examplePlan('two-accounts');
  podIdentity = await examplePlan('pod-identity');
  capability = await examplePlan('capability');
});

describe('IRSA (two-accounts)', () => {
  it('the three Argo CD service accounts reach cluster2 through manager → deployer with cluster-admin', () => {
    const r = prove(irsa);
    expect(r.holds).toBe(true);
    for (const sa of ['argocd-application-controller', 'argocd-applicationset-controller', 'argocd-server']) {
      const c = cell(r, `sa:argocd/${sa}`, 'cluster2');
      expect(c).toMatchObject({ reachable: true, intended: true, via: [M, D] });
      expect(c.access?.policies.map((p) => p.policyArn)).toEqual([
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      ]);
    }
  });

  it('generates every kind of witness the issue names', () => {
    const ids = prove(irsa).matrix.witnesses.map((w) => w.id);
    for (const id of [
      'sa:argocd/default',
      'sa:argocd/argocd-repo-server',
      'sa:argocd/argo-cd-argocd-repo-server',
      'sa:default/argocd-server',
      'sa-other-cluster:argocd/argocd-server',
      'sa-wrong-aud:argocd/argocd-application-controller',
      'role:management',
      'hub-other-role',
      'hub-user',
      'hub-root',
      'spoke-role',
      'spoke-root',
      'unrelated-role',
      'anonymous',
    ])
      expect(ids).toContain(id);
  });

  it('the default service account of the argocd namespace is blocked at the identity hop by the :sub condition', () => {
    const c = cell(prove(irsa), 'sa:argocd/default', 'cluster2');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.hop).toBe('identity → argocd-manager');
    expect(c.blockedAt?.reason).toContain('AssumeRoleWithWebIdentity');
    expect(c.blockedAt?.reason).toMatch(/:sub/);
  });

  it('a token with a non-STS audience is refused by the OIDC provider', () => {
    const c = cell(prove(irsa), 'sa-wrong-aud:argocd/argocd-application-controller', 'cluster2');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toContain('Incorrect token audience');
  });

  it('the same service account through another cluster OIDC provider is not trusted', () => {
    const c = cell(prove(irsa), 'sa-other-cluster:argocd/argocd-server', 'cluster2');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toContain('names no OIDC provider');
  });

  it('the hub root cannot reach: the deployer trusts only the management role', () => {
    const c = cell(prove(irsa), 'hub-root', 'cluster2');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.hop).toBe('caller → argocd-deployer');
    expect(c.blockedAt?.reason).toContain('ImplicitlyDenied');
  });

  it('principals of the spoke account, an unrelated account and anonymous callers reach nothing', () => {
    const r = prove(irsa);
    for (const w of ['spoke-role', 'spoke-root', 'unrelated-role', 'anonymous', 'hub-user', 'hub-other-role'])
      expect(cell(r, w, 'cluster2').reachable, w).toBe(false);
  });

  it('detects the repo-server leak of a StringLike system:serviceaccount:argocd:* trust', () => {
    const leaky = mutate(irsa, (p) => {
      const s = statements(role(p, 'management').trustPolicy)[0]!;
      const sub = conditionKey(s, 'StringEquals', ':sub');
      delete s.Condition!.StringEquals![sub];
      s.Condition!.StringLike = { [sub]: 'system:serviceaccount:argocd:*' };
    });
    const r = prove(leaky);
    expect(r.holds).toBe(false);
    expect(cell(r, 'sa:argocd/argocd-repo-server', 'cluster2')).toMatchObject({
      reachable: true,
      intended: false,
      via: [M, D],
    });
    expect(cell(r, 'sa:argocd/default', 'cluster2').reachable).toBe(true);
    expect(cell(r, 'sa:default/argocd-server', 'cluster2').reachable).toBe(false);
    expect(r.findings.map((f) => `${f.id} ${f.subject}`)).toEqual(
      expect.arrayContaining([`PROVE-LEAK ${M}`, `LINT-SUB-WILDCARD ${M}`]),
    );
  });

  it('detects a principal that starts mid-chain: a hub role allowed to assume the deployer directly', () => {
    const leaky = mutate(irsa, (p) => {
      statements(role(p, 'deployer').trustPolicy)[0]!.Principal = { AWS: 'arn:aws:iam::111111111111:root' };
    });
    const r = prove(leaky);
    expect(r.holds).toBe(false);
    expect(cell(r, 'hub-other-role', 'cluster2')).toMatchObject({
      reachable: true,
      intended: false,
      via: [D],
    });
    expect(cell(r, 'hub-root', 'cluster2').reachable).toBe(true);
    expect(cell(r, 'unrelated-role', 'cluster2').reachable).toBe(false);
    // the intended chain still works
    expect(cell(r, 'sa:argocd/argocd-server', 'cluster2').reachable).toBe(true);
    expect(r.findings.map((f) => `${f.id} ${f.subject}`)).toContain(`PROVE-LEAK ${D}`);
  });

  it('an intended service account that is blocked is reported with the failing hop', () => {
    const broken = mutate(irsa, (p) => {
      statements(role(p, 'deployer').trustPolicy)[0]!.Principal = {
        AWS: 'arn:aws:iam::111111111111:role/other',
      };
    });
    const c = cell(prove(broken), 'sa:argocd/argocd-server', 'cluster2');
    expect(c).toMatchObject({ reachable: false, intended: true });
    expect(c.blockedAt?.hop).toBe('argocd-manager → argocd-deployer');
  });
});

describe('EKS Pod Identity (pod-identity)', () => {
  it('proves clean: intended service accounts reach both spokes; untagged and foreign pods do not', () => {
    const r = prove(podIdentity);
    expect(r.holds).toBe(true);
    expect(cell(r, 'sa:argocd/argocd-server', 'payments-dev').reachable).toBe(true);
    expect(cell(r, 'podid-untagged:argocd/argocd-application-controller', 'payments-dev').reachable).toBe(
      false,
    );
    const foreign = cell(r, 'podid-foreign-account:argocd/argocd-application-controller', 'payments-dev');
    expect(foreign.reachable).toBe(false);
  });

  it('a service account without an association is blocked before any trust policy', () => {
    const c = cell(prove(podIdentity), 'sa:argocd/default', 'payments-dev');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toContain('no EKS Pod Identity association');
  });

  it('an association for repo-server is still refused by the tag conditions of the trust policy', () => {
    const withAssoc = mutate(podIdentity, (p) => {
      p.podIdentityAssociations.push({
        ...p.podIdentityAssociations[0]!,
        serviceAccount: 'argocd-repo-server',
      });
    });
    const c = cell(prove(withAssoc), 'sa:argocd/argocd-repo-server', 'payments-dev');
    expect(c.reachable).toBe(false);
    expect(c.blockedAt?.reason).toContain('kubernetes-service-account');
  });
});

describe('EKS capability', () => {
  it('the capability reaches its spokes through the capability role only', () => {
    const r = prove(capability);
    const cap = r.matrix.witnesses.find((w) => w.kind === 'eks-capability')!;
    expect(cell(r, cap.id, 'retail-dev')).toMatchObject({
      reachable: true,
      via: ['arn:aws:iam::111111111111:role/ArgoCDCapabilityRole'],
    });
    expect(cell(r, 'capability-foreign-account', 'retail-dev').reachable).toBe(false);
  });
});

describe('engine efficiency', () => {
  it('evaluates each hop set once: evaluations grow linearly with the number of spokes', () => {
    const counts = [40, 80].map((n) => {
      const plan = planFleet(generateFleet(n, { identity: 'pod-identity' }));
      const engine = new ChainEngine(plan, evaluateForProof);
      const witnesses = generateWitnesses(plan);
      const matrix = buildMatrix({ plan, engine, witnesses, clusters: clusterChains(plan, engine) });
      expect(matrix.cells.length).toBe(witnesses.length * n);
      return engine.evaluations;
    });
    // manager → deployer: two actions per deployer (AssumeRole + TagSession), once for all witnesses
    expect(counts[1]! - counts[0]!).toBeLessThanOrEqual(2 * 40 + 5);
    expect(counts[0]!).toBeLessThan(2 * 40 + 60);
  });
});

describe("Argo CD docs' trust policy shapes", () => {
  const selfTrust = {
    Sid: 'ExplicitSelfRoleAssumption',
    Effect: 'Allow' as const,
    Principal: { AWS: '*' },
    Action: 'sts:AssumeRole',
    Condition: { ArnLike: { 'aws:PrincipalArn': M } },
  };

  it('the ExplicitSelfRoleAssumption statement ("*" narrowed by aws:PrincipalArn) admits no one else', () => {
    const docs = mutate(irsa, (p) => {
      statements(role(p, 'management').trustPolicy).push(selfTrust);
    });
    const r = prove(docs);
    expect(r.holds).toBe(true);
    expect(r.findings.map((f) => f.id)).not.toContain('LINT-WILDCARD-PRINCIPAL');
    for (const w of ['hub-other-role', 'hub-root', 'unrelated-role', 'anonymous', 'spoke-role'])
      expect(cell(r, w, 'cluster2').reachable, w).toBe(false);
  });

  it('single-role design: roleARN = management role works when the role trusts itself (FM-2.2 is silent)', () => {
    const single = mutate(irsa, (p) => {
      statements(role(p, 'management').trustPolicy).push(selfTrust);
      p.clusters[0]!.config.awsAuthConfig!.roleARN = M;
      p.accessEntries[0]!.principalArn = M;
      for (const i of p.intended) i.roles = [M];
    });
    const r = prove(single);
    expect(r.findings.map((f) => f.id)).not.toContain('FM-2.2');
    expect(cell(r, 'sa:argocd/argocd-server', 'cluster2')).toMatchObject({ reachable: true, via: [M] });
  });
});
