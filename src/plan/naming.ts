/**
 * Names the argo-cd Helm chart gives things, and chart-version rules.
 * Source: argoproj/argo-helm charts/argo-cd/templates/_helpers.tpl and _common.tpl
 * (`argo-cd.fullname`, `argo-cd.controller.fullname` …), chart 10.1.1.
 */
import type { ArgoCdSettings } from '../fleet/types.js';
import type { ArgoComponent, WorkloadPlan } from './types.js';

/** Helm's `trunc N | trimSuffix "-"`. */
function truncTrim(s: string, n: number): string {
  const t = s.slice(0, n);
  return t.endsWith('-') ? t.slice(0, -1) : t;
}

/**
 * `argo-cd.fullname`: the release name if it contains `argocd` (the chart's `nameOverride`),
 * otherwise `<release>-argocd`, truncated to 63. Release `argo-cd` → `argo-cd-argocd`.
 */
export function chartFullname(releaseName: string): string {
  const name = 'argocd';
  return truncTrim(releaseName.includes(name) ? releaseName : `${releaseName}-${name}`, 63);
}

/**
 * Workload names of the components that carry AWS identity. The controller name is truncated at
 * 52 characters (StatefulSet `controller-revision-hash` label limit); the others at 63. The
 * controller is a StatefulSet unless `controller.dynamicClusterDistribution` is true, when the chart
 * renders a Deployment instead (templates/argocd-application-controller/{statefulset,deployment}.yaml).
 */
export function argoWorkloads(argocd: ArgoCdSettings, components: readonly ArgoComponent[]): WorkloadPlan[] {
  const full = chartFullname(argocd.releaseName);
  const all: WorkloadPlan[] = [
    {
      component: 'application-controller',
      kind: argocd.dynamicClusterDistribution ? 'Deployment' : 'StatefulSet',
      name: truncTrim(`${full}-application-controller`, 52),
    },
    {
      component: 'applicationset-controller',
      kind: 'Deployment',
      name: truncTrim(`${full}-applicationset-controller`, 63),
    },
    { component: 'server', kind: 'Deployment', name: truncTrim(`${full}-server`, 63) },
  ];
  return all.filter((w) => components.includes(w.component));
}

/** Secret name the chart gives a `configs.clusterCredentials` entry: `argocd-cluster-<key>` (cluster-secrets.yaml). */
export function clusterSecretName(clusterName: string): string {
  return `argocd-cluster-${clusterName}`;
}

interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly pre: readonly string[];
}

/** Parse `[v]MAJOR[.MINOR[.PATCH]][-pre][+build]`; `undefined` when it is not a version. */
export function parseSemver(version: string): SemVer | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    version.trim(),
  );
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    pre: m[4] ? m[4].split('.') : [],
  };
}

/** Semantic Versioning 2.0.0 §11 precedence; `undefined` if either side is not a version. */
export function compareSemver(a: string, b: string): number | undefined {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return undefined;
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core !== 0) return Math.sign(core);
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return Math.sign(d);
    } else if (pn !== qn) {
      return pn ? -1 : 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

/**
 * `configs.clusterCredentials` became a map keyed by cluster name in argo-cd chart 7.0.0
 * (argo-helm PR #2648; chart README "7.0.0"); before, it was a list of `{name, server, config}`.
 * An unparseable version is treated as current (map), the chart's form for years now.
 */
export function clusterCredentialsForm(chartVersion: string): 'map' | 'list' {
  const c = compareSemver(chartVersion, '7.0.0');
  return c !== undefined && c < 0 ? 'list' : 'map';
}
