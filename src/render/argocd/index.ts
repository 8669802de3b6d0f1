/**
 * AccessPlan → Argo CD artifacts, as relative path → file content:
 * - `argocd/values.yaml` — argo-cd chart values overlay (not for eks-capability: no chart);
 * - `argocd/clusters/<name>.yaml` — declarative cluster Secrets;
 * - `argocd/projects/<project>.yaml` — AppProjects of the spokes' projects;
 * - `argocd/pending/<name>.yaml` — the Secrets whose CA is not known yet (see clusterSecretPath);
 * - `argocd/rbac/<name>.yaml` — eks-capability: each spoke's Kubernetes RBAC (applied by its owner);
 * - `argocd/argocd-cm.yaml` — eks-capability: the capability's argocd-cm, when the fleet sets one;
 * - `argocd/RESTART.md` — the exact restart commands.
 */
import type { AccessPlan, ClusterRegistrationPlan } from '../../plan/types.js';
import { renderProject } from './project.js';
import { renderCapabilityCm, renderCapabilityRbac } from './rbac.js';
import { renderRestart } from './restart.js';
import { renderClusterSecret } from './secret.js';
import { renderValues } from './values.js';

export {
  ARGO_CONFIG_FIELDS,
  caPlaceholder,
  checkClusterConfig,
  clusterConfigObject,
} from './cluster-config.js';
export { renderProject } from './project.js';
export { renderCapabilityCm, renderCapabilityRbac } from './rbac.js';
export { renderRestart } from './restart.js';
export { caFillCommands, renderClusterSecret, secretStringData } from './secret.js';
export { renderValues } from './values.js';
export { yamlCoerces } from './yaml.js';

/**
 * Where a cluster's Secret goes. A Secret whose caData is still a placeholder (CA in SSM or
 * `discover`) would apply cleanly, and Argo CD would then log "illegal base64 data" and skip the
 * cluster without a visible error. So it goes to `argocd/pending/`, away from the directory
 * people `kubectl apply`, and stays out of values.yaml until its CA is filled in.
 */
export function clusterSecretPath(c: Pick<ClusterRegistrationPlan, 'name' | 'caSource'>): string {
  return `argocd/${c.caSource ? 'pending' : 'clusters'}/${c.name}.yaml`;
}

export function renderArgoCd(plan: AccessPlan): Map<string, string> {
  const files = new Map<string, string>();
  if (plan.identity !== 'eks-capability') files.set('argocd/values.yaml', renderValues(plan));
  for (const c of plan.clusters) files.set(clusterSecretPath(c), renderClusterSecret(plan, c));
  for (const p of plan.projects ?? []) files.set(`argocd/projects/${p.name}.yaml`, renderProject(plan, p));
  // A spoke with nothing to bind (e.g. AmazonEKSClusterAdminPolicy, which needs no mirror) gets no file.
  for (const r of plan.capability?.rbac ?? [])
    if (r.bindings.length > 0 || r.clusterRoles.length > 0)
      files.set(`argocd/rbac/${r.cluster}.yaml`, renderCapabilityRbac(plan, r));
  if (plan.capability && Object.keys(plan.capability.cm).length > 0)
    files.set('argocd/argocd-cm.yaml', renderCapabilityCm(plan));
  files.set('argocd/RESTART.md', renderRestart(plan));
  return files;
}
