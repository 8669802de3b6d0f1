/**
 * The Argo CD layer of the access matrix: which project may deploy to which cluster and
 * namespaces, composed with what the cluster's EKS access entry allows. Pure.
 *
 * What Argo CD permits a project (argoproj/argo-cd @37ee009):
 * - util/argo/argo.go GetAppProjectByName: for every cluster Secret whose `project` is the project,
 *   it appends the destination (server, ns) for each of the Secret's `namespaces`, or (server, "*")
 *   when the Secret has none — on top of the AppProject's own `spec.destinations`. That is why an
 *   AppProject's namespace list does not restrict a project-scoped cluster without `namespaces`
 *   (argo-cd#28272, documented as intended in PR #28324).
 * - pkg/apis/application/v1alpha1/app_project_types.go IsDestinationPermitted: a destination
 *   matches by server or name glob and namespace glob; with `permitOnlyProjectScopedClusters` it
 *   must in addition be one of the project's own clusters.
 */
import type {
  AccessEntryPlan,
  AccessPlan,
  AppProjectDestination,
  ClusterRegistrationPlan,
} from '../plan/types.js';
import type { FindingSink } from './catalog.js';

export interface ProjectAccess {
  readonly project: string;
  readonly cluster: string;
  /** Namespace patterns Argo CD lets the project deploy to on the cluster; `*` = every namespace. */
  readonly argocd: readonly string[];
  /** True when Argo CD added the cluster's destinations itself (project-scoped cluster). */
  readonly scopedCluster: boolean;
  /** Namespaces the access entry's policies allow; `["*"]` = cluster scope; null = only groups (RBAC decides). */
  readonly access: readonly string[] | null;
  /** What both allow; null when the access entry leaves it to RBAC. */
  readonly effective: readonly string[] | null;
}

const ALL = '*';

/**
 * Compiled globs, one per distinct pattern: a fleet has a few patterns per project but tests them
 * against every cluster, and compiling a RegExp per test was most of prove at 1,000 spokes.
 */
const globs = new Map<string, RegExp>();

/** Argo CD's glob (`*` any run, `?` one character), anchored. */
export function globMatch(pattern: string, value: string): boolean {
  if (pattern === ALL) return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === value;
  let re = globs.get(pattern);
  if (!re) {
    re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (globs.size > 10_000) globs.clear();
    globs.set(pattern, re);
  }
  return re.test(value);
}

/**
 * The destinations of one AppProject, ready to match a cluster: literal `server` patterns in a map
 * (an AppProject generated for a fleet lists thousands of servers, and testing each against every
 * cluster was quadratic), globs in a list. Same answer as testing every destination with globMatch.
 */
class Destinations {
  private readonly literal = new Map<string, number[]>();
  private readonly globbed: number[] = [];
  constructor(private readonly list: readonly AppProjectDestination[]) {
    list.forEach((d, i) => {
      if (d.server.includes('*') || d.server.includes('?')) this.globbed.push(i);
      else {
        const at = this.literal.get(d.server);
        if (at) at.push(i);
        else this.literal.set(d.server, [i]);
      }
    });
  }

  /** The destinations whose server pattern matches the cluster's server or name, in their order. */
  matching(c: ClusterRegistrationPlan): AppProjectDestination[] {
    const hits = new Set<number>([
      ...(this.literal.get(c.server) ?? []),
      ...(this.literal.get(c.name) ?? []),
    ]);
    for (const i of this.globbed) {
      const pattern = this.list[i]!.server;
      if (globMatch(pattern, c.server) || globMatch(pattern, c.name)) hits.add(i);
    }
    return [...hits].sort((x, y) => x - y).map((i) => this.list[i]!);
  }
}

function destinationIndex(plan: AccessPlan): Map<string, Destinations> {
  return new Map((plan.projects ?? []).map((p) => [p.name, new Destinations(p.destinations)]));
}

/** Patterns of `a` covered by `b`, and of `b` covered by `a`: the namespaces both allow. */
export function intersect(a: readonly string[], b: readonly string[]): string[] {
  if (a.includes(ALL)) return [...b].sort();
  if (b.includes(ALL)) return [...a].sort();
  const out = new Set<string>();
  for (const x of a) if (b.some((p) => globMatch(p, x))) out.add(x);
  for (const y of b) if (a.some((p) => globMatch(p, y))) out.add(y);
  return [...out].sort();
}

function accessNamespaces(entries: readonly AccessEntryPlan[]): string[] | null {
  const policies = entries.flatMap((e) => e.accessPolicies);
  if (policies.length === 0) return null;
  if (policies.some((p) => p.accessScope.type === 'cluster')) return [ALL];
  return [...new Set(policies.flatMap((p) => p.accessScope.namespaces ?? []))].sort();
}

type EntryIndex = ReadonlyMap<string, readonly AccessEntryPlan[]>;

/** Access entries by cluster name, so each cluster's lookup does not scan every entry of the fleet. */
function entryIndex(plan: AccessPlan): EntryIndex {
  const out = new Map<string, AccessEntryPlan[]>();
  for (const e of plan.accessEntries) {
    const list = out.get(e.cluster);
    if (list) list.push(e);
    else out.set(e.cluster, [e]);
  }
  return out;
}

/** The entries that authorize Argo CD on `c`: the principal its tokens are signed as. */
function entriesFor(index: EntryIndex, c: ClusterRegistrationPlan): AccessEntryPlan[] {
  const principal = c.config.awsAuthConfig?.roleARN;
  return (index.get(c.name) ?? []).filter((e) => principal === undefined || e.principalArn === principal);
}

export function projectLayer(plan: AccessPlan): ProjectAccess[] {
  const projects = new Map((plan.projects ?? []).map((p) => [p.name, p]));
  const names = new Set([
    ...projects.keys(),
    ...plan.clusters.flatMap((c) => (c.project ? [c.project] : [])),
  ]);
  const index = entryIndex(plan);
  const destinations = destinationIndex(plan);
  // A project that permits only its own clusters needs only those (in plan order), not every cluster.
  const scoped = new Map<string, ClusterRegistrationPlan[]>();
  for (const c of plan.clusters) {
    if (c.project === undefined) continue;
    const list = scoped.get(c.project);
    if (list) list.push(c);
    else scoped.set(c.project, [c]);
  }
  const rows: ProjectAccess[] = [];
  for (const name of [...names].sort()) {
    const project = projects.get(name);
    const candidates = project?.permitOnlyProjectScopedClusters ? (scoped.get(name) ?? []) : plan.clusters;
    for (const c of candidates) {
      const scopedCluster = c.project === name;
      if (project?.permitOnlyProjectScopedClusters && !scopedCluster) continue;
      const patterns = new Set<string>();
      if (scopedCluster) for (const ns of c.namespaces.length > 0 ? c.namespaces : [ALL]) patterns.add(ns);
      for (const d of destinations.get(name)?.matching(c) ?? []) patterns.add(d.namespace);
      if (patterns.size === 0) continue;
      const argocd = patterns.has(ALL) ? [ALL] : [...patterns].sort();
      const access = accessNamespaces(entriesFor(index, c));
      rows.push({
        project: name,
        cluster: c.name,
        argocd,
        scopedCluster,
        access,
        effective: access === null ? null : intersect(argocd, access),
      });
    }
  }
  return rows;
}

/**
 * LINT-PROJECT-SCOPED-NAMESPACES (argo-cd#28272): a project-scoped cluster without `namespaces`
 * gets (server, "*") from Argo CD, so a narrower AppProject destination or a namespace-scoped
 * access entry is not what Argo CD enforces.
 */
export function lintProjectScope(plan: AccessPlan, sink: FindingSink): void {
  const destinations = destinationIndex(plan);
  const index = entryIndex(plan);
  for (const c of plan.clusters) {
    if (c.project === undefined || c.namespaces.length > 0) continue;
    const declared = (destinations.get(c.project)?.matching(c) ?? []).map((d) => d.namespace);
    const access = accessNamespaces(entriesFor(index, c));
    const narrowProject = declared.length > 0 && !declared.includes(ALL);
    const narrowAccess = access !== null && !access.includes(ALL);
    if (!narrowProject && !narrowAccess) continue;
    const intent = narrowProject ? declared : (access as string[]);
    sink.add({
      id: 'LINT-PROJECT-SCOPED-NAMESPACES',
      subject: c.name,
      message: `Cluster ${c.name} is scoped to project ${c.project} and its Secret lists no namespaces, so Argo CD lets the project deploy to every namespace of it, whatever the ${narrowProject ? 'AppProject destinations' : 'access entry'} say (${intent.join(', ')}).`,
      evidence: [
        { source: `cluster Secret ${c.secretName}`, path: 'stringData.project', value: c.project },
        { source: `cluster Secret ${c.secretName}`, path: 'stringData.namespaces', value: null },
        ...(narrowProject
          ? [{ source: `AppProject ${c.project}`, path: 'spec.destinations', value: declared }]
          : [{ source: `access entry on ${c.name}`, path: 'accessPolicies[*].accessScope', value: access }]),
      ],
    });
  }
}
