/** POLICY-INVALID: each document is checked against the rules of where it is attached. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../src/plan/types.js';
import { prove } from '../../src/prove/prove.js';
import { examplePlan, mutate, role, statements } from './helpers.js';

const HUB = '111111111111';
const M = `arn:aws:iam::${HUB}:role/argocd-manager`;
const D = 'arn:aws:iam::222222222222:role/argocd-deployer';

let base: AccessPlan;
beforeAll(async () => {
  base = await examplePlan('two-accounts');
});

const invalid = (plan: AccessPlan, options = {}) =>
  prove(plan, options).findings.filter((f) => f.id === 'POLICY-INVALID');

describe('POLICY-INVALID', () => {
  it('reports a deployer trust policy with Resource instead of Principal at its JSON path (write-up §6.2 #2)', () => {
    const plan = mutate(base, (p) => {
      const s = statements(role(p, 'deployer').trustPolicy)[0]!;
      delete s.Principal;
      s.Resource = [M];
    });
    const [f, ...rest] = invalid(plan);
    expect(rest).toEqual([]);
    expect(f?.subject).toBe(D);
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('Has prohibited field Resource');
    expect(f?.evidence).toEqual([
      { source: `trustPolicy of ${D}`, path: '$.Statement[0].Resource' },
      { source: `trustPolicy of ${D}`, path: '$.Statement[0]' },
    ]);
  });

  it('reports a Principal in an identity policy of the management role', () => {
    const plan = mutate(base, (p) => {
      const s = statements(role(p, 'management').inlinePolicies[0]!.document)[0]!;
      s.Principal = { AWS: HUB };
    });
    const [f] = invalid(plan);
    expect(f?.subject).toBe(M);
    expect(f?.evidence[0]?.source).toBe(`inlinePolicies[0].document of ${M}`);
    expect(f?.evidence[0]?.path).toBe('$.Statement[0].Principal');
  });

  it('reports an RCP that names principals, keyed by its account', () => {
    const rcp = {
      Version: '2012-10-17' as const,
      Statement: [
        { Effect: 'Deny' as const, Principal: { AWS: HUB }, Action: 'sts:AssumeRole', Resource: '*' },
      ],
    };
    const [f] = invalid(base, { rcps: { '222222222222': [rcp] } });
    expect(f?.subject).toBe('222222222222');
    expect(f?.evidence[0]).toEqual({ source: 'rcps["222222222222"][0]', path: '$.Statement[0].Principal' });
  });

  it('finds nothing in the bundled examples', async () => {
    for (const name of ['two-accounts', 'pod-identity', 'capability', 'organization', 'least-privilege'])
      expect(invalid(await examplePlan(name)), name).toEqual([]);
  });
});
