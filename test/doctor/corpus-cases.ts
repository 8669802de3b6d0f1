/**
 * The snapshot corpus: one healthy snapshot per identity mode, and one injected failure per case
 * (test/doctor/corpus.test.ts runs them). Each case names the finding id and the subject doctor
 * reports — what a user acts on; test/findings/registry.test.ts requires a case for every id.
 */

import type { AnalyzeOptions } from '../../src/doctor/analyze.js';
import type { Snapshot } from '../../src/doctor/snapshot.js';
import type { FindingId } from '../../src/findings/registry.js';
import { CA_B } from './helpers/certs.js';
import {
  A,
  accountOf,
  B,
  controllerPod,
  DEPLOYER_A,
  deployerA,
  ENDPOINT_A,
  HUB,
  healthyCapabilitySnapshot,
  healthyPodIdentitySnapshot,
  healthySnapshot,
  hubAccount,
  ISSUER_HOST,
  MGMT,
  mgmtRole,
  PROVIDER,
  sa,
  secretA,
  serverPod,
  spokeA,
} from './helpers/healthy.js';

export const irsa = healthySnapshot();
export const podId = healthyPodIdentitySnapshot();
export const capability = healthyCapabilitySnapshot();

export interface Case {
  readonly name: string;
  readonly base?: Snapshot;
  readonly change: (s: Snapshot) => void;
  /** Compare with the plan doctor observes on the unchanged base (`--plan`: drift findings). */
  readonly againstPlan?: boolean;
  /** Run the whole analysis (analyzeSnapshot) with these options, instead of the snapshot rules alone. */
  readonly analyze?: AnalyzeOptions;
  readonly id: FindingId;
  readonly subject: string;
  readonly severity?: 'error' | 'warning' | 'info';
}

export const trustStmt = (s: Snapshot) =>
  (mgmtRole(s).trustPolicy.Statement as { Condition: { StringEquals: Record<string, unknown> } }[])[0]!;
export const setEnv = (s: Snapshot, pod: 'controller' | 'server', name: string, value?: string) => {
  const p = pod === 'controller' ? controllerPod(s) : serverPod(s);
  const env = p.containers[0]!.env.filter((e) => e.name !== name);
  if (value !== undefined) env.push({ name, value });
  p.containers[0]!.env = env;
};

/** A prove engine that fails the way a bug in it would (a TypeError from inside). */
export const PROVE_THROWS: NonNullable<AnalyzeOptions['proveWith']> = () => {
  throw new TypeError("Cannot read properties of undefined (reading 'arn')");
};

export const CASES: Case[] = [
  // Link 1 — identity
  {
    name: 'pod started before the SA annotation',
    change: (s) => setEnv(s, 'controller', 'AWS_ROLE_ARN'),
    id: 'FM-1.1',
    subject: 'argocd/argocd-application-controller-0',
  },
  {
    name: 'annotation changed after the pod started',
    change: (s) => setEnv(s, 'server', 'AWS_ROLE_ARN', `arn:aws:iam::${HUB}:role/old-role`),
    id: 'FM-1.1',
    subject: 'argocd/argocd-server-5d9f7b9c8-x2x4z',
  },
  {
    name: 'trust sub misses the server SA (release-prefixed name)',
    change: (s) => {
      serverPod(s).serviceAccountName = 'argo-cd-argocd-server';
      sa(s, 'argocd-server').name = 'argo-cd-argocd-server';
    },
    id: 'FM-1.2',
    subject: MGMT,
  },
  {
    name: 'wildcard under StringEquals',
    change: (s) => {
      trustStmt(s).Condition.StringEquals[`${ISSUER_HOST}:sub`] = 'system:serviceaccount:argocd:*';
    },
    id: 'FM-1.2',
    subject: MGMT,
  },
  {
    name: 'no OIDC provider for the hub issuer',
    change: (s) => {
      hubAccount(s).oidcProviders = [];
    },
    id: 'FM-1.3',
    subject: MGMT,
  },
  {
    name: 'hub rebuilt: trust names the old provider',
    change: (s) => {
      hubAccount(s).clusters[0]!.oidcIssuer = 'https://oidc.eks.eu-west-1.amazonaws.com/id/NEWNEWNEW';
      hubAccount(s).oidcProviders!.push({
        arn: `arn:aws:iam::${HUB}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/NEWNEWNEW`,
        url: 'oidc.eks.eu-west-1.amazonaws.com/id/NEWNEWNEW',
        clientIds: ['sts.amazonaws.com'],
      });
    },
    id: 'FM-1.3',
    subject: MGMT,
  },
  {
    name: 'provider client IDs lack sts.amazonaws.com',
    change: (s) => {
      hubAccount(s).oidcProviders![0]!.clientIds = ['sts.amazonaws.com.cn'];
    },
    id: 'FM-1.4',
    subject: PROVIDER,
  },
  {
    name: 'trust :aud is the China audience',
    change: (s) => {
      trustStmt(s).Condition.StringEquals[`${ISSUER_HOST}:aud`] = 'sts.amazonaws.com.cn';
    },
    id: 'FM-1.4',
    subject: MGMT,
  },
  {
    name: 'condition key host with region and eks swapped',
    change: (s) => {
      const c = trustStmt(s).Condition.StringEquals;
      const bad = ISSUER_HOST.replace('oidc.eks.eu-west-1', 'oidc.eu-west-1.eks');
      c[`${bad}:sub`] = c[`${ISSUER_HOST}:sub`];
      delete c[`${ISSUER_HOST}:sub`];
    },
    id: 'FM-1.5',
    subject: MGMT,
  },
  {
    name: 'subjects tested against :aud',
    change: (s) => {
      const c = trustStmt(s).Condition.StringEquals;
      c[`${ISSUER_HOST}:aud`] = c[`${ISSUER_HOST}:sub`];
    },
    id: 'FM-1.5',
    subject: MGMT,
  },
  {
    name: 'malformed role ARN annotation (docs typo "<")',
    change: (s) => {
      sa(s, 'argocd-server').annotations['eks.amazonaws.com/role-arn'] = `<${MGMT}`;
    },
    id: 'FM-1.6',
    subject: 'argocd/argocd-server',
  },
  {
    name: 'static keys in the controller env',
    change: (s) => {
      controllerPod(s).containers[0]!.env.push({ name: 'AWS_ACCESS_KEY_ID' });
    },
    id: 'FM-1.8',
    subject: 'argocd/argocd-application-controller-0',
  },
  {
    name: 'Pod Identity: SA still annotated for IRSA',
    base: podId,
    change: (s) => {
      sa(s, 'argocd-server').annotations['eks.amazonaws.com/role-arn'] = MGMT;
    },
    id: 'FM-1.8',
    subject: 'argocd/argocd-server',
    severity: 'warning',
  },
  {
    name: 'Pod Identity agent not installed',
    base: podId,
    change: (s) => {
      s.hub.podIdentityAgent = null;
    },
    id: 'FM-1.9',
    subject: 'kube-system/eks-pod-identity-agent',
  },
  {
    name: 'Pod Identity agent ready on no node',
    base: podId,
    change: (s) => {
      s.hub.podIdentityAgent = {
        name: 'eks-pod-identity-agent',
        namespace: 'kube-system',
        desired: 3,
        ready: 0,
        available: 0,
      };
    },
    id: 'FM-1.9',
    subject: 'kube-system/eks-pod-identity-agent',
  },
  {
    name: 'no association for the controller SA',
    base: podId,
    change: (s) => {
      const c = hubAccount(s).clusters[0]!;
      c.podIdentityAssociations = c.podIdentityAssociations!.filter(
        (a) => a.serviceAccount !== 'argocd-application-controller',
      );
    },
    id: 'FM-1.10',
    subject: 'argocd/argocd-application-controller',
  },
  {
    name: 'pod older than its association',
    base: podId,
    change: (s) => {
      controllerPod(s).startTime = '2026-09-01T00:00:00Z';
    },
    id: 'FM-1.10',
    subject: 'argocd/argocd-application-controller-0',
  },
  {
    name: 'Pod Identity trust lacks sts:TagSession',
    base: podId,
    change: (s) => {
      (mgmtRole(s).trustPolicy.Statement as { Action: unknown }[])[0]!.Action = 'sts:AssumeRole';
    },
    id: 'FM-1.11',
    subject: MGMT,
  },
  {
    name: 'association role in another account',
    base: podId,
    change: (s) => {
      for (const a of hubAccount(s).clusters[0]!.podIdentityAssociations!)
        a.roleArn = `arn:aws:iam::${A}:role/argocd-manager`;
    },
    id: 'FM-1.11',
    subject: `arn:aws:iam::${A}:role/argocd-manager`,
  },
  {
    name: 'Pod Identity with Argo CD 2.9',
    base: podId,
    change: (s) => {
      s.intent.argocdVersion = 'v2.9.3';
    },
    id: 'FM-1.12',
    subject: 'hub',
  },
  {
    name: 'association changed after the pod started',
    base: podId,
    change: (s) => {
      hubAccount(s).clusters[0]!.podIdentityAssociations![0]!.modifiedAt = '2026-11-29T11:00:00Z';
    },
    id: 'FM-1.13',
    subject: 'argocd/argocd-application-controller-0',
    severity: 'warning',
  },
  // Links 2 and 3 — roles
  {
    name: 'management policy misses a deployer',
    change: (s) => {
      mgmtRole(s).inlinePolicies[0]!.document = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${B}:role/argocd-deployer` },
        ],
      };
    },
    id: 'FM-2.1',
    subject: 'spoke-a',
  },
  {
    name: 'roleARN is the management role without self-trust',
    change: (s) => {
      secretA(s).config!.awsAuthConfig!.roleARN = MGMT;
      s.intent.spokes[0]!.deployerRoleArn = MGMT;
      spokeA(s).accessEntries![0]!.principalArn = MGMT;
    },
    id: 'FM-2.2',
    subject: 'spoke-a',
  },
  {
    name: 'permissions boundary without sts:AssumeRole',
    change: (s) => {
      mgmtRole(s).permissionsBoundary = {
        arn: `arn:aws:iam::${HUB}:policy/boundary`,
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      };
    },
    id: 'FM-2.3',
    subject: 'spoke-a',
  },
  {
    name: 'deployer trusts another role',
    change: (s) => {
      deployerA(s).trustPolicy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${HUB}:role/someone-else` },
            Action: 'sts:AssumeRole',
          },
        ],
      };
    },
    id: 'FM-3.1',
    subject: 'spoke-a',
  },
  {
    name: 'deployer trust shows a dead unique id',
    change: (s) => {
      deployerA(s).trustPolicy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'AROAOLDMANAGERID0001' }, Action: 'sts:AssumeRole' },
        ],
      };
    },
    id: 'FM-3.1',
    subject: 'spoke-a',
  },
  {
    name: 'deployer role does not exist',
    change: (s) => {
      accountOf(s, A).roles = [];
      accountOf(s, A).notFound.push({ kind: 'role', id: DEPLOYER_A });
    },
    id: 'FM-3.1',
    subject: 'spoke-a',
  },
  {
    name: 'Pod Identity: deployer trust lacks sts:TagSession',
    base: podId,
    change: (s) => {
      deployerA(s).trustPolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: MGMT }, Action: 'sts:AssumeRole' }],
      };
    },
    id: 'FM-3.2',
    subject: 'spoke-a',
  },
  {
    name: 'deployer trust requires ExternalId',
    change: (s) => {
      (deployerA(s).trustPolicy.Statement as Record<string, unknown>[])[0]!.Condition = {
        StringEquals: { 'sts:ExternalId': 'abc' },
      };
    },
    id: 'FM-3.3',
    subject: 'spoke-a',
  },
  {
    name: 'spoke in another partition',
    change: (s) => {
      secretA(s).config!.awsAuthConfig!.roleARN = `arn:aws-cn:iam::${A}:role/argocd-deployer`;
      s.intent.spokes[0]!.deployerRoleArn = `arn:aws-cn:iam::${A}:role/argocd-deployer`;
    },
    id: 'FM-3.5',
    subject: 'spoke-a',
  },
  // Link 4 — token
  {
    name: 'clusterName is the cluster ARN',
    change: (s) => {
      secretA(s).config!.awsAuthConfig!.clusterName = spokeA(s).arn!;
    },
    id: 'FM-4.1',
    subject: 'spoke-a',
  },
  {
    name: 'clusterName of a cluster that does not exist',
    change: (s) => {
      secretA(s).config!.awsAuthConfig!.clusterName = 'spoke-aa';
      s.intent.spokes[0]!.clusterName = 'spoke-aa';
      accountOf(s, A).clusters = [];
      accountOf(s, A).notFound.push({ kind: 'cluster', id: 'spoke-aa' });
    },
    id: 'FM-4.1',
    subject: 'spoke-a',
  },
  {
    name: 'SA opts out of regional STS',
    change: (s) => {
      sa(s, 'argocd-server').annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'false';
    },
    id: 'FM-4.3',
    subject: 'argocd/argocd-server',
    severity: 'warning',
  },
  {
    name: 'Argo CD 3.4 without AWS_REGION',
    change: (s) => {
      setEnv(s, 'controller', 'AWS_REGION');
      setEnv(s, 'controller', 'AWS_DEFAULT_REGION');
    },
    id: 'FM-4.4',
    subject: 'argocd/argocd-application-controller-0',
  },
  {
    name: 'custom exec plugin',
    change: (s) => {
      secretA(s).config = {
        execProviderConfig: {
          command: 'aws',
          args: ['eks', 'get-token'],
          apiVersion: 'client.authentication.k8s.io/v1beta1',
        },
        tlsClientConfig: secretA(s).config!.tlsClientConfig!,
      };
    },
    id: 'FM-4.6',
    subject: 'spoke-a',
    severity: 'warning',
  },
  // Link 5 — access
  {
    name: 'spoke in CONFIG_MAP mode',
    change: (s) => {
      spokeA(s).authenticationMode = 'CONFIG_MAP';
    },
    id: 'FM-5.1',
    subject: 'spoke-a',
  },
  {
    name: 'access entry maps the management role, roleARN set',
    change: (s) => {
      spokeA(s).accessEntries![0]!.principalArn = MGMT;
    },
    id: 'FM-5.2',
    subject: 'spoke-a',
  },
  {
    name: 'access entry is a session ARN',
    change: (s) => {
      spokeA(s).accessEntries![0]!.principalArn = `arn:aws:sts::${A}:assumed-role/argocd-deployer/s1`;
    },
    id: 'FM-5.3',
    subject: 'spoke-a',
  },
  {
    name: 'access entry with a role path that the role does not have',
    change: (s) => {
      spokeA(s).accessEntries![0]!.principalArn = `arn:aws:iam::${A}:role/team/argocd-deployer`;
    },
    id: 'FM-5.3',
    subject: 'spoke-a',
  },
  {
    name: 'deployer role recreated after its access entry',
    change: (s) => {
      deployerA(s).createDate = '2026-06-01T00:00:00Z';
    },
    id: 'FM-5.4',
    subject: 'spoke-a',
  },
  {
    name: 'access entry without policy or groups',
    change: (s) => {
      spokeA(s).accessEntries![0]!.accessPolicies = [];
    },
    id: 'FM-5.5',
    subject: 'spoke-a',
  },
  {
    name: 'namespace-scoped admin policy while Argo CD watches everything',
    change: (s) => {
      spokeA(s).accessEntries![0]!.accessPolicies = [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
          accessScope: { type: 'namespace', namespaces: ['apps'] },
        },
      ];
    },
    id: 'FM-5.6',
    subject: 'spoke-a',
  },
  {
    name: 'access entry changed a minute ago',
    change: (s) => {
      spokeA(s).accessEntries![0]!.modifiedAt = '2026-11-29T11:59:00Z';
    },
    id: 'FM-5.8',
    subject: 'spoke-a',
    severity: 'info',
  },
  // Link 6 — network
  {
    name: 'private-only endpoint',
    change: (s) => {
      spokeA(s).endpointPublicAccess = false;
    },
    id: 'FM-6.1',
    subject: 'spoke-a',
    severity: 'warning',
  },
  {
    name: 'publicAccessCidrs exclude the world',
    change: (s) => {
      spokeA(s).publicAccessCidrs = ['203.0.113.0/24'];
    },
    id: 'FM-6.2',
    subject: 'spoke-a',
    severity: 'warning',
  },
  {
    name: 'server is another cluster endpoint',
    change: (s) => {
      secretA(s).data.server = 'https://CCCC3333.gr7.eu-west-1.eks.amazonaws.com';
    },
    id: 'FM-6.3',
    subject: 'spoke-a',
  },
  {
    name: 'caData base64-encoded twice',
    change: (s) => {
      secretA(s).config!.tlsClientConfig!.caData = Buffer.from(
        secretA(s).config!.tlsClientConfig!.caData!,
      ).toString('base64');
    },
    id: 'FM-6.4',
    subject: 'spoke-a',
  },
  {
    name: 'caData of another cluster',
    change: (s) => {
      secretA(s).config!.tlsClientConfig!.caData = CA_B;
    },
    id: 'FM-6.4',
    subject: 'spoke-a',
  },
  {
    name: 'proxy without NO_PROXY',
    change: (s) => {
      setEnv(s, 'server', 'HTTPS_PROXY', 'http://proxy.corp:3128');
    },
    id: 'FM-6.5',
    subject: 'argocd/argocd-server-5d9f7b9c8-x2x4z',
    severity: 'warning',
  },
  // Link 7 — Argo CD
  {
    name: 'third-party image',
    change: (s) => {
      controllerPod(s).containers[0]!.image = 'docker.io/bitnami/argo-cd:2.9.3';
    },
    id: 'FM-7.1',
    subject: 'argocd/argocd-application-controller-0',
    severity: 'warning',
  },
  {
    name: 'server component has no identity',
    change: (s) => {
      sa(s, 'argocd-server').annotations = {};
      setEnv(s, 'server', 'AWS_ROLE_ARN');
    },
    id: 'FM-7.2',
    subject: 'server',
  },
  {
    name: 'cluster Secret without the label',
    change: (s) => {
      secretA(s).labels = {};
    },
    id: 'FM-7.3',
    subject: 'spoke-a',
  },
  {
    name: 'misspelt roleARN key',
    change: (s) => {
      secretA(s).configUnknownKeys = ['awsAuthConfig.role_arn'];
    },
    id: 'FM-7.3',
    subject: 'spoke-a',
    severity: 'warning',
  },
  {
    name: 'exec plugin v1alpha1',
    change: (s) => {
      secretA(s).config!.execProviderConfig = {
        command: 'argocd-k8s-auth',
        apiVersion: 'client.authentication.k8s.io/v1alpha1',
      };
    },
    id: 'FM-7.5',
    subject: 'spoke-a',
  },
  {
    name: 'profile given as a file path',
    change: (s) => {
      secretA(s).config!.awsAuthConfig!.profile = '/mount/aws/credentials';
    },
    id: 'FM-7.6',
    subject: 'spoke-a',
    severity: 'warning',
  },
  {
    name: 'controller and server on different versions',
    change: (s) => {
      serverPod(s).containers[0]!.image = 'quay.io/argoproj/argocd:v3.3.1';
    },
    id: 'FM-7.7',
    subject: 'argocd',
    severity: 'warning',
  },
  {
    name: 'capability: server is a URL, not the cluster ARN',
    base: capability,
    change: (s) => {
      secretA(s).data.server = ENDPOINT_A;
    },
    id: 'FM-7.8',
    subject: 'spoke-a',
  },
  {
    name: 'capability role has no access entry',
    base: capability,
    change: (s) => {
      spokeA(s).accessEntries = [];
    },
    id: 'FM-5.2',
    subject: 'spoke-a',
  },
  // Drift: the live state against the plan the unchanged snapshot shows (doctor --plan)
  {
    name: 'drift: the planned access entry was deleted',
    againstPlan: true,
    change: (s) => {
      spokeA(s).accessEntries = [];
    },
    id: 'DRIFT-MISSING',
    subject: 'spoke-a',
  },
  {
    name: "drift: the management role's trust policy was edited",
    againstPlan: true,
    change: (s) => {
      trustStmt(s).Condition.StringEquals[`${ISSUER_HOST}:sub`] = [
        'system:serviceaccount:argocd:argocd-application-controller',
        'system:serviceaccount:argocd:argocd-server',
        'system:serviceaccount:argocd:argocd-image-updater',
      ];
    },
    id: 'DRIFT-CHANGED',
    subject: MGMT,
    severity: 'warning',
  },
  {
    name: 'drift: an access entry for the management role the fleet does not plan',
    againstPlan: true,
    change: (s) => {
      const entry = structuredClone(spokeA(s).accessEntries![0]!);
      spokeA(s).accessEntries!.push({ ...entry, principalArn: MGMT });
    },
    id: 'DRIFT-EXTRA',
    subject: 'spoke-a',
    severity: 'warning',
  },
  // Collection and probe results
  {
    name: 'an account doctor could not read',
    change: (s) => {
      accountOf(s, B).errors.push({
        step: 'credentials',
        target: B,
        code: 'CredentialsProviderError',
        message: 'Could not load credentials from any providers',
      });
    },
    id: 'DOCTOR-COLLECT',
    subject: 'spoke-b',
  },
  {
    name: 'probe: STS region disabled',
    change: (s) => {
      s.probe = [
        {
          step: 'assume-deployer',
          cluster: 'spoke-b',
          subject: DEPLOYER_A,
          ok: false,
          attempts: 1,
          error: {
            code: 'RegionDisabledException',
            message: `STS is not activated in this region for account:${B}.`,
          },
        },
      ];
    },
    id: 'FM-3.4',
    subject: 'spoke-b',
  },
  {
    name: 'probe: clock skew',
    change: (s) => {
      s.probe = [
        {
          step: 'assume-deployer',
          cluster: 'spoke-a',
          subject: DEPLOYER_A,
          ok: false,
          attempts: 1,
          error: {
            code: 'SignatureDoesNotMatch',
            message:
              'Signature expired: 20261129T110000Z is now earlier than 20261129T114500Z (20261129T120000Z - 15 min.)',
          },
        },
      ];
    },
    id: 'FM-4.5',
    subject: 'spoke-a',
  },
  {
    name: 'probe: non-canonical token',
    change: (s) => {
      s.probe = [
        {
          step: 'eks-token',
          cluster: 'spoke-a',
          subject: 'spoke-a',
          ok: false,
          attempts: 1,
          error: { code: 'token', message: 'client did not sign the x-k8s-aws-id header' },
        },
      ];
    },
    id: 'FM-4.7',
    subject: 'spoke-a',
  },
  {
    name: 'probe: forbidden on cluster-scoped kinds only',
    change: (s) => {
      s.probe = [
        {
          step: 'spoke-access',
          cluster: 'spoke-a',
          subject: DEPLOYER_A,
          ok: false,
          attempts: 1,
          error: { code: '403', message: 'cannot list customresourcedefinitions at the cluster scope' },
          detail: { clusterScopedOnly: true },
        },
      ];
    },
    id: 'FM-5.6',
    subject: 'spoke-a',
  },
  {
    name: 'probe: the token plugin exits with code 20 (the AWS error hidden)',
    change: (s) => {
      s.probe = [
        {
          step: 'eks-token',
          cluster: 'spoke-a',
          subject: 'spoke-a',
          ok: false,
          attempts: 1,
          error: {
            code: 'exec',
            message:
              'getting credentials: exec: executable argocd-k8s-auth failed with exit code 20 (Client.Timeout exceeded while awaiting headers)',
          },
        },
      ];
    },
    id: 'FM-4.2',
    subject: 'spoke-a',
  },
  {
    name: 'probe: a cluster with no Applications is not monitored ("Unknown" status)',
    change: (s) => {
      s.probe = [
        {
          step: 'spoke-version',
          cluster: 'spoke-b',
          subject: 'spoke-b',
          ok: false,
          attempts: 1,
          error: { code: 'Unknown', message: 'Cluster has no applications and is not being monitored.' },
        },
      ];
    },
    id: 'FM-7.4',
    subject: 'spoke-b',
    severity: 'info',
  },
  {
    name: 'probe: an error the triage table does not know',
    change: (s) => {
      s.probe = [
        {
          step: 'spoke-version',
          cluster: 'spoke-a',
          subject: 'spoke-a',
          ok: false,
          attempts: 1,
          error: { code: 'HTTP 418', message: "I'm a teapot" },
        },
      ];
    },
    id: 'DOCTOR-PROBE',
    subject: 'spoke-a',
  },
  {
    name: 'probe: spoke does not answer',
    change: (s) => {
      s.probe = [
        {
          step: 'spoke-version',
          cluster: 'spoke-b',
          subject: 'spoke-b',
          ok: false,
          attempts: 3,
          error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 10.1.2.3:443' },
        },
      ];
    },
    id: 'FM-6.1',
    subject: 'spoke-b',
  },
  {
    name: 'probe: node role fell through',
    change: (s) => {
      s.probe = [
        {
          step: 'assume-deployer',
          cluster: 'spoke-a',
          subject: DEPLOYER_A,
          ok: false,
          attempts: 1,
          error: {
            code: 'AccessDenied',
            message: `User: arn:aws:sts::${HUB}:assumed-role/argocd-prod-workers-role/i-0abc1234def567890 is not authorized to perform: sts:AssumeRole on resource: ${DEPLOYER_A}`,
          },
        },
      ];
    },
    id: 'FM-1.1',
    subject: 'spoke-a',
  },
  // Controller shards (src/doctor/rules/shards.ts)
  {
    name: 'shard 3 while the controller runs 2 replicas (cache.go: moved to shard 0)',
    change: (s) => {
      setEnv(s, 'controller', 'ARGOCD_CONTROLLER_REPLICAS', '2');
      secretA(s).data.shard = '3';
      secretA(s).dataKeys.push('shard');
    },
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    subject: 'spoke-a',
  },
  {
    name: 'negative shard: owned by no replica',
    change: (s) => {
      secretA(s).data.shard = '-1';
      secretA(s).dataKeys.push('shard');
    },
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    subject: 'spoke-a',
  },
  {
    name: 'shard that is not a number (ignored by Argo CD with a log line)',
    change: (s) => {
      secretA(s).data.shard = 'two';
      secretA(s).dataKeys.push('shard');
    },
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    subject: 'spoke-a',
    severity: 'warning',
  },
  {
    name: 'two cluster Secrets with one server (argo-cd#19973)',
    change: (s) => {
      const b = s.hub.clusterSecrets!.find((x) => x.data.name === 'spoke-b')!;
      b.data.server = `${ENDPOINT_A}/`;
    },
    id: 'ARGOCD-DUPLICATE-SERVER',
    subject: ENDPOINT_A,
  },
  // A frozen fleet (rules/frozen.ts)
  {
    name: 'the only controller pod is Pending: no replica owns any cluster',
    change: (s) => {
      controllerPod(s).phase = 'Pending';
    },
    id: 'ARGOCD-SHARD-UNOWNED',
    subject: 'spoke-a',
  },
  {
    name: 'shard 1 pinned while only pod -0 of a 2-replica StatefulSet runs',
    change: (s) => {
      setEnv(s, 'controller', 'ARGOCD_CONTROLLER_REPLICAS', '2');
      s.hub.controller = {
        kind: 'StatefulSet',
        name: 'argocd-application-controller',
        replicas: 2,
        readyReplicas: 1,
      };
      secretA(s).data.shard = '1';
      secretA(s).dataKeys.push('shard');
    },
    id: 'ARGOCD-SHARD-UNOWNED',
    subject: 'spoke-a',
  },
  {
    name: 'no application controller workload at all',
    change: (s) => {
      s.hub.controller = null;
    },
    id: 'ARGOCD-SHARD-UNOWNED',
    subject: 'spoke-b',
  },
  {
    name: 'an Application of spoke-a last reconciled 30 min ago (default 180 s period)',
    change: (s) => {
      s.hub.applications![0]!.reconciledAt = '2026-11-29T11:30:00.000Z';
    },
    id: 'ARGOCD-RECONCILE-STALE',
    subject: 'spoke-a',
  },
  {
    name: 'timeout.reconciliation 60s and an Application of spoke-b 15 min old (matched by server URL)',
    change: (s) => {
      s.hub.argocdCm = { 'timeout.reconciliation': '60s' };
      s.hub.applications![1]!.reconciledAt = '2026-11-29T11:45:00.000Z';
    },
    id: 'ARGOCD-RECONCILE-STALE',
    subject: 'spoke-b',
  },
  // prove on the observed plan (src/doctor/analyze.ts)
  {
    // No known snapshot makes prove throw (an invalid policy denies and is reported, not thrown),
    // so the engine is swapped for one failing as an engine bug would (test/doctor/analyze.test.ts
    // checks that no verdict is shown then).
    name: 'prove throws on the observed state (an engine bug)',
    change: () => {},
    analyze: { proveWith: PROVE_THROWS },
    id: 'DOCTOR-PROVE',
    subject: 'prove',
    severity: 'warning',
  },
];
