/**
 * Link 1 — the pod's first AWS credentials (IRSA web identity or EKS Pod Identity).
 * FM ids and detection recipes: docs/failure-modes.md#link-1.
 */

import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import { isRoleArn, partitionOf } from '../../iam/arn.js';
import { hasNonPrintableAscii } from '../../iam/text.js';
import type { PolicyDocument, PolicyStatement, RolePlan } from '../../plan/types.js';
import {
  conditionEntries,
  principalValues,
  statementCoversAction,
  statementsOf,
} from '../../prove/policy-walk.js';
import { conditionAdmits, trustConditionsAdmit } from '../../prove/questions.js';
import type { PodSnapshot } from '../snapshot.js';
import {
  AUDIENCE_ANNOTATION,
  accountOf,
  argocdVersion,
  type Ctx,
  envValue,
  hasEnv,
  intendedSaNames,
  ROLE_ARN_ANNOTATION,
  spokeCallers,
  versionAtLeast,
} from './context.js';

// Readers of the observed plan's trust documents (src/prove/policy-walk.ts) in the shapes these
// rules quote as evidence; every decision is src/iam's, asked through src/prove/questions.ts.
const statements = (doc: PolicyDocument): PolicyStatement[] => statementsOf(doc).map((x) => x.statement);
const actionMatches = statementCoversAction;
const conditionAccepts = conditionAdmits;

function conditions(st: PolicyStatement): { op: string; key: string; values: string[] }[] {
  return conditionEntries(st, 'Statement').map((c) => ({
    op: c.operator,
    key: c.key,
    values: [...c.values],
  }));
}

/** Principal values of one type; `"Principal": "*"` is everyone, written as AWS `*`. */
function principals(st: PolicyStatement, type: 'AWS' | 'Federated' | 'Service'): string[] {
  if (st.Principal === '*') return type === 'AWS' ? ['*'] : [];
  return principalValues(st, type).map(String);
}

/** The OIDC provider of the role's account for `host` (what STS matches the token's issuer to). */
const providerIn = (role: RolePlan, host: string): string =>
  `arn:${role.partition}:iam::${role.account}:oidc-provider/${host}`;

const DEFAULT_AUDIENCE = 'sts.amazonaws.com';

const podRef = (pod: PodSnapshot) => `${pod.namespace}/${pod.name}`;
const restartFix = (ctx: Ctx) =>
  `kubectl rollout restart statefulset/argocd-application-controller deploy/argocd-server -n ${ctx.intent.argocdNamespace} ` +
  '(the EKS webhook only injects credentials when a pod is created)';

/** FM-1.1: SA annotated, but the running pod was admitted before (no/different AWS_ROLE_ARN). */
function staleIrsaPods(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const { pod } of spokeCallers(ctx)) {
    const want = ctx.serviceAccount(pod.serviceAccountName)?.annotations[ROLE_ARN_ANNOTATION];
    if (!want) continue;
    const got = envValue(pod, 'AWS_ROLE_ARN');
    if (got === want) continue;
    out.push(
      report('FM-1.1', {
        subject: podRef(pod),
        message:
          got === undefined
            ? `pod ${pod.name} has no AWS_ROLE_ARN although its service account is annotated: it started before the annotation and falls back to the node role`
            : `pod ${pod.name} runs with AWS_ROLE_ARN=${got} but its service account now says ${want}`,
        evidence: [
          {
            source: `ServiceAccount ${pod.namespace}/${pod.serviceAccountName}`,
            path: `metadata.annotations["${ROLE_ARN_ANNOTATION}"]`,
            value: want,
          },
          { source: `Pod ${podRef(pod)}`, path: 'spec.containers[*].env[AWS_ROLE_ARN]', value: got ?? null },
          { source: `Pod ${podRef(pod)}`, path: 'status.startTime', value: pod.startTime ?? null },
        ],
        fix: restartFix(ctx),
      }),
    );
  }
  return out;
}

/** Web-identity statements of a trust policy. */
function webIdentityStatements(trust: PolicyDocument) {
  return statements(trust).filter(
    (s) => s.Effect === 'Allow' && actionMatches(s, 'sts:AssumeRoleWithWebIdentity'),
  );
}

function issuerHost(ctx: Ctx): string | undefined {
  return ctx.hubCluster?.oidcIssuer?.replace(/^https:\/\//, '');
}

/** FM-1.2: the trust policy's `:sub` does not admit the pods' real service accounts. */
function trustSubjects(ctx: Ctx): Finding[] {
  const role = ctx.rolePlan(ctx.mgmtRoleArn);
  if (!role) return [];
  const out: Finding[] = [];
  const stmts = webIdentityStatements(role.trustPolicy);
  const subjects = new Map<string, string>();
  for (const { name } of intendedSaNames(ctx))
    subjects.set(`system:serviceaccount:${ctx.intent.argocdNamespace}:${name}`, name);
  for (const { pod } of spokeCallers(ctx))
    subjects.set(`system:serviceaccount:${pod.namespace}:${pod.serviceAccountName}`, pod.serviceAccountName);
  // Does a statement's `:sub` condition admit the subject? The evaluator decides, on the statement
  // with its `:sub` keys supplied (the principal and `:aud` have their own rules, FM-1.3 / FM-1.4).
  const admits = (st: PolicyStatement, sub: string) => {
    const keys = conditions(st)
      .filter((c) => c.key.endsWith(':sub'))
      .map((c) => c.key);
    const context = Object.fromEntries(keys.map((k) => [k, sub]));
    return trustConditionsAdmit(
      role,
      st,
      providerIn(role, issuerHost(ctx) ?? 'unknown'),
      'sts:AssumeRoleWithWebIdentity',
      context,
    );
  };
  const missing = [...subjects.keys()].filter((sub) => !stmts.some((st) => admits(st, sub)));
  if (stmts.length > 0 && missing.length > 0) {
    out.push(
      report('FM-1.2', {
        subject: role.arn,
        message: `the management role's trust policy does not admit ${missing.join(', ')}: AssumeRoleWithWebIdentity is denied for those pods`,
        evidence: [
          {
            source: `trust policy of ${role.arn}`,
            path: 'Statement[*].Condition[*][*:sub]',
            value: subValues(stmts),
          },
          { source: 'service accounts of the Argo CD pods', value: missing },
        ],
        fix: `add ${missing.map((m) => `"${m}"`).join(', ')} to the ":sub" condition (or pin the chart's *.serviceAccount.name values)`,
      }),
    );
  }
  for (const st of stmts) {
    for (const c of conditions(st)) {
      if (
        /^(ForAnyValue:|ForAllValues:)?StringEquals/.test(c.op) &&
        c.key.endsWith(':sub') &&
        c.values.some((v) => v.includes('*'))
      ) {
        out.push(
          report('FM-1.2', {
            subject: role.arn,
            message: `StringEquals compares "${c.values.find((v) => v.includes('*'))}" literally: a wildcard needs StringLike`,
            evidence: [
              {
                source: `trust policy of ${role.arn}`,
                path: `Condition.${c.op}["${c.key}"]`,
                value: c.values,
              },
            ],
            fix: 'use the exact service-account subjects with StringEquals (preferred) or switch the operator to StringLike',
          }),
        );
      }
    }
  }
  return out;
}

function subValues(stmts: ReturnType<typeof statements>): string[] {
  return stmts.flatMap((st) =>
    conditions(st)
      .filter((c) => c.key.endsWith(':sub'))
      .flatMap((c) => c.values),
  );
}

/** FM-1.3: no IAM OIDC provider for the hub issuer in the role's account, or the trust names another one. */
function oidcProvider(ctx: Ctx): Finding[] {
  const role = ctx.rolePlan(ctx.mgmtRoleArn);
  const host = issuerHost(ctx);
  if (!role || !host) return [];
  const acct = ctx.account(accountOf(role.arn));
  const out: Finding[] = [];
  const providerArn = `arn:${ctx.intent.hub.partition}:iam::${accountOf(role.arn)}:oidc-provider/${host}`;
  if (
    acct?.oidcProviders !== undefined &&
    !acct.oidcProviders.some((p) => p.url.replace(/^https:\/\//, '') === host)
  ) {
    out.push(
      report('FM-1.3', {
        subject: role.arn,
        message: `account ${acct.account} has no IAM OIDC provider for the hub issuer https://${host}: STS answers InvalidIdentityToken`,
        evidence: [
          {
            source: `eks:DescribeCluster ${ctx.intent.hub.clusterName}`,
            path: 'cluster.identity.oidc.issuer',
            value: `https://${host}`,
          },
          {
            source: `iam:ListOpenIDConnectProviders in ${acct.account}`,
            value: acct.oidcProviders.map((p) => p.url),
          },
        ],
        fix: `create the provider in ${acct.account} (eksctl utils associate-iam-oidc-provider --cluster ${ctx.intent.hub.clusterName} --approve, or IaC)`,
      }),
    );
  }
  const federated = webIdentityStatements(role.trustPolicy).flatMap((st) => principals(st, 'Federated'));
  if (federated.length > 0 && !federated.includes(providerArn)) {
    out.push(
      report('FM-1.3', {
        subject: role.arn,
        message: `the trust policy trusts ${federated.join(', ')}, not the hub's provider ${providerArn} (hub rebuilt with a new issuer?)`,
        evidence: [
          {
            source: `trust policy of ${role.arn}`,
            path: 'Statement[*].Principal.Federated',
            value: federated,
          },
          {
            source: `eks:DescribeCluster ${ctx.intent.hub.clusterName}`,
            path: 'cluster.identity.oidc.issuer',
            value: `https://${host}`,
          },
        ],
        fix: `point Principal.Federated and the condition keys at ${providerArn}`,
      }),
    );
  }
  return out;
}

/** FM-1.4: the projected token's audience is not in the provider's client IDs / the trust's `:aud`. */
function audience(ctx: Ctx): Finding[] {
  const role = ctx.rolePlan(ctx.mgmtRoleArn);
  const host = issuerHost(ctx);
  if (!role || !host) return [];
  const out: Finding[] = [];
  const sa = ctx.serviceAccount(ctx.intent.serviceAccounts.applicationController);
  const aud = sa?.annotations[AUDIENCE_ANNOTATION] ?? DEFAULT_AUDIENCE;
  const provider = ctx
    .account(accountOf(role.arn))
    ?.oidcProviders?.find((p) => p.url.replace(/^https:\/\//, '') === host);
  if (provider && !provider.clientIds.includes(aud)) {
    out.push(
      report('FM-1.4', {
        subject: provider.arn,
        message: `the OIDC provider's client IDs ${JSON.stringify(provider.clientIds)} do not include the token audience "${aud}": STS answers "Incorrect token audience"`,
        evidence: [
          {
            source: `iam:GetOpenIDConnectProvider ${provider.arn}`,
            path: 'ClientIDList',
            value: provider.clientIds,
          },
        ],
        fix: `add "${DEFAULT_AUDIENCE}" to the provider's client IDs (it is also the audience in aws-cn)`,
      }),
    );
  }
  for (const st of webIdentityStatements(role.trustPolicy)) {
    for (const c of conditions(st).filter((x) => x.key.endsWith(':aud'))) {
      if (!conditionAccepts(c.op, c.values, aud) || c.values.includes('sts.amazonaws.com.cn')) {
        out.push(
          report('FM-1.4', {
            subject: role.arn,
            message: `the trust policy's ":aud" condition ${JSON.stringify(c.values)} does not accept the token audience "${aud}"`,
            evidence: [
              {
                source: `trust policy of ${role.arn}`,
                path: `Condition.${c.op}["${c.key}"]`,
                value: c.values,
              },
            ],
            fix: `set the ":aud" condition to "${DEFAULT_AUDIENCE}" (also in aws-cn)`,
          }),
        );
      }
    }
  }
  return out;
}

/** FM-1.5: trust-policy typos that still look right (host order, aud vs sub, partition, invisible chars). */
function trustTypos(ctx: Ctx): Finding[] {
  const role = ctx.rolePlan(ctx.mgmtRoleArn);
  const host = issuerHost(ctx);
  if (!role || !host) return [];
  const out: Finding[] = [];
  const add = (message: string, path: string, value: unknown, fix: string) =>
    out.push(
      report('FM-1.5', {
        subject: role.arn,
        message: message,
        evidence: [{ source: `trust policy of ${role.arn}`, path, value }],
        fix: fix,
      }),
    );
  for (const st of webIdentityStatements(role.trustPolicy)) {
    for (const fed of principals(st, 'Federated')) {
      const partition = partitionOf(fed);
      if (partition !== ctx.intent.hub.partition)
        add(
          `the federated principal is in partition "${partition}", the hub is in "${ctx.intent.hub.partition}"`,
          'Principal.Federated',
          fed,
          `use arn:${ctx.intent.hub.partition}:iam::…`,
        );
    }
    for (const c of conditions(st)) {
      if (hasNonPrintableAscii(c.key) || c.values.some(hasNonPrintableAscii))
        add(
          'a condition key or value contains invisible or non-ASCII characters',
          `Condition.${c.op}`,
          JSON.stringify(c),
          'retype the condition key and values',
        );
      const m = c.key.match(/^(.*\.amazonaws\.com(?:\.cn)?\/id\/[^:]+):(.*)$/);
      if (!m) continue;
      const [, keyHost, suffix] = m as unknown as [string, string, string];
      if (keyHost !== host && /^oidc\.[a-z0-9-]+\.eks\./.test(keyHost))
        add(
          `condition key host "${keyHost}" has the region and "eks" swapped; the issuer is "${host}"`,
          `Condition.${c.op}["${c.key}"]`,
          c.key,
          `write the key as "${host}:${suffix}"`,
        );
      else if (keyHost !== host && keyHost.toLowerCase() === host.toLowerCase())
        add(
          `condition key host "${keyHost}" differs from the issuer "${host}" in letter case`,
          `Condition.${c.op}["${c.key}"]`,
          c.key,
          `write the key as "${host}:${suffix}"`,
        );
      if (!['sub', 'aud', 'amr'].includes(suffix))
        add(
          `condition key suffix ":${suffix}" is not one of :sub, :aud, :amr`,
          `Condition.${c.op}["${c.key}"]`,
          c.key,
          'use ":sub" for service-account subjects and ":aud" for the audience',
        );
      if (suffix === 'aud' && c.values.some((v) => v.startsWith('system:serviceaccount:')))
        add(
          'service-account subjects are tested against ":aud" (meant ":sub")',
          `Condition.${c.op}["${c.key}"]`,
          c.values,
          `move the subjects to "${host}:sub" and set ":aud" to "${DEFAULT_AUDIENCE}"`,
        );
    }
  }
  return out;
}

/** FM-1.6: malformed role ARN in the annotation, or a role that does not exist. */
function annotationArn(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const { name } of intendedSaNames(ctx)) {
    const sa = ctx.serviceAccount(name);
    const arn = sa?.annotations[ROLE_ARN_ANNOTATION];
    if (!sa || arn === undefined) continue;
    const ev = {
      source: `ServiceAccount ${sa.namespace}/${sa.name}`,
      path: `metadata.annotations["${ROLE_ARN_ANNOTATION}"]`,
      value: arn,
    };
    if (!isRoleArn(arn))
      out.push(
        report('FM-1.6', {
          subject: `${sa.namespace}/${sa.name}`,
          message: `"${arn}" is not a valid IAM role ARN: STS answers "Request ARN is invalid"`,
          evidence: [ev],
          fix: 'set the annotation to arn:<partition>:iam::<account>:role/<path><name> (no quotes, no leading "<")',
        }),
      );
    else if (ctx.roleMissing(arn))
      out.push(
        report('FM-1.6', {
          subject: `${sa.namespace}/${sa.name}`,
          message: `the annotated role ${arn} does not exist`,
          evidence: [ev, { source: `iam:GetRole ${arn}`, value: 'NoSuchEntity' }],
          fix: 'create the management role or fix the annotation',
        }),
      );
  }
  return out;
}

/** FM-1.8: a credential source earlier in the SDK chain wins over the intended one. */
function chainOrder(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const { pod } of spokeCallers(ctx)) {
    const statics = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].filter((n) =>
      hasEnv(pod, n),
    );
    if (statics.length > 0)
      out.push(
        report('FM-1.8', {
          subject: podRef(pod),
          message: `pod ${pod.name} carries static keys (${statics.join(', ')}): they win over ${ctx.intent.identity} in the SDK credential chain`,
          evidence: [{ source: `Pod ${podRef(pod)}`, path: 'spec.containers[*].env', value: statics }],
          fix: 'remove the static key variables (Fleetlink is keyless)',
        }),
      );
    const profiles = ['AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'].filter((n) =>
      hasEnv(pod, n),
    );
    const usesProfile = ctx.spokes.some((s) => s.secret?.config?.awsAuthConfig?.profile);
    if (profiles.length > 0 && !usesProfile)
      out.push(
        report('FM-1.8', {
          subject: podRef(pod),
          message: `pod ${pod.name} sets ${profiles.join(', ')}: shared-config credentials come before web identity and Pod Identity`,
          evidence: [{ source: `Pod ${podRef(pod)}`, path: 'spec.containers[*].env', value: profiles }],
          fix: 'remove the profile variables unless a cluster Secret uses awsAuthConfig.profile',
          severity: 'warning',
        }),
      );
    if (hasEnv(pod, 'AWS_WEB_IDENTITY_TOKEN_FILE') && hasEnv(pod, 'AWS_CONTAINER_CREDENTIALS_FULL_URI'))
      out.push(
        report('FM-1.8', {
          subject: podRef(pod),
          message: `pod ${pod.name} has both IRSA and Pod Identity variables: the SDK uses IRSA (web identity comes first in the chain)`,
          evidence: [
            {
              source: `Pod ${podRef(pod)}`,
              path: 'spec.containers[*].env',
              value: ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'],
            },
          ],
          fix:
            ctx.intent.identity === 'pod-identity'
              ? `remove the ${ROLE_ARN_ANNOTATION} annotation and restart the pod`
              : 'delete the Pod Identity association or the IRSA annotation, then restart',
          severity: 'warning',
        }),
      );
  }
  if (ctx.intent.identity === 'pod-identity') {
    for (const { name } of intendedSaNames(ctx)) {
      const sa = ctx.serviceAccount(name);
      const arn = sa?.annotations[ROLE_ARN_ANNOTATION];
      if (sa && arn)
        out.push(
          report('FM-1.8', {
            subject: `${sa.namespace}/${sa.name}`,
            message: `service account ${sa.name} still carries the IRSA annotation: pods created from now on get IRSA, which wins over Pod Identity`,
            evidence: [
              {
                source: `ServiceAccount ${sa.namespace}/${sa.name}`,
                path: `metadata.annotations["${ROLE_ARN_ANNOTATION}"]`,
                value: arn,
              },
            ],
            fix: 'remove the annotation, then restart the pods',
            severity: 'warning',
          }),
        );
    }
  }
  return out;
}

/** FM-1.9: the eks-pod-identity-agent DaemonSet is missing or not ready. */
function podIdentityAgent(ctx: Ctx): Finding[] {
  if (ctx.intent.identity !== 'pod-identity') return [];
  const agent = ctx.snap.hub.podIdentityAgent;
  if (agent === undefined) return [];
  const source = 'DaemonSet kube-system/eks-pod-identity-agent';
  if (agent === null)
    return [
      report('FM-1.9', {
        subject: 'kube-system/eks-pod-identity-agent',
        message: 'the EKS Pod Identity agent is not installed: pods get no credentials from 169.254.170.23',
        evidence: [{ source, value: 'not found' }],
        fix: `aws eks create-addon --cluster-name ${ctx.intent.hub.clusterName} --addon-name eks-pod-identity-agent`,
      }),
    ];
  if (agent.ready < agent.desired || agent.desired === 0)
    return [
      report('FM-1.9', {
        subject: `${agent.namespace}/${agent.name}`,
        message: `the Pod Identity agent is ready on ${agent.ready} of ${agent.desired} nodes: pods on the other nodes get no credentials`,
        evidence: [
          {
            source,
            path: 'status',
            value: { desiredNumberScheduled: agent.desired, numberReady: agent.ready },
          },
        ],
        fix: 'check the agent pods (kubectl -n kube-system describe ds eks-pod-identity-agent): node role permission eks-auth:AssumeRoleForPodIdentity, taints, IPv6',
        severity: agent.ready === 0 ? 'error' : 'warning',
      }),
    ];
  return [];
}

/** FM-1.10: no association for a component's SA, pod not injected, or pod older than its association. */
function podIdentityAssociations(ctx: Ctx): Finding[] {
  if (ctx.intent.identity !== 'pod-identity' || ctx.hubCluster?.podIdentityAssociations === undefined)
    return [];
  const assocs = ctx.hubCluster.podIdentityAssociations;
  const ns = ctx.intent.argocdNamespace;
  const out: Finding[] = [];
  for (const { component, name } of intendedSaNames(ctx)) {
    if (!assocs.some((a) => a.namespace === ns && a.serviceAccount === name))
      out.push(
        report('FM-1.10', {
          subject: `${ns}/${name}`,
          message: `no Pod Identity association for ${ns}/${name} (${component}): its pods fall back to the node role`,
          evidence: [
            {
              source: `eks:ListPodIdentityAssociations ${ctx.intent.hub.clusterName}`,
              value: assocs.map((a) => `${a.namespace}/${a.serviceAccount}`),
            },
          ],
          fix: `aws eks create-pod-identity-association --cluster-name ${ctx.intent.hub.clusterName} --namespace ${ns} --service-account ${name} --role-arn ${ctx.mgmtRoleArn ?? '<management role>'}; then restart the pods`,
        }),
      );
  }
  for (const { pod } of spokeCallers(ctx)) {
    const a = assocs.find(
      (x) => x.namespace === pod.namespace && x.serviceAccount === pod.serviceAccountName,
    );
    if (!a) continue;
    const started = pod.startTime ? Date.parse(pod.startTime) : undefined;
    const created = a.createdAt ? Date.parse(a.createdAt) : undefined;
    if (
      !hasEnv(pod, 'AWS_CONTAINER_CREDENTIALS_FULL_URI') ||
      (started !== undefined && created !== undefined && started < created)
    )
      out.push(
        report('FM-1.10', {
          subject: podRef(pod),
          message: `pod ${pod.name} was not injected with Pod Identity credentials (created before the association, or the webhook skipped it)`,
          evidence: [
            {
              source: `Pod ${podRef(pod)}`,
              path: 'spec.containers[*].env[AWS_CONTAINER_CREDENTIALS_FULL_URI]',
              value: envValue(pod, 'AWS_CONTAINER_CREDENTIALS_FULL_URI') ?? null,
            },
            { source: `Pod ${podRef(pod)}`, path: 'status.startTime', value: pod.startTime ?? null },
            {
              source: `Pod Identity association ${a.associationId}`,
              path: 'createdAt',
              value: a.createdAt ?? null,
            },
          ],
          fix: restartFix(ctx),
        }),
      );
  }
  return out;
}

/** FM-1.11: the associated role's trust does not let pods.eks.amazonaws.com in (or is in another account). */
function podIdentityTrust(ctx: Ctx): Finding[] {
  if (ctx.intent.identity !== 'pod-identity') return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const a of ctx.hubCluster?.podIdentityAssociations ?? []) {
    if (a.namespace !== ctx.intent.argocdNamespace || seen.has(`${a.roleArn}|${a.serviceAccount}`)) continue;
    seen.add(`${a.roleArn}|${a.serviceAccount}`);
    if (accountOf(a.roleArn) !== ctx.intent.hub.account) {
      out.push(
        report('FM-1.11', {
          subject: a.roleArn,
          message: `the Pod Identity association role is in account ${accountOf(a.roleArn)}, not the hub account ${ctx.intent.hub.account}`,
          evidence: [
            { source: `Pod Identity association ${a.associationId}`, path: 'roleArn', value: a.roleArn },
          ],
          fix: 'associate a role in the hub account and chain to other accounts with AssumeRole',
        }),
      );
      continue;
    }
    const role = ctx.rolePlan(a.roleArn);
    if (!role) continue;
    const svc = statements(role.trustPolicy).filter(
      (s) => s.Effect === 'Allow' && principals(s, 'Service').includes('pods.eks.amazonaws.com'),
    );
    const both = svc.filter((s) => actionMatches(s, 'sts:AssumeRole') && actionMatches(s, 'sts:TagSession'));
    const ev = {
      source: `trust policy of ${role.arn}`,
      path: 'Statement',
      value: role.trustPolicy.Statement,
    };
    if (both.length === 0) {
      out.push(
        report('FM-1.11', {
          subject: role.arn,
          message:
            'the trust policy does not allow pods.eks.amazonaws.com both sts:AssumeRole and sts:TagSession: "EKS does not have permissions to assume the associated role"',
          evidence: [ev],
          fix: 'add Principal {"Service":"pods.eks.amazonaws.com"} with Action ["sts:AssumeRole","sts:TagSession"]',
        }),
      );
      continue;
    }
    // The agent's session tags (EKS pod-id-abac), judged by the evaluator on each statement.
    const tags = {
      'aws:RequestTag/kubernetes-namespace': a.namespace,
      'aws:RequestTag/kubernetes-service-account': a.serviceAccount,
    };
    const admits = both.some((st) =>
      trustConditionsAdmit(role, st, 'pods.eks.amazonaws.com', 'sts:AssumeRole', tags),
    );
    if (!admits)
      out.push(
        report('FM-1.11', {
          subject: role.arn,
          message: `the trust policy's kubernetes-namespace / kubernetes-service-account tag conditions exclude ${a.namespace}/${a.serviceAccount}`,
          evidence: [ev],
          fix: `add "${a.serviceAccount}" (namespace "${a.namespace}") to the aws:RequestTag conditions`,
        }),
      );
  }
  return out;
}

/** FM-1.12: Pod Identity where it cannot work (China regions, Argo CD < 2.10). */
function podIdentitySupport(ctx: Ctx): Finding[] {
  if (ctx.intent.identity !== 'pod-identity') return [];
  const out: Finding[] = [];
  if (ctx.intent.hub.partition === 'aws-cn')
    out.push(
      report('FM-1.12', {
        subject: ctx.intent.hub.clusterName,
        message: 'EKS Pod Identity is not available in China regions',
        evidence: [{ source: 'fleet hub', path: 'region', value: ctx.intent.hub.region }],
        fix: 'use identity: irsa',
      }),
    );
  const v = argocdVersion(ctx);
  if (v && !versionAtLeast(v, [2, 10, 0]))
    out.push(
      report('FM-1.12', {
        subject: ctx.intent.hub.clusterName,
        message: `Argo CD ${v.join('.')} ships an AWS SDK without Pod Identity support (needs ≥ 2.10)`,
        evidence: [{ source: 'Argo CD version', value: v.join('.') }],
        fix: 'upgrade Argo CD to ≥ v2.10, or use IRSA',
      }),
    );
  return out;
}

/** FM-1.13: association changed after the pod started; the agent caches credentials for up to 6 h. */
function podIdentityCache(ctx: Ctx): Finding[] {
  if (ctx.intent.identity !== 'pod-identity') return [];
  const out: Finding[] = [];
  for (const { pod } of spokeCallers(ctx)) {
    const a = ctx.hubCluster?.podIdentityAssociations?.find(
      (x) => x.namespace === pod.namespace && x.serviceAccount === pod.serviceAccountName,
    );
    if (!a?.modifiedAt || !pod.startTime || !a.createdAt) continue;
    const started = Date.parse(pod.startTime);
    if (Date.parse(a.createdAt) <= started && Date.parse(a.modifiedAt) > started)
      out.push(
        report('FM-1.13', {
          subject: podRef(pod),
          message: `the association for ${pod.serviceAccountName} changed after pod ${pod.name} started: the agent may serve the old role's credentials for up to 6 h`,
          evidence: [
            {
              source: `Pod Identity association ${a.associationId}`,
              path: 'modifiedAt',
              value: a.modifiedAt,
            },
            { source: `Pod ${podRef(pod)}`, path: 'status.startTime', value: pod.startTime },
          ],
          fix: restartFix(ctx),
        }),
      );
  }
  return out;
}

export function identityRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return [];
  const irsa = ctx.intent.identity === 'irsa';
  return [
    ...(irsa
      ? [
          ...staleIrsaPods(ctx),
          ...trustSubjects(ctx),
          ...oidcProvider(ctx),
          ...audience(ctx),
          ...trustTypos(ctx),
          ...annotationArn(ctx),
        ]
      : []),
    ...chainOrder(ctx),
    ...podIdentityAgent(ctx),
    ...podIdentityAssociations(ctx),
    ...podIdentityTrust(ctx),
    ...podIdentitySupport(ctx),
    ...podIdentityCache(ctx),
  ];
}
