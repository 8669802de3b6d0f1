/**
 * What doctor actually read, per link of a cluster's chain, and when it did not, the root cause:
 * no credentials for an account, AWS endpoints unreachable, no kubeconfig or current context, the
 * hub's Kubernetes API unreachable, or one read that failed. A link is only ✓ when everything it
 * needs was read (report.ts); otherwise it is "unchecked: <cause>". Pure.
 */
import type { Link } from '../findings.js';
import type { Ctx, SpokeView } from './rules/context.js';
import { accountOf } from './rules/context.js';
import type { CollectionError } from './snapshot.js';

/** Node / SDK error codes that mean "could not connect", whatever was being read. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'NetworkingError',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export type RootCauseKind = 'no-credentials' | 'unreachable' | 'no-kubeconfig' | 'read-failed';

/** One root cause: the collection errors it explains and the sentence dependent links show. */
export interface RootCause {
  readonly kind: RootCauseKind;
  /** `hub` (the hub's Kubernetes API) or an account id. */
  readonly origin: string;
  readonly errors: readonly CollectionError[];
  readonly text: string;
}

function causeText(kind: RootCauseKind, origin: string, errors: readonly CollectionError[]): string {
  const first = errors[0]!;
  const code = first.message.startsWith(first.code) ? first.message : `${first.code}: ${first.message}`;
  const where = origin === 'hub' ? 'the hub Kubernetes API' : `account ${origin}`;
  switch (kind) {
    case 'no-credentials':
      return `no credentials for account ${origin} (${code})`;
    case 'no-kubeconfig':
      return `no kubeconfig or current context for the hub (${code})`;
    case 'unreachable':
      return `${origin === 'hub' ? 'the hub Kubernetes API' : `AWS endpoints for account ${origin}`} unreachable (${code})`;
    default:
      return errors.length === 1
        ? `could not read ${first.step} for ${first.target} (${code})`
        : `could not read ${errors.map((e) => e.step).join(', ')} in ${where} (${code})`;
  }
}

function kindOf(e: CollectionError): RootCauseKind {
  if (e.step === 'credentials') return 'no-credentials';
  if (e.step === 'k8s:kubeconfig') return 'no-kubeconfig';
  if (UNREACHABLE.has(e.code)) return 'unreachable';
  return 'read-failed';
}

/**
 * Collection errors grouped into root causes: all "could not connect" errors of one origin are one
 * cause, a credentials or kubeconfig error is one cause, and other failed reads are grouped by
 * origin and error code (an AccessDenied on three calls is one missing permission set).
 */
export function rootCauses(ctx: Ctx): RootCause[] {
  const groups = new Map<string, { kind: RootCauseKind; origin: string; errors: CollectionError[] }>();
  const add = (origin: string, e: CollectionError) => {
    const kind = kindOf(e);
    const key = `${origin}|${kind}|${kind === 'read-failed' ? e.code : ''}`;
    const g = groups.get(key) ?? { kind, origin, errors: [] };
    g.errors.push(e);
    groups.set(key, g);
  };
  for (const a of ctx.snap.accounts) for (const e of a.errors) add(a.account, e);
  for (const e of ctx.snap.hub.errors) add('hub', e);
  return [...groups.values()].map((g) => ({ ...g, text: causeText(g.kind, g.origin, g.errors) }));
}

/** The cause that keeps a read of `target` in `origin` from having happened, if one is known. */
function causeFor(ctx: Ctx, origin: string | undefined, target?: string): string | undefined {
  if (origin === undefined) return undefined;
  const causes = rootCauses(ctx).filter((c) => c.origin === origin);
  const wide = causes.find((c) => c.kind !== 'read-failed');
  if (wide) return wide.text;
  const specific = causes.find((c) => c.errors.some((e) => target !== undefined && e.target === target));
  if (specific) return specific.text;
  if (origin !== 'hub' && !ctx.account(origin)) return `account ${origin} was not read`;
  return undefined;
}

function hubRead(ctx: Ctx, what: 'pods' | 'serviceAccounts' | 'clusterSecrets'): string | undefined {
  if (ctx.snap.hub[what] !== undefined) return undefined;
  return causeFor(ctx, 'hub') ?? `the hub's ${what} were not read`;
}

function roleRead(ctx: Ctx, arn: string | undefined): string | undefined {
  if (arn === undefined || ctx.role(arn) || ctx.roleMissing(arn)) return undefined;
  return causeFor(ctx, accountOf(arn), arn) ?? `role ${arn} was not read`;
}

function secretRead(ctx: Ctx, s: SpokeView): string | undefined {
  if (s.secret) return undefined;
  return hubRead(ctx, 'clusterSecrets') ?? `no cluster Secret for ${s.name} was found on the hub`;
}

function clusterRead(ctx: Ctx, s: SpokeView): string | undefined {
  if (s.cluster || s.clusterNotFound) return undefined;
  return (
    causeFor(ctx, s.account, s.clusterName) ??
    `eks:DescribeCluster for ${s.clusterName ?? s.name} was not read`
  );
}

function identityRead(ctx: Ctx): string | undefined {
  const hubAccount = ctx.intent.hub.account;
  const pods = hubRead(ctx, 'pods') ?? hubRead(ctx, 'serviceAccounts');
  if (pods) return pods;
  if (ctx.intent.identity === 'irsa' && ctx.hubAccount?.oidcProviders === undefined)
    return causeFor(ctx, hubAccount) ?? 'the IAM OIDC providers of the hub account were not read';
  if (ctx.intent.identity === 'pod-identity' && ctx.hubCluster?.podIdentityAssociations === undefined)
    return (
      causeFor(ctx, hubAccount, ctx.intent.hub.clusterName) ??
      'the Pod Identity associations of the hub cluster were not read'
    );
  return roleRead(ctx, ctx.mgmtRoleArn);
}

/** Why doctor cannot vouch for this link of this cluster; `undefined` when it read everything needed. */
export function uncheckedCause(ctx: Ctx, s: SpokeView, link: Link): string | undefined {
  const capability = ctx.intent.identity === 'eks-capability';
  const secondHop = !capability && s.roleArn !== undefined && s.roleArn !== ctx.mgmtRoleArn;
  switch (link) {
    case 'identity':
      return capability ? undefined : identityRead(ctx);
    case 'manager':
      return capability ? undefined : roleRead(ctx, ctx.mgmtRoleArn);
    case 'deployer':
      return secondHop ? roleRead(ctx, s.roleArn) : undefined;
    case 'token':
      return secretRead(ctx, s) ?? clusterRead(ctx, s);
    case 'access':
      return (
        clusterRead(ctx, s) ??
        (s.cluster && s.cluster.accessEntries === undefined
          ? (causeFor(ctx, s.account, s.clusterName) ??
            `the access entries of ${s.cluster.name} were not read`)
          : undefined)
      );
    case 'network':
      return secretRead(ctx, s) ?? clusterRead(ctx, s);
    case 'argocd':
      return secretRead(ctx, s);
    default:
      return undefined;
  }
}
