/**
 * Analysis, pure: Snapshot (+ the fleet's plan) → DoctorResult.
 * 1. snapshot rules (one per failure mode the data can reveal),
 * 2. prove on the plan observed from live state (the same engine as `fleetlink prove`),
 * 3. drift between the fleet's plan and the observed plan.
 */
import { report } from '../findings/registry.js';
import { type Finding, sortFindings } from '../findings.js';
import type { AccessPlan } from '../plan/types.js';
import { prove } from '../prove/prove.js';
import { diffPlans } from './diff.js';
import { observePlan } from './observe.js';
import { parkFindings } from './parked.js';
import { chainView, DOCTOR_API_VERSION, type DoctorResult } from './report.js';
import { analyze } from './rules/index.js';
import type { Snapshot } from './snapshot.js';

export interface AnalyzeOptions {
  /** The fleet's plan, to report drift. */
  readonly plan?: AccessPlan;
  /** Run prove on the observed plan (default true). */
  readonly prove?: boolean;
  /** Include the snapshot in the result (JSON output). */
  readonly includeSnapshot?: boolean;
  /**
   * The prove engine (default: the real one). A seam for tests only: no known observed state makes
   * prove throw (invalid policies deny and are reported, not thrown), yet a throw must still end in
   * DOCTOR-PROVE and no verdict, never in a proof that "holds".
   */
  readonly proveWith?: typeof prove;
}

/**
 * prove findings that restate a snapshot rule are dropped (the rule has the live evidence);
 * the rest are kept as they come: they are the same checks `fleetlink prove` runs on a plan.
 */
function proveFindings(
  snapshot: Snapshot,
  observed: AccessPlan,
  run: typeof prove,
): { proof: NonNullable<DoctorResult['proof']>; findings: Finding[] } {
  const quotas = snapshot.accounts.find((a) => a.account === snapshot.intent.hub.account)?.accountSummary;
  const r = run(observed, {
    ...(quotas && {
      quotas: {
        ...(quotas.AssumeRolePolicySizeQuota !== undefined && {
          trustPolicy: quotas.AssumeRolePolicySizeQuota,
        }),
        ...(quotas.RolePolicySizeQuota !== undefined && { inlineAggregate: quotas.RolePolicySizeQuota }),
        ...(quotas.PolicySizeQuota !== undefined && { managedPolicy: quotas.PolicySizeQuota }),
        ...(quotas.AttachedPoliciesPerRoleQuota !== undefined && {
          managedPoliciesPerRole: quotas.AttachedPoliciesPerRoleQuota,
        }),
      },
    }),
  });
  return { proof: { holds: r.holds, verdict: r.verdict, causes: r.causes }, findings: [...r.findings] };
}

export function analyzeSnapshot(snapshot: Snapshot, o: AnalyzeOptions = {}): DoctorResult {
  const findings: Finding[] = analyze(snapshot);
  const observed = observePlan(snapshot);
  let proof: DoctorResult['proof'];
  // prove on half-collected state would "hold" vacuously: only run it on complete data.
  const complete = !findings.some((f) => f.id === 'DOCTOR-COLLECT');
  if (o.prove !== false && complete) {
    try {
      const p = proveFindings(snapshot, observed, o.proveWith ?? prove);
      proof = p.proof;
      const seen = new Set(findings.map((f) => `${f.id}|${f.subject}`));
      findings.push(...p.findings.filter((f) => !seen.has(`${f.id}|${f.subject}`)));
    } catch (e) {
      // No verdict at all: `proof` stays unset, so neither output claims the proof holds.
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      findings.push(
        report('DOCTOR-PROVE', {
          subject: 'prove',
          message: `prove could not run on the observed state: ${error}`,
          evidence: [{ source: 'prove on the plan observed from live state', value: error }],
        }),
      );
    }
  }
  if (o.plan) findings.push(...diffPlans(o.plan, observed, snapshot));
  // prove and drift findings on a parked spoke's connection are not errors yet either (parked.ts).
  const sorted = sortFindings(parkFindings(snapshot, findings));
  return {
    apiVersion: DOCTOR_API_VERSION,
    identity: snapshot.intent.identity,
    clusters: chainView(snapshot, sorted),
    findings: sorted,
    ...(proof && { proof }),
    ...(o.includeSnapshot && { snapshot }),
  };
}
