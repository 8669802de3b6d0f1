/**
 * The least-privilege permissions doctor needs, printed by `fleetlink doctor --print-iam-policy`,
 * built from the calls the collector declares (aws-calls.ts): one statement per declared Sid.
 * Specific actions only; resources are the fleet's own ARNs where the action supports
 * resource-level permissions (the List* calls and GetAccountSummary do not: Resource "*").
 * Pure.
 */
import type { PolicyDocument, PolicyStatement } from '../plan/types.js';
import { AWS_CALLS, type AwsCall, type CallResource } from './aws-calls.js';
import type { Intent } from './snapshot.js';

export interface DoctorPermissions {
  /** Read-only policy per account (attach it to the role / profile doctor uses there). */
  readonly read: Readonly<Record<string, PolicyDocument>>;
  /** Extra permissions of `--probe`. */
  readonly probe: {
    readonly aws: Readonly<Record<string, PolicyDocument>>;
    /** Kubernetes RBAC on the hub: collection and (with --probe) TokenRequest. */
    readonly kubernetesRules: readonly {
      readonly namespace: string;
      readonly apiGroups: readonly string[];
      readonly resources: readonly string[];
      readonly verbs: readonly string[];
      readonly resourceNames?: readonly string[];
      readonly why: string;
    }[];
    readonly notes: readonly string[];
  };
}

const doc = (Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });

function clusterArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:eks:${region}:${account}:cluster/${name}`;
}

export function doctorPermissions(intent: Intent): DoctorPermissions {
  const read: Record<string, PolicyStatement[]> = {};
  const add = (account: string, s: PolicyStatement) => {
    read[account] ??= [];
    read[account].push(s);
  };
  const h = intent.hub;
  const clustersByAccount = new Map<string, string[]>();
  const rolesByAccount = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) =>
    m.set(k, [...new Set([...(m.get(k) ?? []), v])]);
  push(clustersByAccount, h.account, clusterArn(h.partition, h.region, h.account, h.clusterName));
  for (const r of [intent.managementRoleArn, intent.capabilityRoleArn])
    if (r) push(rolesByAccount, r.split(':')[4]!, r);
  for (const s of intent.spokes) {
    push(clustersByAccount, s.account, clusterArn(s.partition, s.region, s.account, s.clusterName));
    if (s.deployerRoleArn) push(rolesByAccount, s.account, s.deployerRoleArn);
  }
  const accounts = [...new Set([...clustersByAccount.keys(), ...rolesByAccount.keys()])].sort();
  for (const account of accounts) {
    const clusters = clustersByAccount.get(account) ?? [];
    const roles = rolesByAccount.get(account) ?? [];
    const partition = (clusters[0] ?? roles[0] ?? 'arn:aws').split(':')[1];
    const resources: Record<CallResource, string[]> = {
      cluster: clusters,
      'access-entry': clusters.map((c) => `${c.replace(':cluster/', ':access-entry/')}/*`),
      podidentityassociation: clusters.map((c) => `${c.replace(':cluster/', ':podidentityassociation/')}/*`),
      role: roles,
      policy: [`arn:${partition}:iam::${account}:policy/*`, `arn:${partition}:iam::aws:policy/*`],
      'oidc-provider': [`arn:${partition}:iam::${account}:oidc-provider/*`],
      '*': ['*'],
    };
    // One statement per Sid of the declared calls, in declaration order.
    const bySid = new Map<string, { actions: string[]; resource: CallResource }>();
    for (const call of Object.values(AWS_CALLS) as AwsCall[]) {
      if (call.hubOnly && (account !== h.account || intent.identity !== call.hubOnly)) continue;
      if (resources[call.resource].length === 0) continue;
      const st = bySid.get(call.sid) ?? { actions: [], resource: call.resource };
      st.actions.push(call.action);
      bySid.set(call.sid, st);
    }
    for (const [Sid, st] of bySid)
      add(account, {
        Sid,
        Effect: 'Allow',
        Action: st.actions,
        Resource: st.resource === '*' ? '*' : resources[st.resource],
      });
  }
  const probeAws: Record<string, PolicyDocument> = {};
  if (intent.identity === 'pod-identity')
    probeAws[h.account] = doc([
      {
        Sid: 'ProbePodIdentity',
        Effect: 'Allow',
        Action: ['eks-auth:AssumeRoleForPodIdentity'],
        Resource: [clusterArn(h.partition, h.region, h.account, h.clusterName)],
      },
    ]);
  const ns = intent.argocdNamespace;
  return {
    read: Object.fromEntries(Object.entries(read).map(([a, s]) => [a, doc(s)])),
    probe: {
      aws: probeAws,
      kubernetesRules: [
        {
          namespace: ns,
          apiGroups: [''],
          resources: ['serviceaccounts', 'pods'],
          verbs: ['get', 'list'],
          why: 'collect: Argo CD service accounts and pods',
        },
        {
          namespace: ns,
          apiGroups: [''],
          resources: ['secrets'],
          verbs: ['list'],
          why: 'collect: cluster Secrets (redacted before anything is stored)',
        },
        {
          namespace: ns,
          apiGroups: ['argoproj.io'],
          resources: ['applications'],
          verbs: ['list'],
          why: 'collect: Application destinations and status.reconciledAt (a frozen cluster)',
        },
        {
          namespace: ns,
          apiGroups: ['apps'],
          resources: ['statefulsets', 'deployments'],
          verbs: ['list'],
          why: 'collect: the application controller workload (replicas, ready replicas)',
        },
        {
          namespace: ns,
          apiGroups: [''],
          resources: ['configmaps'],
          verbs: ['get'],
          resourceNames: ['argocd-cmd-params-cm', 'argocd-cm'],
          why: 'collect: sharding algorithm and reconcile timeout (only those keys are kept)',
        },
        {
          namespace: 'kube-system',
          apiGroups: ['apps'],
          resources: ['daemonsets'],
          verbs: ['get'],
          resourceNames: ['eks-pod-identity-agent'],
          why: 'collect: Pod Identity agent status',
        },
        {
          namespace: ns,
          apiGroups: [''],
          resources: ['serviceaccounts/token'],
          verbs: ['create'],
          resourceNames: [intent.serviceAccounts.applicationController],
          why: '--probe: a short-lived token of the controller service account (TokenRequest)',
        },
      ],
      notes: [
        'AssumeRoleWithWebIdentity needs no AWS credentials: the service-account token is the credential.',
        "AssumeRole into each deployer role is made with the management role's session, i.e. with Argo CD's own permissions.",
        'On the spokes the probe runs as the deployer role: GET /version and SelfSubjectAccessReviews need no extra grant.',
      ],
    },
  };
}
