/**
 * Static checks: failure modes visible from the plan's policies and configuration alone, without
 * evaluating a request (the hop findings in path-findings.ts cover what needs the evaluator).
 * Every rule cites the failure-mode catalog entry (docs/failure-modes.md, one anchor per id) it implements.
 */

import type { Evidence } from '../findings.js';
import { partitionForRegion } from '../fleet/regions.js';
import { isRoleArn } from '../iam/arn.js';
import { operatorBaseName } from '../iam/match.js';
import { hasNonPrintableAscii } from '../iam/text.js';
import type { AccessEntryPlan, AccessPlan, ClusterRegistrationPlan, RolePlan } from '../plan/types.js';
import type { FindingSink } from './catalog.js';
import { type ClusterInfo, isSelfRegistration } from './matrix.js';
import {
  asArray,
  type ConditionEntry,
  conditionEntries,
  partitionOf,
  principalValues,
  roleNameOf,
  statementsOf,
} from './policy-walk.js';
import { STS_AUDIENCE } from './witnesses.js';

const lc = (s: string): string => s.toLowerCase();
const trustSource = (role: RolePlan): string => `trust policy of ${role.arn}`;

export interface CheckContext {
  readonly plan: AccessPlan;
  readonly sink: FindingSink;
  readonly clusters: readonly ClusterInfo[];
}

export function runStaticChecks(ctx: CheckContext): void {
  if (ctx.plan.identity === 'irsa') checkIrsa(ctx);
  if (ctx.plan.identity === 'pod-identity') checkPodIdentity(ctx);
  checkDeployerTrust(ctx);
  checkPartitions(ctx);
  for (const info of ctx.clusters) checkCluster(ctx, info);
  checkRegistrations(ctx);
  checkComponents(ctx);
}

function issuerHost(plan: AccessPlan): string | undefined {
  if (plan.hub.oidcIssuer) return plan.hub.oidcIssuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
  return plan.oidcProviders.find((p) => p.account === plan.hub.account)?.issuerHost;
}

function managementRoles(plan: AccessPlan): RolePlan[] {
  return plan.roles.filter((r) => r.kind === 'management');
}

/** IRSA: OIDC provider (FM-1.3), audience (FM-1.4), typos (FM-1.5), StringEquals wildcards (FM-1.2), annotations (FM-1.6). */
interface IrsaContext {
  readonly plan: AccessPlan;
  readonly sink: FindingSink;
  /** The hub's OIDC issuer host, when the plan names one. */
  readonly host: string | undefined;
  readonly provider: AccessPlan['oidcProviders'][number] | undefined;
}

/** FM-1.x on the IRSA link: issuer and provider, each management role's web-identity trust, the annotations. */
function checkIrsa({ plan, sink }: CheckContext): void {
  const host = issuerHost(plan);
  const provider = host ? plan.oidcProviders.find((p) => p.issuerHost === host) : undefined;
  const irsa: IrsaContext = { plan, sink, host, provider };
  for (const role of managementRoles(plan)) {
    checkIssuer(irsa, role);
    for (const { statement, path } of statementsOf(role.trustPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      const federated = principalValues(statement, 'Federated');
      for (const f of federated) checkFederatedPrincipal(irsa, role, f, `${path}.Principal.Federated`);
      if (federated.length === 0) continue;
      for (const c of conditionEntries(statement, path)) checkWebIdentityCondition(irsa, role, c);
    }
  }
  if (provider) checkProvider(irsa, provider);
  checkAnnotations(irsa);
}

/** FM-1.3: no issuer, or no IAM OIDC provider for it. */
function checkIssuer({ plan, sink, host, provider }: IrsaContext, role: RolePlan): void {
  if (!host)
    sink.add({
      id: 'FM-1.3',
      subject: role.arn,
      message:
        'The plan names no OIDC issuer for the hub cluster (hub.oidcIssuer) and no OIDC provider, so no service account can use IRSA.',
      evidence: [{ source: 'AccessPlan', path: 'hub.oidcIssuer' }],
    });
  if (host && !provider)
    sink.add({
      id: 'FM-1.3',
      subject: role.arn,
      message: `No IAM OIDC provider for the hub issuer ${host} is in the plan, so AssumeRoleWithWebIdentity fails with InvalidIdentityToken.`,
      evidence: [
        { source: 'AccessPlan', path: 'oidcProviders', value: plan.oidcProviders.map((p) => p.issuerHost) },
      ],
    });
}

/** FM-1.5 / FM-1.3: the federated principal of a web-identity trust statement. */
function checkFederatedPrincipal(
  { plan, sink, host }: IrsaContext,
  role: RolePlan,
  f: string,
  path: string,
): void {
  const hubPartition = plan.hub.partition;
  const ev: Evidence = { source: trustSource(role), path, value: f };
  if (hasNonPrintableAscii(f))
    sink.add({
      id: 'FM-1.5',
      subject: role.arn,
      message: `The federated principal contains an invisible character.`,
      evidence: [ev],
    });
  if (f.startsWith('arn:') && partitionOf(f) !== hubPartition)
    sink.add({
      id: 'FM-1.5',
      subject: role.arn,
      message: `The OIDC provider ARN uses partition "${partitionOf(f)}", but the hub is in "${hubPartition}".`,
      evidence: [ev],
      fix: `Write the provider ARN as arn:${hubPartition}:iam::${plan.hub.account}:oidc-provider/${host ?? '<issuer host>'}.`,
    });
  else if (host && f.includes(':oidc-provider/') && !f.endsWith(`:oidc-provider/${host}`)) {
    const otherHost = f.slice(f.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
    const typo = looksLikeHostTypo(otherHost, host);
    sink.add({
      id: typo ? 'FM-1.5' : 'FM-1.3',
      subject: role.arn,
      message: typo
        ? `The trust policy names OIDC provider host "${otherHost}", a misspelling of the hub issuer "${host}".`
        : `The trust policy names OIDC provider "${otherHost}", not the hub issuer "${host}" (rebuilt hub or another cluster).`,
      evidence: [ev],
    });
  }
}

/** FM-1.5 / FM-1.4 / FM-1.2: one condition of a web-identity trust statement (key host, suffix, values). */
function checkWebIdentityCondition({ sink, host }: IrsaContext, role: RolePlan, c: ConditionEntry): void {
  const ev: Evidence = { source: trustSource(role), path: c.path, value: c.values };
  const colon = c.key.lastIndexOf(':');
  const keyHost = colon > 0 ? c.key.slice(0, colon) : '';
  const suffix = colon > 0 ? lc(c.key.slice(colon + 1)) : '';
  if (!keyHost.startsWith('oidc') && !keyHost.includes('.amazonaws.com')) return;
  if (hasNonPrintableAscii(c.key) || c.values.some(hasNonPrintableAscii))
    sink.add({
      id: 'FM-1.5',
      subject: role.arn,
      message: `Condition ${c.key} contains an invisible character.`,
      evidence: [ev],
    });
  if (host && keyHost !== host)
    sink.add({
      id: 'FM-1.5',
      subject: role.arn,
      message: `Condition key ${c.key} does not use the hub issuer host ${host}; STS never supplies it, so the condition cannot match.`,
      evidence: [ev],
      fix: `Rename the key to ${host}:${suffix || 'sub'}.`,
    });
  if (suffix !== 'sub' && suffix !== 'aud' && suffix !== 'amr')
    sink.add({
      id: 'FM-1.5',
      subject: role.arn,
      message: `Condition key ${c.key} ends in ":${suffix}"; EKS web-identity keys are ":sub" and ":aud".`,
      evidence: [ev],
    });
  if (suffix === 'aud') {
    if (c.values.some((v) => v.startsWith('system:serviceaccount:')))
      sink.add({
        id: 'FM-1.5',
        subject: role.arn,
        message: `Service-account subjects are written on the ":aud" key; they belong on ":sub".`,
        evidence: [ev],
        fix: `Move the subjects to ${host ?? '<issuer host>'}:sub and set :aud to ${STS_AUDIENCE}.`,
      });
    else if (!c.values.includes(STS_AUDIENCE))
      sink.add({
        id: 'FM-1.4',
        subject: role.arn,
        message: `The trust policy requires audience ${c.values.join(', ')}, but IRSA tokens carry "${STS_AUDIENCE}" (also in aws-cn).`,
        evidence: [ev],
      });
  }
  if (suffix === 'sub') {
    if (c.values.includes(STS_AUDIENCE))
      sink.add({
        id: 'FM-1.5',
        subject: role.arn,
        message: `The audience "${STS_AUDIENCE}" is written on the ":sub" key; it belongs on ":aud".`,
        evidence: [ev],
      });
    const op = operatorBaseName(c.operator) ?? c.operator;
    if ((op === 'StringEquals' || op === 'StringEqualsIgnoreCase') && c.values.some((v) => /[*?]/.test(v)))
      sink.add({
        id: 'FM-1.2',
        subject: role.arn,
        message: `${c.operator} treats "*" literally, so ${c.values.filter((v) => /[*?]/.test(v)).join(', ')} matches no service account.`,
        evidence: [ev],
        fix: 'List the exact subjects with StringEquals (preferred), or use StringLike if a pattern is really intended.',
      });
  }
}

/** FM-1.4 / FM-1.3: the IAM OIDC provider's audience list and account. */
function checkProvider({ plan, sink }: IrsaContext, provider: NonNullable<IrsaContext['provider']>): void {
  const ev: Evidence = {
    source: `OIDC provider ${provider.arn}`,
    path: 'ClientIDList',
    value: provider.clientIds,
  };
  if (!provider.clientIds.includes(STS_AUDIENCE))
    sink.add({
      id: 'FM-1.4',
      subject: provider.arn,
      message: `The OIDC provider's ClientIDList ${JSON.stringify(provider.clientIds)} lacks "${STS_AUDIENCE}", the audience of IRSA tokens.`,
      evidence: [ev],
      fix: `Set the provider's ClientIDList to ["${STS_AUDIENCE}"] (also in aws-cn).`,
    });
  if (
    provider.account !== plan.hub.account &&
    managementRoles(plan).every((r) => r.account !== provider.account)
  )
    sink.add({
      id: 'FM-1.3',
      subject: provider.arn,
      message: `The OIDC provider is in account ${provider.account}, but it must be in the account of the role assumed with web identity.`,
      evidence: [{ source: `OIDC provider ${provider.arn}`, path: 'account', value: provider.account }],
    });
}

/** FM-1.6: the role-arn annotation of each service account on an intended path. */
function checkAnnotations({ plan, sink }: IrsaContext): void {
  const mgmt = new Set(managementRoles(plan).map((r) => lc(r.arn)));
  const onPath = new Set(plan.intended.map((i) => `${i.serviceAccount.namespace}/${i.serviceAccount.name}`));
  for (const sa of plan.serviceAccounts) {
    if (onPath.size > 0 && !onPath.has(`${sa.namespace}/${sa.name}`)) continue;
    const arn = sa.annotations['eks.amazonaws.com/role-arn'];
    const subject = `${sa.namespace}/${sa.name}`;
    const ev: Evidence = {
      source: `service account ${subject}`,
      path: 'metadata.annotations["eks.amazonaws.com/role-arn"]',
      value: arn,
    };
    if (arn === undefined || arn === '')
      sink.add({
        id: 'FM-1.6',
        subject,
        message: `Service account ${subject} has no eks.amazonaws.com/role-arn annotation; IRSA is not injected.`,
        evidence: [ev],
      });
    else if (!isRoleArn(arn))
      sink.add({
        id: 'FM-1.6',
        subject,
        message: `The role ARN annotation "${arn}" is malformed (ValidationError: Request ARN is invalid).`,
        evidence: [ev],
      });
    else if (mgmt.size > 0 && !mgmt.has(lc(arn)))
      sink.add({
        id: 'FM-1.6',
        subject,
        message: `The annotation names ${arn}, not the management role.`,
        evidence: [ev],
      });
  }
}

/** Same issuer id under a different host (e.g. `oidc.<region>.eks…` for `oidc.eks.<region>…`): a typo, not another cluster. */
function looksLikeHostTypo(a: string, b: string): boolean {
  const id = (s: string) => (s.includes('/id/') ? s.slice(s.indexOf('/id/')) : '');
  return id(a) !== '' && id(a) === id(b);
}

/** Pod Identity: associations (FM-1.10), trust shape (FM-1.11), environment (FM-1.12). */
function checkPodIdentity({ plan, sink }: CheckContext): void {
  const hub = plan.hub;
  if (hub.partition === 'aws-cn' || hub.region.startsWith('cn-'))
    sink.add({
      id: 'FM-1.12',
      subject: hub.clusterName,
      message: 'EKS Pod Identity is not available in China regions.',
      evidence: [{ source: 'AccessPlan', path: 'hub.region', value: hub.region }],
    });
  const version = /^v?(\d+)\.(\d+)/.exec(plan.argocd.version);
  if (version && (Number(version[1]) < 2 || (Number(version[1]) === 2 && Number(version[2]) < 10)))
    sink.add({
      id: 'FM-1.12',
      subject: hub.clusterName,
      message: `Argo CD ${plan.argocd.version} predates Pod Identity support (v2.10).`,
      evidence: [{ source: 'AccessPlan', path: 'argocd.version', value: plan.argocd.version }],
    });
  const mgmt = managementRoles(plan);
  for (const a of plan.podIdentityAssociations) {
    if (a.account !== hub.account || mgmt.every((r) => lc(r.arn) !== lc(a.roleArn))) {
      const role = plan.roles.find((r) => lc(r.arn) === lc(a.roleArn));
      if (role && role.account !== a.account)
        sink.add({
          id: 'FM-1.11',
          subject: role.arn,
          message: `The association for ${a.namespace}/${a.serviceAccount} names a role in account ${role.account}; Pod Identity only associates roles of the cluster's account (${a.account}).`,
          evidence: [
            {
              source: `Pod Identity association ${a.namespace}/${a.serviceAccount}`,
              path: 'roleArn',
              value: a.roleArn,
            },
          ],
        });
    }
  }
  // A role EKS only reaches as a targetRoleArn is assumed by the association role, not by the Pod
  // Identity service: its trust is checked on the chain (FM-1.14), not here.
  const associated = new Set(plan.podIdentityAssociations.map((a) => lc(a.roleArn)));
  const targetsOnly = new Set(
    plan.podIdentityAssociations
      .flatMap((a) => (a.targetRoleArn ? [lc(a.targetRoleArn)] : []))
      .filter((arn) => !associated.has(arn)),
  );
  for (const role of mgmt) {
    if (targetsOnly.has(lc(role.arn))) continue;
    const allows = statementsOf(role.trustPolicy).filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        principalValues(statement, 'Service').some((s) => lc(s) === 'pods.eks.amazonaws.com'),
    );
    if (allows.length === 0) {
      sink.add({
        id: 'FM-1.11',
        subject: role.arn,
        message: 'The trust policy does not allow the service principal pods.eks.amazonaws.com.',
        evidence: [{ source: trustSource(role), path: 'Statement', value: role.trustPolicy.Statement }],
      });
      continue;
    }
    const actions = allows.flatMap(({ statement }) => asArray(statement.Action).map(lc));
    const covers = (a: string) => actions.some((x) => x === a || x === 'sts:*' || x === '*');
    for (const needed of ['sts:assumerole', 'sts:tagsession'])
      if (!covers(needed))
        sink.add({
          id: 'FM-1.11',
          subject: role.arn,
          message: `The Pod Identity trust statement lacks ${needed === 'sts:tagsession' ? 'sts:TagSession' : 'sts:AssumeRole'}; EKS needs both.`,
          evidence: [
            {
              source: trustSource(role),
              path: `${allows[0]!.path}.Action`,
              value: allows[0]!.statement.Action,
            },
          ],
        });
  }
}

/** Deployer trust shape (FM-3.1): a Principal must name the management role ARN, not a session or a unique id. */
function checkDeployerTrust({ plan, sink }: CheckContext): void {
  for (const role of plan.roles) {
    if (role.kind !== 'deployer') continue;
    for (const { statement, path } of statementsOf(role.trustPolicy)) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.Principal === undefined && statement.NotPrincipal === undefined)
        sink.add({
          id: 'FM-3.1',
          subject: role.arn,
          message:
            statement.Resource !== undefined
              ? 'A trust statement names the management role under "Resource" instead of "Principal"; IAM rejects it (MalformedPolicyDocument) and it trusts no one.'
              : 'A trust statement has no Principal, so it trusts no one.',
          evidence: [
            {
              source: trustSource(role),
              path: statement.Resource !== undefined ? `${path}.Resource` : path,
              value: statement.Resource,
            },
          ],
          fix: 'Replace "Resource" with "Principal": {"AWS": "<management role ARN>"}.',
        });
      for (const v of principalValues(statement, 'AWS')) {
        const ev: Evidence = { source: trustSource(role), path: `${path}.Principal.AWS`, value: v };
        if (v.includes(':assumed-role/'))
          sink.add({
            id: 'FM-3.1',
            subject: role.arn,
            message: `The trust names the session ARN ${v}; future sessions have other names and never match.`,
            evidence: [ev],
          });
        else if (/^ARO[A-Z0-9]{10,}$/.test(v))
          sink.add({
            id: 'FM-3.1',
            subject: role.arn,
            message: `The trust names the unique id ${v}: the role it named was deleted (recreated roles get a new id).`,
            evidence: [ev],
          });
      }
    }
  }
}

/** FM-3.5: one partition for the whole chain. */
function checkPartitions({ plan, sink, clusters }: CheckContext): void {
  const hubPartition = plan.hub.partition;
  for (const info of clusters) {
    const c = info.registration;
    const entryPartitions = info.entries.map((e) => e.partition);
    const spokePartition = entryPartitions[0] ?? partitionForRegion(c.region);
    const regionPartition = partitionForRegion(c.region);
    if (spokePartition !== hubPartition || regionPartition !== hubPartition)
      sink.add({
        id: 'FM-3.5',
        subject: c.name,
        message: `Spoke ${c.name} is in partition ${spokePartition !== hubPartition ? spokePartition : regionPartition} (region ${c.region}); the hub is in ${hubPartition}. Roles cannot be assumed across partitions and the authenticator only accepts its own partition's STS hosts.`,
        evidence: [
          { source: `cluster ${c.name}`, path: 'region', value: c.region },
          { source: 'AccessPlan', path: 'hub.partition', value: hubPartition },
        ],
      });
    const roleArn = c.config.awsAuthConfig?.roleARN;
    if (roleArn && partitionOf(roleArn) && partitionOf(roleArn) !== hubPartition)
      sink.add({
        id: 'FM-3.5',
        subject: c.name,
        message: `awsAuthConfig.roleARN uses partition ${partitionOf(roleArn)}; the hub is in ${hubPartition}.`,
        evidence: [
          { source: `cluster Secret ${c.secretName}`, path: 'config.awsAuthConfig.roleARN', value: roleArn },
        ],
      });
  }
}

const CLUSTER_ADMIN = 'AmazonEKSClusterAdminPolicy';
const WRITE_POLICIES = new Set([
  'AmazonEKSClusterAdminPolicy',
  'AmazonEKSAdminPolicy',
  'AmazonEKSEditPolicy',
]);
const policyName = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** Per cluster: final identity mapped (FM-5.2/5.3), authorized (FM-5.5), scope (FM-5.6), token name (FM-4.1), URL/CA (FM-6.3/6.4). */
const roleArnSets = new WeakMap<AccessPlan, Set<string>>();

function planRoleArns(plan: AccessPlan): Set<string> {
  let set = roleArnSets.get(plan);
  if (!set) {
    set = new Set(plan.roles.map((r) => lc(r.arn)));
    roleArnSets.set(plan, set);
  }
  return set;
}

function checkCluster({ plan, sink }: CheckContext, info: ClusterInfo): void {
  const c = info.registration;
  const secret = `cluster Secret ${c.secretName}`;
  const capability = plan.identity === 'eks-capability';
  // FM-5.3: ARN forms EKS rejects or that never match the role.
  for (const e of info.entries) {
    const ev: Evidence = {
      source: `access entry on ${e.clusterName}`,
      path: 'principalArn',
      value: e.principalArn,
    };
    if (e.principalArn.includes(':assumed-role/'))
      sink.add({
        id: 'FM-5.3',
        subject: c.name,
        message: `The access entry names the STS session ARN ${e.principalArn}; access entries need the IAM role ARN.`,
        evidence: [ev],
      });
    else if (partitionOf(e.principalArn) !== e.partition)
      sink.add({
        id: 'FM-5.3',
        subject: c.name,
        message: `The access entry principal uses partition ${partitionOf(e.principalArn)}; the cluster is in ${e.partition}.`,
        evidence: [ev],
      });
    else if (!planRoleArns(plan).has(lc(e.principalArn))) {
      const sameName = plan.roles.find(
        (r) => r.account === e.principalArn.split(':')[4] && lc(r.name) === lc(roleNameOf(e.principalArn)),
      );
      if (sameName)
        sink.add({
          id: 'FM-5.3',
          subject: c.name,
          message: `The access entry names ${e.principalArn}, but the role is ${sameName.arn} (path ${sameName.path}); the ARN must carry the role's path.`,
          evidence: [ev],
          fix: `Use ${sameName.arn} as the access entry principal.`,
        });
    }
  }
  // FM-5.2: the identity that signs the token must be mapped.
  const finalArn = c.config.awsAuthConfig?.roleARN || info.chainArns[0];
  const finalEntry = finalArn ? info.entries.find((e) => lc(e.principalArn) === lc(finalArn)) : undefined;
  if (finalArn && !finalEntry && !sink.has('FM-5.3', c.name))
    sink.add({
      id: 'FM-5.2',
      subject: c.name,
      message: `Tokens for ${c.name} are signed by ${finalArn}, but no access entry on ${c.clusterName} names it (Unauthorized: ARN is not mapped).`,
      evidence: [
        { source: secret, path: 'config.awsAuthConfig.roleARN', value: c.config.awsAuthConfig?.roleARN },
        {
          source: `access entries of ${c.clusterName}`,
          path: 'principalArn',
          value: info.entries.map((e) => e.principalArn),
        },
      ],
      fix: `Create a STANDARD access entry on ${c.clusterName} for ${finalArn}.`,
    });
  if (finalEntry) checkAuthorization(sink, c, finalEntry);
  // FM-4.1: the token is signed for awsAuthConfig.clusterName.
  const aws = c.config.awsAuthConfig;
  if (aws && !capability) {
    const entryName = finalEntry?.clusterName ?? c.clusterName;
    if (aws.clusterName !== entryName || aws.clusterName.startsWith('arn:'))
      sink.add({
        id: 'FM-4.1',
        subject: c.name,
        message: `awsAuthConfig.clusterName is "${aws.clusterName}", but the EKS cluster is "${entryName}"; the authenticator rejects the token (SignatureDoesNotMatch).`,
        evidence: [{ source: secret, path: 'config.awsAuthConfig.clusterName', value: aws.clusterName }],
        fix: `Set awsAuthConfig.clusterName to "${entryName}".`,
      });
  }
  if (capability) checkCapabilityRegistration(sink, c);
  else checkServer(sink, c);
  checkCa(sink, c);
}

function checkAuthorization(sink: FindingSink, c: ClusterRegistrationPlan, entry: AccessEntryPlan): void {
  const ev: Evidence = {
    source: `access entry ${entry.principalArn} on ${entry.clusterName}`,
    path: 'accessPolicies',
    value: entry.accessPolicies,
  };
  if (entry.accessPolicies.length === 0) {
    if (entry.kubernetesGroups.length === 0)
      sink.add({
        id: 'FM-5.5',
        subject: c.name,
        message: `The access entry for ${entry.principalArn} has no access policy and no Kubernetes groups: the token authenticates but every request is Forbidden.`,
        evidence: [ev],
      });
    return; // groups only: RBAC bindings decide; not visible in a plan.
  }
  const clusterAdmin = entry.accessPolicies.some(
    (p) => policyName(p.policyArn) === CLUSTER_ADMIN && p.accessScope.type === 'cluster',
  );
  if (clusterAdmin) return;
  const describe = entry.accessPolicies
    .map(
      (p) =>
        `${policyName(p.policyArn)} (${p.accessScope.type}${p.accessScope.namespaces?.length ? `: ${p.accessScope.namespaces.join(', ')}` : ''})`,
    )
    .join(', ');
  const writable = entry.accessPolicies.filter((p) => WRITE_POLICIES.has(policyName(p.policyArn)));
  if (writable.length === 0) {
    sink.add({
      id: 'FM-5.6',
      subject: c.name,
      severity: 'warning',
      message: `Argo CD gets only ${describe} on ${c.name}: it can watch but not sync.`,
      evidence: [ev],
    });
    return;
  }
  const nsScoped = writable.every((p) => p.accessScope.type === 'namespace');
  const groups = entry.kubernetesGroups;
  if (c.namespaces.length === 0 || c.clusterResources) {
    // Namespace-scoped write access while Argo CD watches the whole cluster: the cluster cache
    // cannot list most kinds. Kubernetes groups may be bound to more through RBAC (not visible
    // in a plan), and cluster-wide admin/edit misses only cluster-scoped kinds (Argo CD's
    // `resource.respectRBAC` can skip those), so those two cases are softer.
    const severity = nsScoped ? (groups.length > 0 ? 'info' : 'error') : 'warning';
    sink.add({
      id: 'FM-5.6',
      subject: c.name,
      severity,
      message: `Argo CD watches ${c.namespaces.length === 0 ? 'every namespace and cluster-scoped resource' : 'cluster-scoped resources'} of ${c.name}, but the access is ${describe}${groups.length > 0 ? ` plus groups ${groups.join(', ')} (RBAC not visible to prove)` : ''}; ${nsScoped ? 'the cluster cache fails with Forbidden' : 'cluster-scoped kinds (CRDs, namespaces, ClusterRoles) are Forbidden unless resource.respectRBAC is set'}.`,
      evidence: [ev, { source: `cluster Secret ${c.secretName}`, path: 'namespaces', value: c.namespaces }],
      fix: nsScoped
        ? `Set the cluster's namespaces to ${[...new Set(writable.flatMap((p) => p.accessScope.namespaces ?? []))].join(', ')} (Secret \`namespaces\`), or grant AmazonEKSClusterAdminPolicy with type=cluster.`
        : undefined,
    });
    return;
  }
  const covered = (ns: string) =>
    writable.some(
      (p) =>
        p.accessScope.type === 'cluster' ||
        (p.accessScope.namespaces ?? []).some((pat) =>
          new RegExp(`^${pat.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`).test(ns),
        ),
    );
  const uncovered = c.namespaces.filter((ns) => !covered(ns));
  if (uncovered.length > 0)
    sink.add({
      id: 'FM-5.6',
      subject: c.name,
      message: `Argo CD manages namespaces ${uncovered.join(', ')} of ${c.name}, which the access scope (${describe}) does not cover.`,
      evidence: [ev, { source: `cluster Secret ${c.secretName}`, path: 'namespaces', value: c.namespaces }],
    });
}

function checkServer(sink: FindingSink, c: ClusterRegistrationPlan): void {
  const ev: Evidence = { source: `cluster Secret ${c.secretName}`, path: 'server', value: c.server };
  let url: URL | undefined;
  try {
    url = new URL(c.server);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' || !/^https:\/\/[^/]/.test(c.server))
    sink.add({
      id: 'FM-6.3',
      subject: c.name,
      message: `server "${c.server}" is not an https URL.`,
      evidence: [ev],
    });
  else if (c.server.endsWith('/') || (url.pathname !== '/' && url.pathname !== ''))
    sink.add({
      id: 'FM-6.3',
      subject: c.name,
      message: `server "${c.server}" has a path or trailing slash; Applications' destination.server must match it exactly.`,
      evidence: [ev],
      fix: `Use ${url.origin}.`,
    });
}

function checkCapabilityRegistration(sink: FindingSink, c: ClusterRegistrationPlan): void {
  if (!/^arn:aws(-cn|-us-gov)?:eks:[a-z0-9-]+:\d{12}:cluster\/.+$/.test(c.server))
    sink.add({
      id: 'FM-7.8',
      subject: c.name,
      message: `The EKS Argo CD capability addresses clusters by ARN, but server is "${c.server}".`,
      evidence: [{ source: `cluster Secret ${c.secretName}`, path: 'server', value: c.server }],
    });
  if (c.config.awsAuthConfig)
    sink.add({
      id: 'FM-7.8',
      subject: c.name,
      message:
        'The cluster Secret carries awsAuthConfig; the EKS capability authenticates with its capability role instead.',
      evidence: [
        {
          source: `cluster Secret ${c.secretName}`,
          path: 'config.awsAuthConfig',
          value: c.config.awsAuthConfig,
        },
      ],
    });
}

/** FM-6.4: caData must be base64 of a PEM bundle — EKS certificateAuthority.data verbatim. */
function checkCa(sink: FindingSink, c: ClusterRegistrationPlan): void {
  const tls = c.config.tlsClientConfig;
  const ev: Evidence = { source: `cluster Secret ${c.secretName}`, path: 'config.tlsClientConfig.caData' };
  if (tls.insecure)
    sink.add({
      id: 'FM-6.4',
      subject: c.name,
      severity: 'warning',
      message: 'tlsClientConfig.insecure is true: the API server certificate is not verified.',
      evidence: [{ ...ev, path: 'config.tlsClientConfig.insecure', value: true }],
      fix: 'Set insecure: false and put the cluster CA (EKS certificateAuthority.data) into caData.',
    });
  const ca = tls.caData;
  if (ca === undefined || ca === '') return;
  const decoded = decodeBase64(ca);
  if (decoded === undefined) {
    sink.add({
      id: 'FM-6.4',
      subject: c.name,
      message: ca.includes('-----BEGIN')
        ? 'caData holds raw PEM; Argo CD expects base64 of the PEM (unable to parse bytes as PEM block).'
        : 'caData is not valid base64.',
      evidence: [{ ...ev, value: `${ca.slice(0, 24)}…` }],
    });
    return;
  }
  if (decoded.startsWith('-----BEGIN CERTIFICATE-----')) return;
  const twice = decodeBase64(decoded.replace(/\s+/g, ''));
  sink.add({
    id: 'FM-6.4',
    subject: c.name,
    message: twice?.startsWith('-----BEGIN CERTIFICATE-----')
      ? 'caData is base64-encoded twice (EKS certificateAuthority.data is already base64); TLS fails with "unable to parse bytes as PEM block".'
      : 'caData does not decode to a PEM certificate.',
    evidence: [{ ...ev, value: `${ca.slice(0, 24)}…` }],
  });
}

function decodeBase64(s: string): string | undefined {
  const compact = s.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    return undefined;
  return Buffer.from(compact, 'base64').toString('latin1');
}

const YAML_COERCED = /^(\d+|[+-]?\d*\.\d+|true|false|yes|no|on|off|null|~|y|n)$/i;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** FM-7.3: cluster Secret shape and the chart's clusterCredentials form; FM-7.3 also for missing awsAuthConfig. */
function checkRegistrations({ plan, sink }: CheckContext): void {
  const major = Number(/^v?(\d+)/.exec(plan.argocd.chartVersion)?.[1] ?? Number.NaN);
  const listOnNewChart = plan.argocd.clusterCredentialsForm === 'list' && major >= 7;
  const names = new Map<string, number>();
  const servers = new Map<string, number>();
  for (const c of plan.clusters) {
    names.set(c.name, (names.get(c.name) ?? 0) + 1);
    servers.set(c.server.replace(/\/+$/, ''), (servers.get(c.server.replace(/\/+$/, '')) ?? 0) + 1);
  }
  plan.clusters.forEach((c, i) => {
    if (isSelfRegistration(plan, c)) return;
    const secret = `cluster Secret ${c.secretName}`;
    if (listOnNewChart)
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: `configs.clusterCredentials is a list, but chart ${plan.argocd.chartVersion} (≥ 7.0.0) reads a map: ${c.name} would be rendered as cluster "${i}" in Secret argocd-cluster-${i}.`,
        evidence: [{ source: 'AccessPlan', path: 'argocd.clusterCredentialsForm', value: 'list' }],
        fix: 'Pass configs.clusterCredentials as a map keyed by cluster name (chart ≥ 7.0.0).',
      });
    if (!c.name)
      sink.add({
        id: 'FM-7.3',
        subject: c.secretName || `clusters[${i}]`,
        message: 'The cluster has no name.',
        evidence: [{ source: secret, path: 'name', value: c.name }],
      });
    else if (YAML_COERCED.test(c.name))
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: `The cluster name "${c.name}" is coerced by YAML (number/boolean) when rendered unquoted.`,
        evidence: [{ source: secret, path: 'name', value: c.name }],
      });
    if ((names.get(c.name) ?? 0) > 1)
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: `Two clusters are named "${c.name}".`,
        evidence: [{ source: secret, path: 'name', value: c.name }],
      });
    if ((servers.get(c.server.replace(/\/+$/, '')) ?? 0) > 1)
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: `Another cluster Secret has the same server ${c.server}; Applications cannot tell them apart.`,
        evidence: [{ source: secret, path: 'server', value: c.server }],
      });
    if (!DNS_SUBDOMAIN.test(c.secretName) || c.secretName.length > 253)
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: `Secret name "${c.secretName}" is not a valid Kubernetes name.`,
        evidence: [{ source: secret, path: 'metadata.name', value: c.secretName }],
      });
    if (plan.identity !== 'eks-capability' && !c.config.awsAuthConfig)
      sink.add({
        id: 'FM-7.3',
        subject: c.name,
        message: 'The cluster Secret has no awsAuthConfig, so Argo CD never obtains an EKS token for it.',
        evidence: [{ source: secret, path: 'config.awsAuthConfig' }],
        fix: 'Add awsAuthConfig {clusterName, roleARN} (note the capitalisation: roleARN).',
      });
  });
}

/** FM-7.2: both the application controller and argocd-server need the identity for every cluster. */
function checkComponents({ plan, sink }: CheckContext): void {
  if (plan.identity === 'eks-capability') return;
  const byCluster = new Map<string, Set<string>>();
  for (const i of plan.intended) {
    const set = byCluster.get(i.cluster) ?? new Set<string>();
    set.add(i.component);
    byCluster.set(i.cluster, set);
  }
  for (const c of plan.clusters) {
    if (isSelfRegistration(plan, c)) continue;
    const comps = byCluster.get(c.name) ?? new Set<string>();
    const missing = ['application-controller', 'server'].filter((x) => !comps.has(x));
    if (missing.length > 0)
      sink.add({
        id: 'FM-7.2',
        subject: c.name,
        message: `No intended path gives ${missing.join(' and ')} access to ${c.name}; ${missing.includes('server') ? 'UI logs, live manifests and cluster add fail' : 'syncs fail'}.`,
        evidence: [{ source: 'AccessPlan', path: 'intended', value: [...comps] }],
      });
  }
}
