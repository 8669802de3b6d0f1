/**
 * analyzeSnapshot end to end on snapshots whose verdict depends on a document only the collector
 * read: the observed plan must carry it typed, so prove evaluates it instead of skipping it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { formatDoctorText } from '../../src/doctor/format-text.js';
import { observePlan } from '../../src/doctor/observe.js';
import { PROVE_THROWS } from './corpus-cases.js';
import { HUB, healthySnapshot, MGMT, mgmtRole, mutate } from './helpers/healthy.js';

/** Allows everything, but denies sts:AssumeRole for every principal not named `nobody`. */
const CONDITIONAL_DENY_BOUNDARY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: '*', Resource: '*' },
    {
      Sid: 'NoChaining',
      Effect: 'Deny',
      Action: 'sts:AssumeRole',
      Resource: '*',
      Condition: { StringNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${HUB}:role/nobody` } },
    },
  ],
};

const withBoundary = () =>
  mutate(healthySnapshot(), (s) => {
    mgmtRole(s).permissionsBoundary = {
      arn: `arn:aws:iam::${HUB}:policy/no-chaining`,
      document: CONDITIONAL_DENY_BOUNDARY,
    };
  });

describe('permissions boundary read by the collector', () => {
  it('travels typed in the observed plan', () => {
    const role = observePlan(withBoundary()).roles.find((r) => r.arn === MGMT)!;
    expect(role.permissionsBoundaryArn).toBe(`arn:aws:iam::${HUB}:policy/no-chaining`);
    expect(role.permissionsBoundaryPolicy).toEqual(CONDITIONAL_DENY_BOUNDARY);
  });

  it('a conditional Deny on sts:AssumeRole fails the proof with FM-2.3 (no false green)', () => {
    const r = analyzeSnapshot(withBoundary());
    expect(r.proof?.holds).toBe(false);
    const fm23 = r.findings.filter((f) => f.id === 'FM-2.3' && f.severity === 'error');
    expect(fm23.length).toBeGreaterThan(0);
    expect(r.findings.map((f) => f.id)).not.toContain('LINT-UNEVALUATED-POLICY');
    for (const c of r.clusters) {
      const manager = c.links.find((l) => l.link === 'manager')!;
      expect(manager.ok).toBe(false);
    }
  });

  it('the healthy snapshot still holds', () => {
    expect(analyzeSnapshot(healthySnapshot()).proof?.holds).toBe(true);
  });
});

/** The links of one cluster as `link → state`. */
const states = (r: ReturnType<typeof analyzeSnapshot>, cluster: string) =>
  Object.fromEntries(r.clusters.find((c) => c.name === cluster)!.links.map((l) => [l.link, l.state]));

describe('link states: ✓ only for what doctor read', () => {
  it('the healthy snapshot: every link ok', () => {
    const r = analyzeSnapshot(healthySnapshot());
    for (const c of r.clusters) for (const l of c.links) expect([l.link, l.state]).toEqual([l.link, 'ok']);
  });

  it('hub Kubernetes API unreachable: one finding; the links that need the hub say why they are unchecked', () => {
    const s = mutate(healthySnapshot(), (x) => {
      delete x.hub.pods;
      delete x.hub.serviceAccounts;
      delete x.hub.clusterSecrets;
      x.hub.errors = ['k8s:list pods', 'k8s:list serviceaccounts', 'k8s:list secrets'].map((step) => ({
        step,
        target: 'argocd',
        code: 'ECONNREFUSED',
        message: 'connect ECONNREFUSED 10.0.0.1:443',
      }));
    });
    const r = analyzeSnapshot(s);
    const collect = r.findings.filter((f) => f.id === 'DOCTOR-COLLECT');
    expect(collect).toHaveLength(1);
    expect(collect[0]!.message).toContain('the hub Kubernetes API unreachable');
    expect(collect[0]!.evidence).toHaveLength(3);
    // The fleet names the spokes, so they are still listed; no link that needs the hub is ✓.
    const links = r.clusters.flatMap((c) => c.links);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links.filter((x) => ['identity', 'token', 'network', 'argocd'].includes(x.link))) {
      expect(l.state).toBe('unchecked');
      expect(l.ok).toBe(false);
      expect(l.reason).toMatch(/^unchecked: the hub Kubernetes API unreachable/);
    }
    expect(r.proof).toBeUndefined();
  });

  it('no credentials for one spoke account: its links are unchecked with that cause, the other spoke is ok', () => {
    const s = mutate(healthySnapshot(), (x) => {
      const b = x.accounts.find((a) => a.account === '333333333333')!;
      b.clusters = [];
      b.roles = [];
      b.errors = [
        {
          step: 'credentials',
          target: '333333333333',
          code: 'CredentialsProviderError',
          message: 'Could not load credentials from any providers',
        },
      ];
    });
    const r = analyzeSnapshot(s);
    expect(r.findings.filter((f) => f.id === 'DOCTOR-COLLECT').map((f) => f.subject)).toEqual(['spoke-b']);
    expect(states(r, 'spoke-b')).toMatchObject({
      deployer: 'unchecked',
      token: 'unchecked',
      access: 'unchecked',
      network: 'unchecked',
    });
    const b = r.clusters.find((c) => c.name === 'spoke-b')!;
    expect(b.links.find((l) => l.link === 'access')!.reason).toBe(
      'unchecked: no credentials for account 333333333333 (CredentialsProviderError: Could not load credentials from any providers)',
    );
    expect(Object.values(states(r, 'spoke-a')).every((v) => v === 'ok')).toBe(true);
  });
});

describe('prove throws on the observed state: DOCTOR-PROVE, and no verdict anywhere', () => {
  const r = analyzeSnapshot(healthySnapshot(), { proveWith: PROVE_THROWS });

  it('one DOCTOR-PROVE warning on subject prove, with the error as evidence', () => {
    const hits = r.findings.filter((f) => f.id === 'DOCTOR-PROVE');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subject: 'prove', severity: 'warning', link: 'fleet' });
    expect(hits[0]!.message).toBe(
      "prove could not run on the observed state: TypeError: Cannot read properties of undefined (reading 'arn')",
    );
    expect(hits[0]!.evidence).toHaveLength(1);
  });

  it('the result carries no proof, so JSON output has none and text output names no verdict', () => {
    expect(r.proof).toBeUndefined();
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    expect(json).not.toHaveProperty('proof');
    const text = formatDoctorText(r);
    expect(text).not.toContain('prove on live state');
    expect(text).toContain('DOCTOR-PROVE');
    expect(text).toMatch(/0 error\(s\), 1 warning\(s\)\n$/);
    // The real engine on the same snapshot does name a verdict (the check above can fail).
    expect(formatDoctorText(analyzeSnapshot(healthySnapshot()))).toContain('prove on live state: holds');
  });
});
