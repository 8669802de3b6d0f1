/**
 * argocd/RESTART.md: what to run so Argo CD picks up its identity. The EKS pod-identity webhook
 * (IRSA) and the Pod Identity agent's env injection act only when a pod is created (FM-1.1,
 * FM-1.10), so existing pods must be restarted. The application controller is a StatefulSet
 * unless controller.dynamicClusterDistribution is on (argo-helm templates); `rollout restart
 * deployment/...-application-controller`, as the original write-up has it, fails by default.
 */
import type { AccessPlan } from '../../plan/types.js';

export function renderRestart(plan: AccessPlan): string {
  const ns = plan.argocd.namespace;
  const out: string[] = ['# Restart Argo CD to pick up its AWS identity', ''];
  if (plan.identity === 'eks-capability') {
    out.push(
      'This hub uses the EKS Argo CD capability (managed Argo CD): there are no Argo CD pods of yours to restart',
      'and no service accounts to annotate. The capability reaches each spoke as its capability role through',
      'the access entries in plan.json.',
      '',
      `1. Create the access entries (CDK/CloudFormation from \`npx fleetlink synth\`, or the AWS CLI).`,
      `2. As each spoke's owner, apply its RBAC: \`kubectl --context <spoke> apply -f argocd/rbac/<spoke>.yaml\``,
      `   (bound to the group "${plan.capability?.kubernetesGroup ?? ''}" that the planned access entries carry).`,
      `3. Apply the cluster Secrets to the capability's namespace: \`kubectl apply -n ${ns} -f argocd/clusters/\`.`,
      ...(plan.capability && Object.keys(plan.capability.cm).length > 0
        ? [`   And its settings: \`kubectl apply -n ${ns} -f argocd/argocd-cm.yaml\`.`]
        : []),
      '4. Clusters show "Unknown" until an Application targets them; that is not a failure.',
      '',
    );
    const self = plan.clusters.find((c) => c.name === plan.hub.name && c.account === plan.hub.account);
    if (self)
      out.push(
        `The hub registers itself (${self.name}). EKS creates the capability role's access entry on the hub`,
        'cluster but associates no access policy; associate one for what Argo CD deploys there, e.g.:',
        '',
        '```sh',
        `aws eks associate-access-policy --region ${plan.hub.region} --cluster-name ${plan.hub.clusterName} --principal-arn ${plan.roles[0]?.arn} --policy-arn arn:${plan.hub.partition}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy --access-scope type=namespace,namespaces=<namespace>`,
        '```',
        '',
        'That auto-created entry carries no Kubernetes groups, so RBAC bound to a group grants nothing there until',
        "you add the group (UpdateAccessEntry replaces the entry's group list):",
        '',
        '```sh',
        `aws eks update-access-entry --region ${plan.hub.region} --cluster-name ${plan.hub.clusterName} --principal-arn ${plan.roles[0]?.arn} --kubernetes-groups ${plan.capability?.kubernetesGroup ?? '<group>'}`,
        '```',
        '',
      );
    return out.join('\n');
  }
  if (plan.identity === 'irsa') {
    out.push(
      'The service-account annotation `eks.amazonaws.com/role-arn` is read by the EKS pod-identity webhook only',
      'when a pod is created. Pods started before the annotation (or before a role change) keep running without',
      'it. After `helm upgrade` with argocd/values.yaml, restart:',
    );
  } else {
    out.push(
      'EKS Pod Identity injects credentials only into pods created after their association exists. Create the',
      'associations first (they are in plan.json; `npx fleetlink synth` creates them too), for example:',
      '',
      '```sh',
      ...plan.podIdentityAssociations.map(
        (a) =>
          `aws eks create-pod-identity-association --region ${a.region} --cluster-name ${a.clusterName} --namespace ${a.namespace} --service-account ${a.serviceAccount} --role-arn ${a.roleArn}`,
      ),
      '```',
      '',
      'then restart (an association changed later also needs a restart: credentials are cached per pod):',
    );
  }
  out.push('', '```sh');
  for (const w of plan.argocd.workloads)
    out.push(`kubectl -n ${ns} rollout restart ${w.kind.toLowerCase()}/${w.name}`);
  for (const w of plan.argocd.workloads)
    out.push(`kubectl -n ${ns} rollout status ${w.kind.toLowerCase()}/${w.name} --timeout=5m`);
  out.push('```', '');
  const controller = plan.argocd.workloads.find((w) => w.component === 'application-controller');
  if (controller)
    out.push(
      controller.kind === 'StatefulSet'
        ? `The application controller is a **StatefulSet** (chart default). \`kubectl rollout restart deployment/${controller.name}\` fails: there is no such Deployment unless \`controller.dynamicClusterDistribution\` is true.`
        : 'The application controller is a **Deployment** because `controller.dynamicClusterDistribution` is true.',
      '',
    );
  const envName = plan.identity === 'irsa' ? 'AWS_ROLE_ARN' : 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
  out.push(
    'Check that the new pods carry the identity:',
    '',
    '```sh',
    ...plan.argocd.workloads.map(
      (w) =>
        `kubectl -n ${ns} get pods -l app.kubernetes.io/name=argocd-${w.component} -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[0].env[?(@.name=="${envName}")].value}{"\\n"}{end}'`,
    ),
    '```',
    '',
  );
  return out.join('\n');
}
