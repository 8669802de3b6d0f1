/**
 * One role as the collector read it → the plan's RolePlan, every document it read typed in the
 * model (inline, attached, the permissions boundary), so that prove — and doctor's IAM questions,
 * which prove answers with src/iam — judge the same documents (DESIGN.md, "One model in the middle").
 */
import type { Partition } from '../fleet/types.js';
import type { NamedPolicy, PolicyDocument, RolePlan } from '../plan/types.js';
import type { Ctx } from './rules/context.js';
import type { RoleSnapshot } from './snapshot.js';

export function asPartition(p: string | undefined): Partition {
  return p === 'aws-cn' || p === 'aws-us-gov' ? p : 'aws';
}

function roleKind(ctx: Ctx, arn: string): { kind: RolePlan['kind']; id: string } {
  const lower = arn.toLowerCase();
  if (ctx.intent.identity === 'eks-capability' && lower === ctx.mgmtRoleArn?.toLowerCase())
    return { kind: 'capability', id: 'capability' };
  if (lower === ctx.mgmtRoleArn?.toLowerCase()) return { kind: 'management', id: 'management' };
  const spoke = ctx.spokes.find((s) => s.roleArn?.toLowerCase() === lower);
  return { kind: 'deployer', id: spoke ? `deployer/${spoke.name}` : `role/${arn}` };
}

/** Argo CD clusters a role serves: the hub role serves every spoke, a deployer its own. */
function servedBy(ctx: Ctx, kind: RolePlan['kind'], arn: string): string[] {
  const lower = arn.toLowerCase();
  return ctx.spokes
    .filter((s) => kind !== 'deployer' || s.roleArn?.toLowerCase() === lower)
    .map((s) => s.name)
    .sort();
}

/**
 * A document as the collector read it (URL-decoded JSON from IAM) typed as the plan's policy
 * document. The shape is not re-checked here on purpose: prove validates every document of the plan
 * with src/iam's parser and reports an invalid one with its path, the way IAM would reject it.
 */
function policyDocument(raw: Readonly<Record<string, unknown>>): PolicyDocument {
  return raw as unknown as PolicyDocument;
}

export function toRolePlan(ctx: Ctx, r: RoleSnapshot, partition: Partition): RolePlan {
  const { kind, id } = roleKind(ctx, r.arn);
  const account = r.arn.split(':')[4] ?? '';
  const customer = r.attachedPolicies.filter((p) => p.document && p.arn.split(':')[4] === account);
  const others = r.attachedPolicies.filter((p) => !customer.includes(p));
  const read = others.flatMap((p) =>
    p.document ? [{ arn: p.arn, document: policyDocument(p.document) }] : [],
  );
  const boundary = r.permissionsBoundary;
  return {
    id,
    kind,
    account,
    partition,
    name: r.roleName,
    path: r.path,
    arn: r.arn,
    description: '',
    trustPolicy: policyDocument(r.trustPolicy),
    inlinePolicies: r.inlinePolicies.map((p) => ({ name: p.name, document: policyDocument(p.document) })),
    managedPolicies: customer.map(
      (p): NamedPolicy => ({
        name: p.name ?? p.arn.split('/').pop()!,
        document: policyDocument(p.document!),
      }),
    ),
    attachedPolicyArns: others.map((p) => p.arn),
    ...(read.length > 0 && { attachedPolicies: read }),
    ...(boundary && { permissionsBoundaryArn: boundary.arn }),
    ...(boundary?.document && { permissionsBoundaryPolicy: policyDocument(boundary.document) }),
    serves: servedBy(ctx, kind, r.arn),
    maxSessionDuration: r.maxSessionDuration ?? 3600,
    tags: {},
  };
}
