/**
 * Link 5 — the spoke maps the token's principal (access entry) and authorizes it (access policy).
 * docs/failure-modes.md#link-5; EKS access entries docs (argocd-eks-facts §5.1).
 */
import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import type { AccessEntrySnapshot } from '../snapshot.js';
import type { Ctx, SpokeView } from './context.js';

const RECENT_MS = 5 * 60_000;
const CLUSTER_ADMIN = /cluster-access-policy\/AmazonEKSClusterAdminPolicy$/;

/** The principal the spoke sees: roleARN when set, else the role the pod has. */
function finalPrincipal(ctx: Ctx, s: SpokeView): string | undefined {
  return s.roleArn ?? ctx.mgmtRoleArn;
}

function entryFor(s: SpokeView, principal: string): AccessEntrySnapshot | undefined {
  return s.cluster?.accessEntries?.find((e) => e.principalArn.toLowerCase() === principal.toLowerCase());
}

/** Role name without path: entries may carry a path, the authenticator compares canonical names. */
function roleName(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

function rules(ctx: Ctx, s: SpokeView): Finding[] {
  const c = s.cluster;
  if (!c) return [];
  const out: Finding[] = [];
  const describe = `eks:DescribeCluster ${c.name}`;
  if (c.authenticationMode === 'CONFIG_MAP') {
    out.push(
      report('FM-5.1', {
        subject: s.name,
        message:
          'the spoke authenticates from the aws-auth ConfigMap only (authenticationMode CONFIG_MAP): access entries are ignored',
        evidence: [
          { source: describe, path: 'cluster.accessConfig.authenticationMode', value: c.authenticationMode },
        ],
        fix: `aws eks update-cluster-config --name ${c.name} --access-config authenticationMode=API_AND_CONFIG_MAP (one-way)`,
      }),
    );
    return out;
  }
  const principal = finalPrincipal(ctx, s);
  if (!principal || c.accessEntries === undefined) return out;
  const listEv = {
    source: `eks:ListAccessEntries ${c.name}`,
    value: c.accessEntries.map((e) => e.principalArn),
  };
  for (const e of c.accessEntries) {
    if (e.principalArn.includes(':assumed-role/'))
      out.push(
        report('FM-5.3', {
          subject: s.name,
          message: `access entry principal ${e.principalArn} is an STS session ARN; entries need the IAM role ARN`,
          evidence: [
            { source: `access entry ${e.principalArn}`, path: 'principalArn', value: e.principalArn },
          ],
          fix: 'recreate the entry with arn:…:iam::<account>:role/<path><name>',
        }),
      );
  }
  const entry = entryFor(s, principal);
  if (!entry) {
    const samename = c.accessEntries.find(
      (e) => roleName(e.principalArn).toLowerCase() === roleName(principal).toLowerCase(),
    );
    if (samename) {
      out.push(
        report('FM-5.3', {
          subject: s.name,
          message: `the access entry is for ${samename.principalArn} but the token's role is ${principal} (role path or account differs)`,
          evidence: [listEv, { source: 'principal of the token', value: principal }],
          fix: `create the entry for exactly ${principal} (with its path)`,
        }),
      );
      return out;
    }
    const mapsMgmt = ctx.mgmtRoleArn && s.roleArn && entryFor(s, ctx.mgmtRoleArn);
    out.push(
      report('FM-5.2', {
        subject: s.name,
        message: mapsMgmt
          ? `the spoke maps the management role, but roleARN makes the token's identity ${principal}, which has no access entry`
          : `no access entry on ${c.name} for ${principal}, the identity the token carries: the spoke answers Unauthorized`,
        evidence: [
          listEv,
          {
            source: `cluster Secret ${s.secret?.name ?? s.name}`,
            path: 'config.awsAuthConfig.roleARN',
            value: s.roleArn ?? null,
          },
        ],
        fix: `aws eks create-access-entry --cluster-name ${c.name} --principal-arn ${principal} --type STANDARD`,
      }),
    );
    return out;
  }
  const role = ctx.role(principal);
  if (role && entry.createdAt && Date.parse(role.createDate) > Date.parse(entry.createdAt))
    out.push(
      report('FM-5.4', {
        subject: s.name,
        message: `role ${principal} was created (${role.createDate}) after its access entry (${entry.createdAt}): EKS keyed the entry to the old role's id, so it no longer matches`,
        evidence: [
          { source: `iam:GetRole ${principal}`, path: 'Role.CreateDate', value: role.createDate },
          {
            source: `eks:DescribeAccessEntry ${principal}`,
            path: 'accessEntry.createdAt',
            value: entry.createdAt,
          },
        ],
        fix: 'delete and recreate the access entry and its policy associations',
      }),
    );
  if (role && role.arn.toLowerCase() !== entry.principalArn.toLowerCase())
    out.push(
      report('FM-5.3', {
        subject: s.name,
        message: `the access entry principal ${entry.principalArn} differs from the role's ARN ${role.arn}`,
        evidence: [{ source: `iam:GetRole`, path: 'Role.Arn', value: role.arn }],
        fix: `recreate the entry for ${role.arn}`,
      }),
    );
  const entryEv = {
    source: `eks:ListAssociatedAccessPolicies ${c.name} ${entry.principalArn}`,
    path: 'associatedAccessPolicies',
    value: entry.accessPolicies,
  };
  if (entry.accessPolicies.length === 0) {
    if (entry.kubernetesGroups.length === 0)
      out.push(
        report('FM-5.5', {
          subject: s.name,
          message:
            'the access entry has neither an access policy nor Kubernetes groups: the principal authenticates but may do nothing (Forbidden)',
          evidence: [entryEv],
          fix: `aws eks associate-access-policy --cluster-name ${c.name} --principal-arn ${entry.principalArn} --policy-arn arn:${s.partition ?? 'aws'}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy --access-scope type=cluster`,
        }),
      );
    else
      out.push(
        report('FM-5.5', {
          subject: s.name,
          message: `access comes only from Kubernetes groups ${JSON.stringify(entry.kubernetesGroups)}; EKS does not check that any RoleBinding uses them`,
          evidence: [
            {
              source: `eks:DescribeAccessEntry ${entry.principalArn}`,
              path: 'accessEntry.kubernetesGroups',
              value: entry.kubernetesGroups,
            },
          ],
          fix: 'make sure (Cluster)RoleBindings reference these groups, or associate an access policy',
          severity: 'warning',
        }),
      );
  } else {
    out.push(...scope(s, entry, entryEv));
  }
  const recent = [
    entry.createdAt,
    entry.modifiedAt,
    ...entry.accessPolicies.flatMap((p) => [p.associatedAt, p.modifiedAt]),
  ]
    .filter((t): t is string => !!t)
    .some((t) => ctx.now - Date.parse(t) < RECENT_MS && ctx.now >= Date.parse(t));
  if (recent)
    out.push(
      report('FM-5.8', {
        subject: s.name,
        message:
          'the access entry changed in the last 5 minutes; EKS applies changes eventually, so early failures may clear by themselves',
        evidence: [
          {
            source: `eks:DescribeAccessEntry ${entry.principalArn}`,
            path: 'accessEntry.modifiedAt',
            value: entry.modifiedAt ?? entry.createdAt,
          },
        ],
        fix: 'wait a minute and run doctor --probe again (it retries with backoff)',
      }),
    );
  return out;
}

/** FM-5.6: the access policy scope is narrower than what Argo CD's cluster cache watches. */
function scope(
  s: SpokeView,
  entry: AccessEntrySnapshot,
  entryEv: { source: string; path: string; value: unknown },
): Finding[] {
  const secretNs = (s.secret?.data.namespaces ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const clusterAdmin = entry.accessPolicies.some(
    (p) => CLUSTER_ADMIN.test(p.policyArn) && p.accessScope.type === 'cluster',
  );
  if (clusterAdmin) return [];
  const nsScoped = entry.accessPolicies.filter((p) => p.accessScope.type === 'namespace');
  const scopedNs = nsScoped.flatMap((p) => p.accessScope.namespaces ?? []);
  const fix =
    'associate AmazonEKSClusterAdminPolicy with type=cluster, or restrict the Argo CD cluster Secret (namespaces, clusterResources: false) to what the policy covers';
  // Kubernetes groups may be bound to more through RBAC, which doctor cannot see: softer then.
  if (secretNs.length === 0 && nsScoped.length === entry.accessPolicies.length)
    return [
      report('FM-5.6', {
        subject: s.name,
        message: `access is scoped to namespaces ${JSON.stringify(scopedNs)}, but the cluster Secret lets Argo CD watch all namespaces and cluster-scoped kinds: the cluster cache fails with Forbidden`,
        evidence: [
          entryEv,
          { source: `cluster Secret ${s.secret?.name ?? s.name}`, path: 'namespaces', value: null },
        ],
        fix: fix,
        severity: entry.kubernetesGroups.length > 0 ? 'info' : 'error',
      }),
    ];
  const outside = secretNs.filter(
    (n) =>
      nsScoped.length === entry.accessPolicies.length &&
      !scopedNs.some((p) => p === n || (p.endsWith('*') && n.startsWith(p.slice(0, -1)))),
  );
  if (outside.length > 0)
    return [
      report('FM-5.6', {
        subject: s.name,
        message: `the cluster Secret lists namespaces ${JSON.stringify(outside)} outside the access scope ${JSON.stringify(scopedNs)}`,
        evidence: [entryEv],
        fix: fix,
      }),
    ];
  if (secretNs.length === 0 || s.secret?.data.clusterResources === 'true')
    return [
      report('FM-5.6', {
        subject: s.name,
        message: `no cluster-wide AmazonEKSClusterAdminPolicy: ${entry.accessPolicies.map((p) => p.policyArn.split('/').pop()).join(', ')} may not list cluster-scoped kinds (CRDs, namespaces) Argo CD watches`,
        evidence: [entryEv],
        fix: fix,
        severity: 'warning',
      }),
    ];
  return [];
}

export function accessRules(ctx: Ctx): Finding[] {
  return ctx.spokes.flatMap((s) => rules(ctx, s));
}
