/**
 * AccessPlan → Argo CD artifacts, as relative path → file content:
 * - `argocd/values.yaml` — argo-cd chart values overlay (not for eks-capability: no chart);
 * - `argocd/clusters/<name>.yaml` — declarative cluster Secrets;
 * - `argocd/projects/<project>.yaml` — AppProjects of the spokes' projects;
 * - `argocd/RESTART.md` — the exact restart commands.
 */
import type { AccessPlan } from '../../plan/types.js';
import { renderProject } from './project.js';
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
export { renderRestart } from './restart.js';
export { caFillCommands, renderClusterSecret, secretStringData } from './secret.js';
export { renderValues } from './values.js';
export { yamlCoerces } from './yaml.js';

export function renderArgoCd(plan: AccessPlan): Map<string, string> {
  const files = new Map<string, string>();
  if (plan.identity !== 'eks-capability') files.set('argocd/values.yaml', renderValues(plan));
  for (const c of plan.clusters) files.set(`argocd/clusters/${c.name}.yaml`, renderClusterSecret(plan, c));
  for (const p of plan.projects ?? []) files.set(`argocd/projects/${p.name}.yaml`, renderProject(plan, p));
  files.set('argocd/RESTART.md', renderRestart(plan));
  return files;
}
