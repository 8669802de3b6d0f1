// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are ${...} inside plain strings.
/**
 * Differential test: Fleetlink's evaluator against @cloud-copilot/iam-simulate (the oracle, AGPL,
 * test-only) on generated requests and policies. Every case must agree, except the documented
 * disagreements in oracle-disagreements.md, each of which is recognised precisely and re-checked
 * against the oracle on a transformed case rather than skipped.
 *
 * Runs: FLEETLINK_DIFF_RUNS (default 10,000). A failure prints fast-check's seed and path;
 * replay with FLEETLINK_DIFF_SEED=<seed>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principalKind } from '../../src/iam/arn.js';
import { evaluate } from '../../src/iam/evaluate.js';
import type { Decision, EvalRequest } from '../../src/iam/types.js';
import { caseArb, normalizeForOracle } from './cases.mjs';
import { oracleDecision, oracleValidationErrors } from './oracle.mjs';

const RUNS = Number(process.env.FLEETLINK_DIFF_RUNS ?? 10_000);
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
    // The run must exercise every outcome, or it proves little.
    expect(tally.Allowed ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.ExplicitlyDenied ?? 0).toBeGreaterThan(RUNS / 20);
    expect(tally.ImplicitlyDenied ?? 0).toBeGreaterThan(RUNS / 20);
    console.log(`differential: ${RUNS} cases`, tally, 'documented disagreements exercised:', known);
    // 10 000 cases take about 20 s on an idle core, 40–110 s when the suite's workers share a busy
    // machine (Node 24 about 20% slower than 20 here): a budget, not a speed target (bench/ has those).
  }, 300_000);

  describe('each documented disagreement (oracle-disagreements.md), on a hand-written case', () => {
    const user = 'arn:aws:iam::111111111111:user/alice';
    const session = 'arn:aws:sts::111111111111:assumed-role/app/s';
    const withCondition = (
      Condition: Record<string, Record<string, string>>,
      context: Record<string, string>,
    ) =>
      ({
        principal: user,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::bucket/key',
        resourceAccount: '111111111111',
        context,
        identityPolicies: [
          {
            Version: '2012-10-17',
            Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition },
          },
        ],
      }) as EvalRequest;
    const cases: [string, EvalRequest][] = [
      [
        '#1 epoch seconds',
        withCondition(
          { DateEquals: { 'aws:CurrentTime': '1735689600' } },
          { 'aws:CurrentTime': '2025-01-01T00:00:00Z' },
        ),
      ],
      [
        '#3 IPv4 /0',
        withCondition({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '203.0.113.7' }),
      ],
      [
        '#4 ${*} in StringEquals',
        withCondition({ StringEquals: { 'sts:ExternalId': 'ext-${*}' } }, { 'sts:ExternalId': 'ext-*' }),
      ],
      [
        '#5 colon variable in ArnLike',
        withCondition(
          { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:user/*' } },
          { 'aws:PrincipalArn': user, 'aws:PrincipalAccount': '111111111111' },
        ),
      ],
    ];
    cases.push([
      '#6 variables in a 2008-10-17 policy are literal text',
      {
        ...withCondition(
          { StringNotEquals: { 'aws:username': '${aws:username}' } },
          { 'aws:username': 'alice' },
        ),
        identityPolicies: [
          {
            Version: '2008-10-17',
            Statement: {
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:username': '${aws:username}' } },
            },
          },
        ],
      },
    ]);
    it.each(cases)('%s: the oracle misreads it; on the rewrite it agrees with us', (_name, request) => {
      expect(evaluate(request).decision).toBe('Allowed');
      expect(oracleDecision(request)).toBe('ImplicitlyDenied');
      expect(oracleDecision(normalizeForOracle(request))).toBe('Allowed');
    });
    it('#2 a grant naming the session ARN is not limited by session policies', () => {
      const request: EvalRequest = {
        principal: session,
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::bucket/key',
        resourceAccount: '111111111111',
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Principal: { AWS: session }, Action: 's3:GetObject', Resource: '*' },
        },
        sessionPolicies: [
          { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } },
        ],
      };
      const ours = evaluate(request).decision;
      const oracle = oracleDecision(request);
      expect([ours, oracle]).toEqual(['Allowed', 'ImplicitlyDenied']);
      expect(isSessionArnGrant(request, ours, oracle)).toBe(true);
    });
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
