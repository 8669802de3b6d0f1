/**
 * The snapshot corpus (cases: test/doctor/corpus-cases.ts): every healthy snapshot is clean, every
 * injected failure gives its id on the right subject.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { formatDoctorText } from '../../src/doctor/format-text.js';
import { observePlan } from '../../src/doctor/observe.js';
import { parseGoDuration, staleAfterSeconds } from '../../src/doctor/rules/frozen.js';
import { analyze } from '../../src/doctor/rules/index.js';
import { parseSnapshot, type Snapshot } from '../../src/doctor/snapshot.js';
import { CASES, capability, irsa, podId, setEnv } from './corpus-cases.js';
import {
  A,
  CLUSTER_ADMIN,
  controllerPod,
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
        : c.analyze
          ? analyzeSnapshot(snap, c.analyze).findings
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

  // Which ids the corpus must cover: test/findings/coverage.test.ts.
});

describe('a frozen fleet: no false alarm', () => {
  const frozen = (snap: Snapshot) =>
    analyze(snap).filter((f) => f.id === 'ARGOCD-RECONCILE-STALE' || f.id === 'ARGOCD-SHARD-UNOWNED');

  it('a 30-minute-old reconciledAt is fine with timeout.reconciliation 1h, and ignored with 0 (periodic refresh off)', () => {
    for (const t of ['1h', '0'])
      expect(
        frozen(
          mutate(irsa, (s) => {
            s.hub.argocdCm = { 'timeout.reconciliation': t };
            s.hub.applications![0]!.reconciledAt = '2026-11-29T11:30:00.000Z';
          }),
        ),
      ).toEqual([]);
  });

  it('an Application with skip-reconcile of its own is not a frozen cluster', () => {
    const snap = mutate(irsa, (s) => {
      s.hub.applications![0]!.reconciledAt = '2026-11-20T00:00:00.000Z';
      s.hub.applications![0]!.skipReconcile = true;
    });
    expect(frozen(snap)).toEqual([]);
  });

  it('shard 1 with both StatefulSet pods running is owned', () => {
    const snap = mutate(irsa, (s) => {
      setEnv(s, 'controller', 'ARGOCD_CONTROLLER_REPLICAS', '2');
      s.hub.controller = {
        kind: 'StatefulSet',
        name: 'argocd-application-controller',
        replicas: 2,
        readyReplicas: 2,
      };
      s.hub.pods!.push({ ...structuredClone(controllerPod(s)), name: 'argocd-application-controller-1' });
      secretA(s).data.shard = '1';
      secretA(s).dataKeys.push('shard');
    });
    expect(frozen(snap)).toEqual([]);
  });

  it('applications, controller and ConfigMaps not collected: no frozen finding, no crash', () => {
    const snap = mutate(irsa, (s) => {
      delete s.hub.applications;
      delete s.hub.controller;
      delete s.hub.argocdCm;
      delete s.hub.cmdParams;
    });
    expect(frozen(snap)).toEqual([]);
  });

  it('reads Go durations as Argo CD does', () => {
    expect(parseGoDuration('180s')).toBe(180);
    expect(parseGoDuration('1h30m')).toBe(5400);
    expect(parseGoDuration('1.5m')).toBe(90);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('180')).toBeUndefined();
    expect(staleAfterSeconds(180, 0)).toBe(780);
    expect(staleAfterSeconds(3600, 0)).toBe(10800);
  });
});

describe('parked spokes (skip-reconcile on the cluster Secret, argo-cd#26442)', () => {
  const park = (s: Snapshot) => {
    secretA(s).annotations['argocd.argoproj.io/skip-reconcile'] = 'true';
  };

  it('a parked spoke without its access entry is no error: the finding stays as info, every link is parked', () => {
    const broken = mutate(irsa, (s) => {
      spokeA(s).accessEntries = [];
    });
    expect(analyze(broken).some((f) => f.subject === 'spoke-a' && f.severity === 'error')).toBe(true);
    const parked = mutate(broken, park);
    const onA = analyze(parked).filter((f) => f.subject === 'spoke-a');
    expect(onA.filter((f) => f.severity === 'error')).toEqual([]);
    expect(onA.some((f) => f.id === 'FM-5.2' && f.severity === 'info')).toBe(true);
    const result = analyzeSnapshot(parked);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const a = result.clusters.find((c) => c.name === 'spoke-a')!;
    expect(a.parked).toBe(true);
    const access = a.links.find((l) => l.link === 'access')!;
    expect(access.state).toBe('parked');
    expect(access.ok).toBe(false);
    expect(access.reason).toContain('would fail once unparked: FM-5.2');
    // spoke-b is unaffected and still fully ok.
    const b = result.clusters.find((c) => c.name === 'spoke-b')!;
    expect(b.parked).toBeUndefined();
    expect(b.links.every((l) => l.state === 'ok')).toBe(true);
  });

  it('a parked spoke is never ok: a healthy chain shows parked, not ✓', () => {
    const result = analyzeSnapshot(mutate(irsa, park));
    const a = result.clusters.find((c) => c.name === 'spoke-a')!;
    for (const l of a.links.filter((x) => x.link !== 'argocd')) expect(l.state).toBe('parked');
    expect(formatDoctorText(result)).toContain('spoke-a (222222222222 eu-west-1) PARKED');
    expect(formatDoctorText(result)).toContain('(1 parked)');
  });

  it('parked clusters are frozen on purpose: no stale or unowned finding', () => {
    const snap = mutate(irsa, (s) => {
      park(s);
      s.hub.applications![0]!.reconciledAt = '2026-11-20T00:00:00.000Z';
      controllerPod(s).phase = 'Pending';
    });
    const onA = analyze(snap).filter((f) => f.subject === 'spoke-a');
    expect(onA.filter((f) => f.id.startsWith('ARGOCD-'))).toEqual([]);
  });

  it('a broken Secret of a parked spoke is still an error (the argocd link is checked)', () => {
    const snap = mutate(irsa, (s) => {
      park(s);
      delete secretA(s).labels['argocd.argoproj.io/secret-type'];
    });
    expect(analyze(snap).some((f) => f.severity === 'error' && f.link === 'argocd')).toBe(true);
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
