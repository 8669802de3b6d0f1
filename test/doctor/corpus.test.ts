/**
 * The snapshot corpus (cases: test/doctor/corpus-cases.ts): every healthy snapshot is clean, every
 * injected failure gives its id on the right subject.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { observePlan } from '../../src/doctor/observe.js';
import { analyze } from '../../src/doctor/rules/index.js';
import { parseSnapshot } from '../../src/doctor/snapshot.js';
import { CASES, capability, irsa, podId, setEnv } from './corpus-cases.js';
import {
  A,
  CLUSTER_ADMIN,
  DEPLOYER_A,
  deployerA,
  MGMT,
  mgmtRole,
  mutate,
  secretA,
  spokeA,
} from './helpers/healthy.js';

describe('healthy snapshots', () => {
  for (const [name, snap] of [
    ['irsa', irsa],
    ['pod-identity', podId],
    ['eks-capability', capability],
  ] as const) {
    it(`${name}: validates against the schema and gives no error or warning`, () => {
      expect(parseSnapshot(JSON.parse(JSON.stringify(snap))).ok).toBe(true);
      const findings = analyze(snap);
      expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    });
  }
});

describe('one injected failure → its failure mode, on the right subject', () => {
  for (const c of CASES) {
    it(`${c.id} ${c.name}`, () => {
      const base = c.base ?? irsa;
      const snap = mutate(base, c.change);
      expect(parseSnapshot(JSON.parse(JSON.stringify(snap))).ok).toBe(true);
      const findings = c.againstPlan
        ? analyzeSnapshot(snap, { plan: observePlan(base), prove: false }).findings
        : analyze(snap);
      const hit = findings.find((f) => f.id === c.id && f.subject === c.subject);
      expect(
        hit,
        JSON.stringify(
          findings.map((f) => [f.id, f.subject, f.message]),
          null,
          1,
        ),
      ).toBeDefined();
      expect(hit!.severity).toBe(c.severity ?? 'error');
      expect(hit!.evidence.length).toBeGreaterThan(0);
      expect(hit!.fix.length).toBeGreaterThan(10);
    });
  }

  it('covers at least 30 distinct failure modes', () => {
    const ids = new Set(CASES.map((c) => c.id).filter((id) => id.startsWith('FM-')));
    expect(ids.size).toBeGreaterThanOrEqual(30);
  });
});

describe('no false alarm on related healthy variants', () => {
  it('a shard below the controller replicas is no finding', () => {
    const snap = mutate(irsa, (s) => {
      setEnv(s, 'controller', 'ARGOCD_CONTROLLER_REPLICAS', '2');
      secretA(s).data.shard = '1';
      secretA(s).dataKeys.push('shard');
    });
    expect(analyze(snap).filter((f) => f.id.startsWith('ARGOCD-'))).toEqual([]);
  });

  it('namespace-scoped access is fine when the Secret restricts Argo CD to those namespaces', () => {
    const snap = mutate(irsa, (s) => {
      spokeA(s).accessEntries![0]!.accessPolicies = [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
          accessScope: { type: 'namespace', namespaces: ['apps', 'team-*'] },
        },
      ];
      secretA(s).data.namespaces = 'apps,team-x';
      secretA(s).data.clusterResources = 'false';
    });
    expect(analyze(snap).filter((f) => f.id === 'FM-5.6')).toEqual([]);
  });

  it('a cluster ARN as clusterName is one token-link finding, not also a missing access entry', () => {
    const snap = mutate(irsa, (s) => {
      secretA(s).config!.awsAuthConfig!.clusterName = spokeA(s).arn!;
    });
    const result = analyzeSnapshot(snap);
    const onA = result.findings.filter((f) => f.subject === 'spoke-a' && f.severity === 'error');
    expect(onA.map((f) => f.id)).toContain('FM-4.1');
    expect(onA.map((f) => f.id)).not.toContain('FM-5.2');
    const links = result.clusters.find((c) => c.name === 'spoke-a')!.links;
    expect(links.find((l) => l.link === 'token')!.ok).toBe(false);
    expect(links.find((l) => l.link === 'access')!.ok).toBe(true);
  });

  it('a management role that trusts itself may be its own roleARN', () => {
    const snap = mutate(irsa, (s) => {
      secretA(s).config!.awsAuthConfig!.roleARN = MGMT;
      s.intent.spokes[0]!.deployerRoleArn = MGMT;
      spokeA(s).accessEntries![0]!.principalArn = MGMT;
      (mgmtRole(s).trustPolicy.Statement as unknown[]).push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': MGMT } },
      });
    });
    expect(analyze(snap).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('access entry with a cluster-admin policy under a role path matches the role path', () => {
    const pathArn = `arn:aws:iam::${A}:role/team/argocd-deployer`;
    const snap = mutate(irsa, (s) => {
      deployerA(s).arn = pathArn;
      deployerA(s).path = '/team/';
      spokeA(s).accessEntries![0]!.principalArn = pathArn;
      secretA(s).config!.awsAuthConfig!.roleARN = pathArn;
      s.intent.spokes[0]!.deployerRoleArn = pathArn;
      (mgmtRole(s).inlinePolicies[0]!.document.Statement as { Resource: string[] }[])[0]!.Resource[0] =
        pathArn;
    });
    expect(analyze(snap).filter((f) => f.severity === 'error')).toEqual([]);
    expect(DEPLOYER_A).not.toBe(pathArn);
    expect(CLUSTER_ADMIN).toContain('ClusterAdmin');
  });
});
