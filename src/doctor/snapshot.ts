/**
 * The Snapshot: everything doctor collected from live AWS and Kubernetes, as one JSON document.
 * Versioned (`apiVersion`), validated with zod, and free of secrets by construction: collectors
 * only copy the fields listed here; cluster Secret credentials are replaced by `REDACTED`, and
 * pod environment variables keep their value only when the name is on `ENV_VALUES_KEPT`.
 * Users attach snapshots to bug reports; `fleetlink doctor --snapshot FILE` analyses one offline.
 */
import { z } from 'zod';

export const SNAPSHOT_API_VERSION = 'fleetlink.dev/snapshot/v1';
export const REDACTED = 'REDACTED';

/**
 * Environment variables whose values are kept (they name roles, regions and endpoints; none is a
 * credential). Every other variable keeps only its name. Proxy URLs lose any `user:pass@` part.
 */
export const ENV_VALUES_KEPT: readonly string[] = [
  'AWS_ROLE_ARN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_STS_REGIONAL_ENDPOINTS',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'no_proxy',
  // Sharding (plain numbers and flags the chart writes literally; argo-helm application-controller
  // statefulset.yaml / deployment.yaml): doctor compares cluster Secret shards with them.
  'ARGOCD_CONTROLLER_REPLICAS',
  'ARGOCD_ENABLE_DYNAMIC_CLUSTER_DISTRIBUTION',
  'ARGOCD_CONTROLLER_SHARDING_ALGORITHM',
];

/** A failed collection step: data, not an exception (an unreachable account becomes a finding). */
export const collectionErrorSchema = z.object({
  /** What was being read, e.g. `eks:DescribeCluster`, `k8s:list pods`, `credentials`. */
  step: z.string(),
  /** What it was read for: a cluster name, role ARN, account id or namespace. */
  target: z.string(),
  /** AWS error name / HTTP status / Node error code. */
  code: z.string(),
  message: z.string(),
});
export type CollectionError = z.infer<typeof collectionErrorSchema>;

/** An IAM policy document as IAM returned it (parsed JSON; URL-decoding already done). */
const policyDocumentSchema = z.record(z.string(), z.unknown());

const accessPolicySchema = z.object({
  policyArn: z.string(),
  accessScope: z.object({ type: z.string(), namespaces: z.array(z.string()).optional() }),
  associatedAt: z.string().optional(),
  modifiedAt: z.string().optional(),
});

const accessEntrySchema = z.object({
  principalArn: z.string(),
  type: z.string().optional(),
  username: z.string().optional(),
  kubernetesGroups: z.array(z.string()),
  createdAt: z.string().optional(),
  modifiedAt: z.string().optional(),
  accessPolicies: z.array(accessPolicySchema),
});
export type AccessEntrySnapshot = z.infer<typeof accessEntrySchema>;

const podIdentityAssociationSchema = z.object({
  associationId: z.string(),
  namespace: z.string(),
  serviceAccount: z.string(),
  roleArn: z.string(),
  targetRoleArn: z.string().optional(),
  disableSessionTags: z.boolean().optional(),
  createdAt: z.string().optional(),
  modifiedAt: z.string().optional(),
});
export type PodIdentityAssociationSnapshot = z.infer<typeof podIdentityAssociationSchema>;

/** The subset of `eks:DescribeCluster` doctor needs (field names flattened from the API shape). */
const clusterSchema = z.object({
  name: z.string(),
  region: z.string(),
  arn: z.string().optional(),
  /** `cluster.endpoint` */
  endpoint: z.string().optional(),
  /** `cluster.certificateAuthority.data` (base64 of the PEM, exactly as EKS returns it; public). */
  certificateAuthorityData: z.string().optional(),
  /** `cluster.identity.oidc.issuer` */
  oidcIssuer: z.string().optional(),
  /** `cluster.accessConfig.authenticationMode` */
  authenticationMode: z.string().optional(),
  endpointPublicAccess: z.boolean().optional(),
  endpointPrivateAccess: z.boolean().optional(),
  publicAccessCidrs: z.array(z.string()).optional(),
  platformVersion: z.string().optional(),
  version: z.string().optional(),
  status: z.string().optional(),
  /** `undefined` = not collected; `[]` = none. */
  accessEntries: z.array(accessEntrySchema).optional(),
  podIdentityAssociations: z.array(podIdentityAssociationSchema).optional(),
});
export type ClusterSnapshot = z.infer<typeof clusterSchema>;

const namedDocumentSchema = z.object({ name: z.string(), document: policyDocumentSchema });

const attachedPolicySchema = z.object({
  arn: z.string(),
  name: z.string().optional(),
  defaultVersionId: z.string().optional(),
  /** The default version's document; absent when it could not be read. */
  document: policyDocumentSchema.optional(),
});

/** `iam:GetRole` subset plus the role's policies. */
const roleSchema = z.object({
  arn: z.string(),
  roleName: z.string(),
  roleId: z.string(),
  path: z.string(),
  createDate: z.string(),
  maxSessionDuration: z.number().optional(),
  /** `AssumeRolePolicyDocument`, URL-decoded and parsed. */
  trustPolicy: policyDocumentSchema,
  permissionsBoundary: attachedPolicySchema.optional(),
  inlinePolicies: z.array(namedDocumentSchema),
  attachedPolicies: z.array(attachedPolicySchema),
});
export type RoleSnapshot = z.infer<typeof roleSchema>;

const oidcProviderSchema = z.object({
  arn: z.string(),
  /** `Url` as IAM returns it (no scheme). */
  url: z.string(),
  clientIds: z.array(z.string()),
});
export type OidcProviderSnapshot = z.infer<typeof oidcProviderSchema>;

const accountSchema = z.object({
  account: z.string(),
  partition: z.string(),
  clusters: z.array(clusterSchema),
  roles: z.array(roleSchema),
  /** Things looked up and reported absent by AWS (NoSuchEntity / ResourceNotFoundException). */
  notFound: z.array(z.object({ kind: z.enum(['role', 'cluster', 'policy']), id: z.string() })),
  /** `undefined` = not collected (e.g. a spoke account in IRSA mode does not need it). */
  oidcProviders: z.array(oidcProviderSchema).optional(),
  /** `iam:GetAccountSummary` `SummaryMap` (quotas and GlobalEndpointTokenVersion). */
  accountSummary: z.record(z.string(), z.number()).optional(),
  errors: z.array(collectionErrorSchema),
});
export type AccountSnapshot = z.infer<typeof accountSchema>;

const envVarSchema = z.object({
  name: z.string(),
  /** Only for names in ENV_VALUES_KEPT. */
  value: z.string().optional(),
  /** `valueFrom` (Secret/ConfigMap/field ref): the value is not in the pod spec. */
  fromRef: z.boolean().optional(),
});

const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  env: z.array(envVarSchema),
  volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string() })),
});

const podSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  serviceAccountName: z.string(),
  nodeName: z.string().optional(),
  phase: z.string().optional(),
  startTime: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  /** e.g. `StatefulSet/argocd-application-controller` (from the ReplicaSet / StatefulSet owner). */
  owner: z.string().optional(),
  containers: z.array(containerSchema),
  /** Volume names (e.g. `aws-iam-token`, `eks-pod-identity-token`). */
  volumes: z.array(z.string()),
});
export type PodSnapshot = z.infer<typeof podSchema>;

const serviceAccountSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  annotations: z.record(z.string(), z.string()),
});
export type ServiceAccountSnapshot = z.infer<typeof serviceAccountSchema>;

/** Argo CD `ClusterConfig` with every credential replaced by `REDACTED` (keys as in types.go). */
const redactedConfigSchema = z.object({
  awsAuthConfig: z
    .object({
      clusterName: z.string().optional(),
      roleARN: z.string().optional(),
      profile: z.string().optional(),
    })
    .optional(),
  tlsClientConfig: z
    .object({
      insecure: z.boolean().optional(),
      serverName: z.string().optional(),
      /** base64 of the CA PEM bundle: public, kept to compare with the cluster's CA. */
      caData: z.string().optional(),
      certData: z.literal(REDACTED).optional(),
      keyData: z.literal(REDACTED).optional(),
    })
    .optional(),
  execProviderConfig: z
    .object({
      command: z.string().optional(),
      args: z.array(z.string()).optional(),
      apiVersion: z.string().optional(),
      /** Names only. */
      envNames: z.array(z.string()).optional(),
    })
    .optional(),
  username: z.string().optional(),
  password: z.literal(REDACTED).optional(),
  bearerToken: z.literal(REDACTED).optional(),
  proxyUrl: z.string().optional(),
  disableCompression: z.boolean().optional(),
});
export type RedactedClusterConfig = z.infer<typeof redactedConfigSchema>;

const clusterSecretSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** Non-secret data keys, decoded. */
  data: z.object({
    name: z.string().optional(),
    server: z.string().optional(),
    namespaces: z.string().optional(),
    project: z.string().optional(),
    clusterResources: z.string().optional(),
    shard: z.string().optional(),
  }),
  /** Names of every data key present (to spot a missing `config`). */
  dataKeys: z.array(z.string()),
  config: redactedConfigSchema.optional(),
  /** JSON parse error of `config`, when it is not valid JSON. */
  configError: z.string().optional(),
  /** Keys of `config` Argo CD ignores (Go's encoding/json drops unknown keys silently), as paths. */
  configUnknownKeys: z.array(z.string()).optional(),
});
export type ClusterSecretSnapshot = z.infer<typeof clusterSecretSchema>;

const daemonSetSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  desired: z.number(),
  ready: z.number(),
  available: z.number(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
});

/**
 * An Argo CD Application, only what doctor needs to see a frozen cluster: where it deploys and when
 * the controller last reconciled it (`status.reconciledAt`, written on every refresh).
 */
const applicationSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  project: z.string().optional(),
  /** `spec.destination.server` / `spec.destination.name` (one of them names the cluster). */
  destinationServer: z.string().optional(),
  destinationName: z.string().optional(),
  /** `status.reconciledAt` (RFC 3339); absent on an Application never reconciled. */
  reconciledAt: z.string().optional(),
  /** The Application itself carries `argocd.argoproj.io/skip-reconcile: "true"`. */
  skipReconcile: z.boolean().optional(),
});
export type ApplicationSnapshot = z.infer<typeof applicationSchema>;

/** The application controller's workload (StatefulSet without, Deployment with dynamic distribution). */
const controllerWorkloadSchema = z.object({
  kind: z.enum(['StatefulSet', 'Deployment']),
  name: z.string(),
  /** `spec.replicas` */
  replicas: z.number(),
  /** `status.readyReplicas` */
  readyReplicas: z.number(),
});
export type ControllerWorkloadSnapshot = z.infer<typeof controllerWorkloadSchema>;

/**
 * Keys doctor copies from Argo CD's ConfigMaps (argocd-cm can hold OIDC and Dex settings: nothing
 * outside these lists is copied). argocd-cmd-params-cm: sharding and the Kubernetes client limit;
 * argocd-cm: the reconcile period (docs/operator-manual/argocd-cm.yaml).
 */
export const CMD_PARAMS_KEPT: readonly string[] = [
  'controller.sharding.algorithm',
  'controller.k8s.client.max.idle.connections',
];
export const ARGOCD_CM_KEPT: readonly string[] = ['timeout.reconciliation', 'timeout.reconciliation.jitter'];

const hubSchema = z.object({
  /** kubeconfig context used. */
  context: z.string().optional(),
  namespace: z.string(),
  serviceAccounts: z.array(serviceAccountSchema).optional(),
  pods: z.array(podSchema).optional(),
  /** `null` = looked for and absent; `undefined` = not collected. */
  podIdentityAgent: daemonSetSchema.nullable().optional(),
  clusterSecrets: z.array(clusterSecretSchema).optional(),
  /** Applications in the Argo CD namespace; `undefined` = not collected. */
  applications: z.array(applicationSchema).optional(),
  /** The application controller workload; `null` = looked for and absent. */
  controller: controllerWorkloadSchema.nullable().optional(),
  /** Allow-listed keys of argocd-cmd-params-cm (CMD_PARAMS_KEPT); `null` = the ConfigMap is absent. */
  cmdParams: z.record(z.string(), z.string()).nullable().optional(),
  /** Allow-listed keys of argocd-cm (ARGOCD_CM_KEPT); `null` = the ConfigMap is absent. */
  argocdCm: z.record(z.string(), z.string()).nullable().optional(),
  errors: z.array(collectionErrorSchema),
});
export type HubSnapshot = z.infer<typeof hubSchema>;

/** What the user intends, from the fleet file or discovered from the cluster Secrets. */
const intentSchema = z.object({
  source: z.enum(['fleet', 'discovered']),
  identity: z.enum(['irsa', 'pod-identity', 'eks-capability']),
  argocdNamespace: z.string(),
  argocdVersion: z.string().optional(),
  /** Service accounts of the components that call AWS. */
  serviceAccounts: z.object({
    applicationController: z.string(),
    applicationSetController: z.string(),
    server: z.string(),
  }),
  hub: z.object({
    account: z.string(),
    region: z.string(),
    partition: z.string(),
    clusterName: z.string(),
    credentials: z.object({ profile: z.string().optional(), roleArn: z.string().optional() }).optional(),
  }),
  managementRoleArn: z.string().optional(),
  capabilityRoleArn: z.string().optional(),
  spokes: z.array(
    z.object({
      name: z.string(),
      account: z.string(),
      region: z.string(),
      partition: z.string(),
      clusterName: z.string(),
      deployerRoleArn: z.string().optional(),
      endpoint: z.string().optional(),
      credentials: z.object({ profile: z.string().optional(), roleArn: z.string().optional() }).optional(),
    }),
  ),
});
export type Intent = z.infer<typeof intentSchema>;

/** One live probe step (see probe.ts); failures carry the real AWS / Kubernetes error text. */
const probeStepSchema = z.object({
  step: z.enum([
    'token-request',
    'assume-role-with-web-identity',
    'assume-role-for-pod-identity',
    'assume-deployer',
    'eks-token',
    'spoke-version',
    'spoke-access',
  ]),
  /** Argo CD cluster name, or `hub` for hub-side steps. */
  cluster: z.string(),
  subject: z.string(),
  ok: z.boolean(),
  attempts: z.number(),
  error: z.object({ code: z.string().optional(), message: z.string() }).optional(),
  /** Non-secret facts (caller ARN, server version, denied verbs…). */
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type ProbeStep = z.infer<typeof probeStepSchema>;

export const snapshotSchema = z.object({
  apiVersion: z.literal(SNAPSHOT_API_VERSION),
  kind: z.literal('Snapshot'),
  /** ISO-8601 time of collection (rules compare it with createdAt / startTime values). */
  collectedAt: z.string(),
  intent: intentSchema,
  accounts: z.array(accountSchema),
  hub: hubSchema,
  probe: z.array(probeStepSchema).optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** Validate a parsed JSON value as a Snapshot; issues come back as `path: message` strings. */
export function parseSnapshot(
  value: unknown,
): { ok: true; snapshot: Snapshot } | { ok: false; issues: string[] } {
  const r = snapshotSchema.safeParse(value);
  if (r.success) return { ok: true, snapshot: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/** JSON Schema of the snapshot format (documented in docs/doctor.md). */
export function snapshotJsonSchema(): unknown {
  return z.toJSONSchema(snapshotSchema);
}
