/**
 * Differential test: Fleetlink's evaluator against @cloud-copilot/iam-simulate (the oracle, AGPL,
 * test-only) on generated requests and policies. Every case must agree, except the documented
 * disagreements in oracle-disagreements.md, each of which is recognised precisely and re-checked
 * against the oracle on a transformed case rather than skipped.
 *
 * Runs: FLEETLINK_DIFF_RUNS (default 12,000). A failure prints fast-check's seed and path;
 * replay with FLEETLINK_DIFF_SEED=<seed>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principalKind } from '../../src/iam/arn.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { Decision, EvalRequest } from '../../src/iam/types.js';
import { caseArb, normalizeForOracle } from './cases.mjs';
import { oracleDecision, oracleValidationErrors } from './oracle.mjs';

const RUNS = Number(process.env.FLEETLINK_DIFF_RUNS ?? 12_000);
const SEED = process.env.FLEETLINK_DIFF_SEED ? Number(process.env.FLEETLINK_DIFF_SEED) : undefined;

const ALLOW_ALL = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

/**
 * Disagreement #2 (oracle-disagreements.md): a same-account resource policy that names the caller's
 * session ARN is not limited by session policies. Recognised when: the caller is a role or federated
 * user session, the resource is in its account, session policies are present, we allow and the oracle
 * denies implicitly, AND the oracle allows the same case once the session policies allow everything —
 * i.e. the session policy is the only reason the oracle denies.
 */
function isSessionArnGrant(request: EvalRequest, ours: Decision, oracle: Decision): boolean {
  if (ours !== 'Allowed' || oracle !== 'ImplicitlyDenied' || !request.sessionPolicies?.length) return false;
  const kind = principalKind(request.principal);
  if (kind !== 'assumed-role' && kind !== 'federated-user') return false;
  const relaxed = normalizeForOracle({ ...request, sessionPolicies: [ALLOW_ALL] });
  return oracleDecision(relaxed) === 'Allowed';
}

describe('differential: evaluate() vs @cloud-copilot/iam-simulate', () => {
  it(`agrees on ${RUNS} generated requests (principals, actions, resources, all condition operators, denies, boundaries, sessions, SCPs, RCPs, cross-account)`, () => {
    const tally: Record<string, number> = {};
    const known = { sessionArnGrant: 0, normalized: 0 };
    fc.assert(
      fc.property(caseArb, (request) => {
        const ours = evaluate(request, { explain: false }).decision;
        const normalized = normalizeForOracle(request);
        const oracle = oracleDecision(normalized);
        tally[ours] = (tally[ours] ?? 0) + 1;
        if (ours !== oracle && isSessionArnGrant(request, ours, oracle)) {
          known.sessionArnGrant++;
          return;
        }
        if (normalized !== request && oracleDecision(request) !== oracle) known.normalized++;
        if (ours !== oracle) throw new Error(`ours ${ours}, oracle ${oracle}`);
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // The run must exercise every outcome and both documented disagreements, or it proves little.
    expect(tally.Allowed ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.ExplicitlyDenied ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.ImplicitlyDenied ?? 0).toBeGreaterThan(RUNS / 20);
    if (RUNS >= 5000) {
      expect(known.sessionArnGrant).toBeGreaterThan(0);
      expect(known.normalized).toBeGreaterThan(0);
    }
    console.log(`differential: ${RUNS} cases`, tally, 'documented disagreements exercised:', known);
  });

  it('generates policies the oracle itself considers valid', () => {
    const samples = fc.sample(caseArb, { numRuns: 500, seed: 7 });
    const errors = samples.flatMap((r) => oracleValidationErrors(r));
    expect(errors).toEqual([]);
  });

  it('runUnsafeSimulation and the engine call used for session policies agree when sessions allow everything', () => {
    // Guards the adapter: the session-policy path must not change decisions by itself.
    for (const request of fc.sample(caseArb, { numRuns: 300, seed: 11 })) {
      if (request.sessionPolicies) continue;
      const viaEngine = oracleDecision({ ...normalizeForOracle(request), sessionPolicies: [ALLOW_ALL] });
      const viaUnsafe = oracleDecision(normalizeForOracle(request));
      if (principalKind(request.principal) === 'anonymous') continue;
      expect(viaEngine).toBe(viaUnsafe);
    }
  });
});
