/**
 * AccessPlan → a small graph of the credential chain, the one model the Mermaid and SVG
 * renderers (and the HTML report) draw from. Pure: data in, data out.
 *
 * Columns follow the chain of DESIGN.md, left to right:
 *   0 Argo CD components (their service accounts) in the hub cluster
 *   1 identity: IAM OIDC provider (IRSA), EKS Pod Identity agent, or the EKS Capability service
 *   2 management role (or the capability role in `eks-capability` mode)
 *   3 deployer roles, grouped by account
 *   4 spoke clusters, with the access their access entry grants
 * Edges are hops, labelled with the action that crosses them.
 */
import type { AccessEntryPlan, AccessPlan, ArgoComponent, RolePlan } from '../../plan/types.js';

/** Argo CD's address for the cluster it runs in (`in-cluster`). */
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export type NodeKind =
  | 'component'
  | 'identity'
  | 'management-role'
  | 'capability-role'
  | 'deployer-role'
  | 'cluster';

export type EdgeKind = 'identity-token' | 'assume-role-web-identity' | 'assume-role' | 'access-entry';

export interface DiagramNode {
  /** Safe id (letters, digits, `-`), unique in the graph; usable as a Mermaid id and an XML id. */
  readonly id: string;
  readonly kind: NodeKind;
  /** Layer, 0 … 4 (see the module comment). */
  readonly column: number;
  readonly account: string;
  /** First line (user text: escape when rendering). */
  readonly label: string;
  /** Further lines (user text). */
  readonly details: readonly string[];
  /** The thing the node stands for: role ARN, cluster name, `namespace/serviceaccount`, provider ARN. */
  readonly key: string;
}

export interface DiagramEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  readonly from: string;
  readonly to: string;
  /** The action of the hop, e.g. `sts:AssumeRole` or `access entry: cluster-admin (cluster)`. */
  readonly label: string;
}

export interface AccountGroup {
  readonly account: string;
  readonly hub: boolean;
  /** Node ids in this account, in drawing order. */
  readonly nodes: readonly string[];
}

export interface DiagramGraph {
  readonly identity: AccessPlan['identity'];
  readonly hub: {
    readonly name: string;
    readonly account: string;
    readonly clusterName: string;
    readonly region: string;
  };
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Hub account first, then the others in ascending order. */
  readonly accounts: readonly AccountGroup[];
}

/** Code-unit order: the same on every machine and locale, so the output is deterministic. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `AmazonEKSClusterAdminPolicy` → `cluster-admin` (the short names of the fleet file). */
export function policyShortName(policyArn: string): string {
  const name = policyArn.slice(policyArn.lastIndexOf('/') + 1);
  const known: Record<string, string> = {
    AmazonEKSClusterAdminPolicy: 'cluster-admin',
    AmazonEKSAdminPolicy: 'admin',
    AmazonEKSAdminViewPolicy: 'admin-view',
    AmazonEKSEditPolicy: 'edit',
    AmazonEKSViewPolicy: 'view',
  };
  return known[name] ?? name;
}

/** One line per access policy (`edit · ns apps, web`) plus one for Kubernetes groups. */
export function accessSummary(entry: AccessEntryPlan | undefined): string[] {
  if (!entry) return ['no access entry'];
  const lines = entry.accessPolicies.map((p) => {
    const scope =
      p.accessScope.type === 'cluster' ? 'cluster-wide' : `ns ${(p.accessScope.namespaces ?? []).join(', ')}`;
    return `${policyShortName(p.policyArn)} · ${scope}`;
  });
  if (entry.kubernetesGroups.length > 0) lines.push(`groups: ${entry.kubernetesGroups.join(', ')}`);
  return lines.length > 0 ? lines : ['entry without policy or groups'];
}

/** Short edge label for an access entry hop. */
function accessEdgeLabel(entry: AccessEntryPlan): string {
  return `access entry: ${accessSummary(entry).join(' + ')}`;
}

const componentTitles: Record<ArgoComponent, string> = {
  'application-controller': 'application-controller',
  'applicationset-controller': 'applicationset-controller',
  server: 'server',
};

export function buildGraph(plan: AccessPlan): DiagramGraph {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const edgeKeys = new Set<string>();
  const addEdge = (kind: EdgeKind, from: string, to: string, label: string): void => {
    const key = `${from}>${to}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ id: `e${edges.length}`, kind, from, to, label });
  };
  const capability = plan.identity === 'eks-capability';
  const hubAccount = plan.hub.account;

  // Column 0: Argo CD components and their service accounts.
  const components: DiagramNode[] = capability
    ? [
        {
          id: 'c0',
          kind: 'component',
          column: 0,
          account: hubAccount,
          label: 'Argo CD (EKS Capability)',
          details: ['managed by EKS'],
          key: 'eks-capability',
        },
      ]
    : plan.serviceAccounts.map((sa, i) => ({
        id: `c${i}`,
        kind: 'component' as const,
        column: 0,
        account: hubAccount,
        label: componentTitles[sa.component] ?? sa.component,
        details: [`SA ${sa.namespace}/${sa.name}`],
        key: `${sa.namespace}/${sa.name}`,
      }));
  nodes.push(...components);

  // Column 1: identity provider.
  const identities = identityNodes(plan);
  nodes.push(...identities);

  // Column 2: management or capability role(s); column 3: deployer roles.
  const roleNodes = new Map<string, DiagramNode>();
  const addRole = (r: Pick<RolePlan, 'arn' | 'kind' | 'account' | 'name' | 'path'>): DiagramNode => {
    const existing = roleNodes.get(r.arn);
    if (existing) return existing;
    const kind: NodeKind =
      r.kind === 'management'
        ? 'management-role'
        : r.kind === 'capability'
          ? 'capability-role'
          : 'deployer-role';
    const title =
      r.kind === 'management'
        ? 'management role'
        : r.kind === 'capability'
          ? 'capability role'
          : 'deployer role';
    const node: DiagramNode = {
      id: `r${roleNodes.size}`,
      kind,
      column: kind === 'deployer-role' ? 3 : 2,
      account: r.account,
      label: r.name,
      details: [r.path === '/' ? title : `${title} · path ${r.path}`],
      key: r.arn,
    };
    roleNodes.set(r.arn, node);
    nodes.push(node);
    return node;
  };
  const hubRoles = plan.roles.filter((r) => r.kind !== 'deployer').map(addRole);
  const sortedDeployers = [...plan.roles.filter((r) => r.kind === 'deployer')].sort(
    (a, b) => cmp(a.account, b.account) || cmp(a.name, b.name),
  );
  sortedDeployers.forEach(addRole);

  // Column 4: clusters (Argo CD registrations, plus any access entry without one).
  const clusterNames = new Set<string>();
  const clusterNodes: DiagramNode[] = [];
  const entryByCluster = new Map<string, AccessEntryPlan[]>();
  for (const e of plan.accessEntries) {
    const list = entryByCluster.get(e.cluster);
    if (list) list.push(e);
    else entryByCluster.set(e.cluster, [e]);
  }
  const registrations = [
    ...plan.clusters.map((c) => ({
      name: c.name,
      account: c.account,
      clusterName: c.clusterName,
      region: c.region,
      local: c.server === IN_CLUSTER_SERVER,
    })),
    ...plan.accessEntries.map((e) => ({
      name: e.cluster,
      account: e.account,
      clusterName: e.clusterName,
      region: e.region,
      local: false,
    })),
  ].sort((a, b) => cmp(a.account, b.account) || cmp(a.name, b.name));
  for (const c of registrations) {
    if (clusterNames.has(c.name)) continue;
    clusterNames.add(c.name);
    const entries = entryByCluster.get(c.name) ?? [];
    const node: DiagramNode = {
      id: `k${clusterNodes.length}`,
      kind: 'cluster',
      column: 4,
      account: c.account,
      label: c.name,
      details: [
        c.clusterName === c.name ? c.region : `${c.clusterName} · ${c.region}`,
        // The hub registered as Argo CD's `in-cluster` uses the pods' own RBAC, no access entry.
        ...(entries.length === 0
          ? c.local
            ? ["in-cluster: Argo CD's own RBAC"]
            : accessSummary(undefined)
          : entries.flatMap((e) => accessSummary(e))),
      ],
      key: c.name,
    };
    clusterNodes.push(node);
  }
  nodes.push(...clusterNodes);
  const clusterNode = new Map(clusterNodes.map((n) => [n.key, n]));

  // Edges, hop by hop.
  const [tokenLabel, assumeLabel, assumeKind] = identityActions(plan.identity);
  for (const c of components)
    for (const idp of identities) addEdge('identity-token', c.id, idp.id, tokenLabel);
  for (const idp of identities) for (const r of hubRoles) addEdge(assumeKind, idp.id, r.id, assumeLabel);
  const hop = (from: string | undefined, to: string | undefined): void => {
    const a = from === undefined ? undefined : roleNodes.get(from);
    const b = to === undefined ? undefined : roleNodes.get(to);
    if (a && b && a !== b) addEdge('assume-role', a.id, b.id, 'sts:AssumeRole');
  };
  for (const p of plan.intended) for (let i = 1; i < p.roles.length; i++) hop(p.roles[i - 1], p.roles[i]);
  const managers = plan.roles.filter((r) => r.kind === 'management');
  for (const c of plan.clusters) {
    const target = c.config.awsAuthConfig?.roleARN;
    if (target && !managers.some((m) => m.arn === target)) for (const m of managers) hop(m.arn, target);
  }
  for (const e of plan.accessEntries) {
    const principal =
      roleNodes.get(e.principalArn) ??
      addRole({
        arn: e.principalArn,
        kind: 'deployer',
        account: e.account,
        name: e.principalArn.slice(e.principalArn.lastIndexOf('/') + 1),
        path: '/',
      });
    const target = clusterNode.get(e.cluster);
    if (target) addEdge('access-entry', principal.id, target.id, accessEdgeLabel(e));
  }

  return {
    identity: plan.identity,
    hub: {
      name: plan.hub.name,
      account: hubAccount,
      clusterName: plan.hub.clusterName,
      region: plan.hub.region,
    },
    nodes,
    edges,
    accounts: groupByAccount(nodes, hubAccount),
  };
}

function identityNodes(plan: AccessPlan): DiagramNode[] {
  const base = { kind: 'identity' as const, column: 1, account: plan.hub.account };
  if (plan.identity === 'eks-capability')
    return [
      {
        ...base,
        id: 'i0',
        label: 'EKS Capability service',
        details: ['capabilities.eks.amazonaws.com'],
        key: 'capabilities.eks.amazonaws.com',
      },
    ];
  if (plan.identity === 'pod-identity')
    return [
      {
        ...base,
        id: 'i0',
        label: 'EKS Pod Identity agent',
        details: [`${plan.podIdentityAssociations.length} association(s)`],
        key: 'pods.eks.amazonaws.com',
      },
    ];
  if (plan.oidcProviders.length === 0)
    return [
      {
        ...base,
        id: 'i0',
        label: 'IAM OIDC provider',
        details: [plan.hub.oidcIssuer ?? 'not in plan'],
        key: plan.hub.oidcIssuer ?? 'oidc-provider',
      },
    ];
  return plan.oidcProviders.map((p, i) => ({
    ...base,
    id: `i${i}`,
    account: p.account,
    label: 'IAM OIDC provider',
    details: [p.issuerHost, p.create ? 'created by Fleetlink' : 'existing'],
    key: p.arn,
  }));
}

/** [component → identity label, identity → role label, identity → role edge kind] per mode. */
function identityActions(mode: AccessPlan['identity']): [string, string, EdgeKind] {
  // IRSA: https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
  if (mode === 'irsa')
    return [
      'projected token (aud sts.amazonaws.com)',
      'sts:AssumeRoleWithWebIdentity',
      'assume-role-web-identity',
    ];
  // Pod Identity trust: pods.eks.amazonaws.com with sts:AssumeRole + sts:TagSession.
  if (mode === 'pod-identity')
    return ['Pod Identity association', 'sts:AssumeRole + sts:TagSession', 'assume-role'];
  // EKS Capability: the capability role trusts capabilities.eks.amazonaws.com.
  return ['runs as', 'sts:AssumeRole', 'assume-role'];
}

function groupByAccount(nodes: readonly DiagramNode[], hubAccount: string): AccountGroup[] {
  const byAccount = new Map<string, string[]>();
  byAccount.set(hubAccount, []);
  for (const n of nodes) {
    const list = byAccount.get(n.account);
    if (list) list.push(n.id);
    else byAccount.set(n.account, [n.id]);
  }
  return [...byAccount.entries()]
    .sort(([a], [b]) => (a === hubAccount ? -1 : b === hubAccount ? 1 : cmp(a, b)))
    .map(([account, ids]) => ({ account, hub: account === hubAccount, nodes: ids }));
}

/**
 * The same graph with each account's deployer roles folded into one node and its clusters into
 * another, with counts. Used by the Mermaid renderer above a size limit: Git hosts refuse or
 * time out on very large diagrams (GitHub caps Mermaid source size and edge count), and a
 * picture of 500 boxes is not readable anyway. The SVG and the report keep every node.
 */
export function collapseByAccount(graph: DiagramGraph): DiagramGraph {
  const replaced = new Map<string, string>();
  const nodes: DiagramNode[] = graph.nodes.filter((n) => n.column < 3);
  const accounts: AccountGroup[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  graph.accounts.forEach((group, gi) => {
    const members = group.nodes.map((id) => byId.get(id)!);
    const kept = members.filter((n) => n.column < 3).map((n) => n.id);
    const folded: DiagramNode[] = [];
    for (const [column, kind, noun] of [
      [3, 'deployer-role', 'deployer role'],
      [4, 'cluster', 'cluster'],
    ] as const) {
      const inColumn = members.filter((n) => n.column === column);
      if (inColumn.length === 0) continue;
      const id = `${column === 3 ? 'rg' : 'kg'}${gi}`;
      for (const n of inColumn) replaced.set(n.id, id);
      folded.push({
        id,
        kind,
        column,
        account: group.account,
        label: `${inColumn.length} ${noun}${inColumn.length === 1 ? '' : 's'}`,
        details: column === 4 ? tally(inColumn.flatMap((n) => n.details.slice(1))) : [rangeOf(inColumn)],
        key: `${group.account}/${kind}`,
      });
    }
    nodes.push(...folded);
    accounts.push({ ...group, nodes: [...kept, ...folded.map((n) => n.id)] });
  });
  const merged = new Map<string, { kind: EdgeKind; from: string; to: string; labels: string[] }>();
  for (const e of graph.edges) {
    const from = replaced.get(e.from) ?? e.from;
    const to = replaced.get(e.to) ?? e.to;
    const key = `${from}>${to}`;
    const m = merged.get(key);
    if (m) m.labels.push(e.label);
    else merged.set(key, { kind: e.kind, from, to, labels: [e.label] });
  }
  const edges: DiagramEdge[] = [...merged.values()].map((m, i) => ({
    id: `e${i}`,
    kind: m.kind,
    from: m.from,
    to: m.to,
    label:
      m.labels.length === 1
        ? m.labels[0]!
        : m.kind === 'access-entry'
          ? `${m.labels.length} access entries`
          : `${m.labels[0]} ×${m.labels.length}`,
  }));
  return { ...graph, nodes, edges, accounts };
}

/** `["edit · ns apps", "edit · ns apps", "view · cluster-wide"]` → `["2× edit · ns apps", "1× view · cluster-wide"]`. */
function tally(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const shown = sorted.slice(0, 4).map(([l, n]) => `${n}× ${l}`);
  return sorted.length > 4 ? [...shown, `… ${sorted.length - 4} more kinds`] : shown;
}

function rangeOf(nodes: readonly DiagramNode[]): string {
  const names = nodes.map((n) => n.label).sort();
  return names.length === 1 ? names[0]! : `${names[0]} … ${names[names.length - 1]}`;
}
