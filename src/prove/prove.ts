/**
 * prove: does exactly the intended set of identities reach exactly the intended clusters?
 * Pure: AccessPlan in, ProveResult out. Works on any AccessPlan (from a fleet, hand-edited, or
 * observed live by doctor), so nothing here assumes Fleetlink's own naming.
 */
import { type Finding, hasErrors, sortFindings } from '../findings.js';
import { evaluate } from '../iam/evaluate.js';
import { PolicyError, type PolicyKind, parsePolicy } from '../iam/policy.js';
import type { EvalRequest, EvalResult } from '../iam/types.js';
import type { AccessPlan, PolicyDocument } from '../plan/types.js';
import { runCapabilityChecks } from './capability-checks.js';
import { FindingSink } from './catalog.js';
import { runStaticChecks } from './checks.js';
import { boundaryDocument, ChainEngine, type EvaluateFn } from './hops.js';
import { runLints } from './lints.js';
import { buildMatrix, type ClusterInfo, clusterChains } from './matrix.js';
import { runPathChecks } from './path-findings.js';
import { lintProjectScope, projectLayer } from './project-layer.js';
import { DEFAULT_IAM_QUOTAS, type IamQuotas, runQuotaChecks } from './quotas.js';
import { runScaleChecks } from './scale-checks.js';
import { checkTagHeadroom } from './tag-headroom.js';
import type { AccessMatrix, Cell, InconclusiveCause, ProveResult, Verdict } from './types.js';
import { generateWitnesses } from './witnesses.js';

export interface ProveOptions {
  /** The account's real IAM quotas (`iam:GetAccountSummary`); defaults otherwise. */
  readonly quotas?: Partial<IamQuotas>;
  /** Service control policies per account id, when known (doctor can collect them). */
  readonly scps?: Readonly<Record<string, readonly PolicyDocument[]>>;
  /**
   * Resource control policies per account id, when known. Applied to every hop whose target role
   * lives in that account (the hub for the hop into the management role, a spoke for the hop into
   * its deployer). RCPFullAWSAccess, which AWS attaches everywhere, is added for you. With
   * `plan.organization` set, requests from the plan's accounts carry `aws:PrincipalOrgID` (and
   * `aws:ResourceOrgID`) = `plan.organization.id`; without it they carry no org id.
   */
  readonly rcps?: Readonly<Record<string, readonly PolicyDocument[]>>;
}

/**
 * Decision first without explanations (fast), then with them only for denials, whose reasons the
 * matrix and the findings show. An invalid policy denies (IAM would reject it) and is reported
 * separately as POLICY-INVALID.
 */
export const evaluateForProof: EvaluateFn = (request: EvalRequest): EvalResult => {
  try {
    const quick = evaluate(request, { explain: false });
    return quick.decision === 'Allowed' ? quick : evaluate(request);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return {
      decision: 'ImplicitlyDenied',
      explain: {
        summary: `invalid policy: ${error.message}`,
        because: `invalid policy: ${error.message}`,
        crossAccount: false,
        policySets: [],
      },
    };
  }
};

export function prove(plan: AccessPlan, options: ProveOptions = {}): ProveResult {
  const quotas: IamQuotas = { ...DEFAULT_IAM_QUOTAS, ...options.quotas };
  const sink = new FindingSink();
  validatePolicies(plan, sink, options);
  const engine = new ChainEngine(plan, evaluateForProof, {
    ...(options.scps ? { scps: options.scps } : {}),
    ...(options.rcps ? { rcps: options.rcps } : {}),
  });
  const witnesses = generateWitnesses(plan);
  const clusters = clusterChains(plan, engine);
  runStaticChecks({ plan, sink, clusters });
  runPathChecks({ plan, sink, engine, witnesses, clusters });
  runLints({ plan, sink, clusters, engine, witnesses });
  runQuotaChecks(plan, sink, quotas);
  runScaleChecks(plan, sink);
  checkTagHeadroom(plan, sink);
  runCapabilityChecks(plan, sink);
  lintProjectScope(plan, sink);
  const matrix = buildMatrix({ plan, engine, witnesses, clusters });
  reachFindings(matrix, sink, clusters, plan);
  const findings = sortFindings(sink.list());
  const causes = [...unevaluatedPolicies(plan), ...unsuppliedKeys(engine)];
  // A cause can turn either answer around (an unread policy may allow or deny; an unsupplied key may
  // match or not), so with any cause the answer is open, whichever way the evaluated part points.
  const verdict: Verdict =
    causes.length > 0 ? 'inconclusive' : !matrixHolds(matrix) || hasErrors(findings) ? 'fails' : 'holds';
  const projects = projectLayer(plan);
  return {
    holds: verdict === 'holds',
    verdict,
    causes,
    matrix,
    findings,
    ...(projects.length > 0 ? { projects } : {}),
  };
}

/**
 * Policies attached by ARN whose documents the plan lacks (observed plans keep the ones the
 * collector could not read). Any role counts: an unknown policy may add an Allow that lets a
 * session go further, or a boundary may take one away.
 */
function unevaluatedPolicies(plan: AccessPlan): InconclusiveCause[] {
  return plan.roles.flatMap((role): InconclusiveCause[] => {
    const read = new Set((role.attachedPolicies ?? []).map((p) => p.arn));
    const policies = role.attachedPolicyArns.filter((arn) => !read.has(arn));
    if (role.permissionsBoundaryArn && !role.permissionsBoundaryPolicy)
      policies.push(role.permissionsBoundaryArn);
    return policies.length > 0 ? [{ kind: 'policy-not-evaluated', subject: role.arn, policies }] : [];
  });
}

function unsuppliedKeys(engine: ChainEngine): InconclusiveCause[] {
  return engine
    .unsuppliedKeys()
    .map(({ key, hops }): InconclusiveCause => ({ kind: 'condition-key-not-supplied', key, hops }));
}

/** Every intended cell reachable, no unintended cell reachable. */
export function matrixHolds(matrix: AccessMatrix): boolean {
  return matrix.cells.every((c) => !c.undetermined && c.reachable === c.intended);
}

/**
 * Every document is checked against the rules of where it is attached (parsePolicy `kind`), so a
 * trust policy with `Resource` — which IAM rejects with "Has prohibited field Resource" — is
 * reported with its JSON path even though the evaluator can still read it.
 */
function validatePolicies(plan: AccessPlan, sink: FindingSink, options: ProveOptions): void {
  for (const role of plan.roles) {
    const boundary = boundaryDocument(role);
    const docs: [string, unknown, PolicyKind][] = [
      ['trustPolicy', role.trustPolicy, 'trust'],
      ...role.inlinePolicies.map((p, i): [string, unknown, PolicyKind] => [
        `inlinePolicies[${i}].document`,
        p.document,
        'identity',
      ]),
      ...role.managedPolicies.map((p, i): [string, unknown, PolicyKind] => [
        `managedPolicies[${i}].document`,
        p.document,
        'identity',
      ]),
      ...(boundary
        ? [['permissionsBoundaryPolicy', boundary, 'boundary'] as [string, unknown, PolicyKind]]
        : []),
    ];
    for (const [where, doc, kind] of docs)
      reportInvalid(sink, role.arn, `${where} of ${role.arn}`, doc, kind);
  }
  for (const kind of ['scp', 'rcp'] as const) {
    const byAccount = kind === 'scp' ? options.scps : options.rcps;
    for (const [account, list] of Object.entries(byAccount ?? {}))
      list.forEach((doc, i) => {
        reportInvalid(sink, account, `${kind}s["${account}"][${i}]`, doc, kind);
      });
  }
}

function reportInvalid(
  sink: FindingSink,
  subject: string,
  where: string,
  doc: unknown,
  kind: PolicyKind,
): void {
  const { problems } = parsePolicy(doc, '$', { kind });
  if (problems.length === 0) return;
  sink.add({
    id: 'POLICY-INVALID',
    subject,
    message: `${where} is not a valid IAM policy: ${problems
      .slice(0, 3)
      .map((p) => `${p.path}: ${p.message}`)
      .join('; ')}`,
    evidence: problems.slice(0, 5).map((p) => ({ source: where, path: p.path })),
  });
}

/** Leaks and unreachable intended cells as findings, so CI (SARIF) sees them too. */
function reachFindings(
  matrix: AccessMatrix,
  sink: FindingSink,
  clusters: readonly ClusterInfo[],
  plan: AccessPlan,
): void {
  const leaks = new Map<string, { witnesses: Set<string>; clusters: Set<string> }>();
  // Subjects that already carry an error explain their blocked cells; no need to say it twice.
  const explained = new Set(
    sink
      .list()
      .filter((f: Finding) => f.severity === 'error')
      .map((f) => f.subject),
  );
  const chainOf = new Map(clusters.map((c) => [c.registration.name, c.chainArns]));
  const providers = plan.oidcProviders.map((p) => p.arn);
  // An error on the cluster, the service account, a role of the cluster's chain or the OIDC
  // provider already explains a blocked cell.
  const isExplained = (cell: Cell): boolean =>
    [
      cell.cluster,
      cell.witness.replace(/^[a-z-]+:/, ''),
      ...(chainOf.get(cell.cluster) ?? []),
      ...providers,
    ].some((s) => explained.has(s));
  for (const cell of matrix.cells) {
    if (cell.reachable && !cell.intended) {
      // The role the leak enters through; a principal named directly by an access entry leaks at the cluster.
      const entry = cell.via[0] ?? cell.cluster;
      const l = leaks.get(entry) ?? { witnesses: new Set(), clusters: new Set() };
      l.witnesses.add(cell.witness);
      l.clusters.add(cell.cluster);
      leaks.set(entry, l);
    }
    if (!cell.reachable && cell.intended && !cell.witness.startsWith('role:') && !isExplained(cell))
      sink.add({
        id: 'PROVE-UNREACHABLE',
        subject: cell.cluster,
        message: `${cell.witness} is meant to reach ${cell.cluster} but is blocked at ${cell.blockedAt?.hop ?? '?'}: ${cell.blockedAt?.reason ?? ''}`,
        evidence: [
          { source: 'access matrix', path: `${cell.witness} × ${cell.cluster}`, value: cell.blockedAt },
        ],
      });
  }
  for (const [entry, l] of leaks) {
    const ws = [...l.witnesses];
    const cs = [...l.clusters];
    sink.add({
      id: 'PROVE-LEAK',
      subject: entry,
      link: entry.includes(':role/') ? 'identity' : 'access',
      message: `${ws.slice(0, 5).join(', ')}${ws.length > 5 ? ` and ${ws.length - 5} more` : ''} reach${ws.length === 1 ? 'es' : ''} ${cs.length} cluster${cs.length === 1 ? '' : 's'} (${cs.slice(0, 5).join(', ')}${cs.length > 5 ? ', …' : ''}) through ${entry} without being intended to.`,
      evidence: ws.slice(0, 8).map((w) => ({ source: 'access matrix', path: w, value: cs.slice(0, 5) })),
    });
  }
}
