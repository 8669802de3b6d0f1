/**
 * Mutation corpus: each case takes a plan of a bundled example that proves clean, applies ONE
 * defect, and asserts the exact finding (id + subject) prove must report. Cases cover every FM id
 * prove claims, every LINT and QUOTA id, and the defects of the original write-up's Terraform that
 * a plan can express (facts §6.2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccessPlan } from '../../src/plan/types.js';
import { type ProveOptions, prove } from '../../src/prove/prove.js';
import { conditionKey, type Draft, examplePlan, mutate, role, statements } from './helpers.js';

const HUB = '111111111111';
const M = `arn:aws:iam::${HUB}:role/argocd-manager`;
const D = 'arn:aws:iam::222222222222:role/argocd-deployer';
const C = 'cluster2';
const PROVIDER = `arn:aws:iam::${HUB}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/B0A0333CE7C6DE3DC81E6B95F30F28FA`;
const PI_D = 'arn:aws:iam::333333333333:role/argocd-deployer-payments-dev';

interface Case {
  readonly name: string;
  readonly base: 'two-accounts' | 'pod-identity' | 'capability' | 'sharded';
  readonly mutate: (p: Draft) => void;
  readonly id: string;
  readonly subject: string;
  readonly options?: ProveOptions;
  /** Lints and quota warnings may leave the proof standing; defects must break it. */
  readonly breaks?: boolean;
}

const irsaTrust = (p: Draft) => statements(role(p, 'management').trustPolicy)[0]!;
const subKey = (p: Draft) => conditionKey(irsaTrust(p), 'StringEquals', ':sub');
const audKey = (p: Draft) => conditionKey(irsaTrust(p), 'StringEquals', ':aud');
const mgmtPolicy = (p: Draft) => statements(role(p, 'management').inlinePolicies[0]!.document);
const deployerTrust = (p: Draft, id = 'deployer') => statements(role(p, id).trustPolicy);
const entry = (p: Draft) => p.accessEntries[0]!;
const cluster = (p: Draft) => p.clusters[0]!;
const manyArns = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/argocd-deployer-spoke-${i}`,
  );

/**
 * A cross-account-style target-role chain (EKS pod-id-assign-target-role): the associations name a
 * new hub-account association role and `targetRoleArn` the management role, which now trusts the
 * association role (`actions`) instead of the Pod Identity service.
 */
const PI_ASSOC = `arn:aws:iam::${HUB}:role/argocd-pod-identity`;
function targetRoleChain(p: Draft, actions: string[]): void {
  const mgmt = role(p, 'management');
  const assoc = structuredClone(mgmt);
  assoc.id = 'association';
  assoc.name = 'argocd-pod-identity';
  assoc.arn = PI_ASSOC;
  assoc.inlinePolicies = [
    {
      name: 'chain-to-target',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: mgmt.arn }],
      },
    },
  ];
  assoc.managedPolicies = [];
  p.roles.push(assoc);
  mgmt.trustPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: PI_ASSOC }, Action: actions }],
  };
  for (const a of p.podIdentityAssociations) {
    a.roleArn = PI_ASSOC;
    a.targetRoleArn = mgmt.arn;
  }
}
const PI_M = `arn:aws:iam::${HUB}:role/argocd-manager`;

const named = (p: Draft, name: string) => p.clusters.find((c) => c.name === name)!;
const controller = (p: Draft) => p.argocd.controller!;

const cases: Case[] = [
  // ---- identity: IRSA -------------------------------------------------------------------------
  {
    name: 'FM-1.2 argocd-server missing from the :sub list',
    base: 'two-accounts',
    mutate: (p) => {
      const s = irsaTrust(p);
      const key = subKey(p);
      s.Condition!.StringEquals![key] = (s.Condition!.StringEquals![key] as string[]).filter(
        (v) => !v.endsWith(':argocd-server'),
      );
    },
    id: 'FM-1.2',
    subject: 'argocd/argocd-server',
  },
  {
    name: 'FM-1.2 release "argo-cd" derives SA names the trust does not list (write-up §6.2 #8)',
    base: 'two-accounts',
    mutate: (p) => {
      const rename = (n: string) => n.replace(/^argocd-/, 'argo-cd-argocd-');
      for (const sa of p.serviceAccounts) sa.name = rename(sa.name);
      for (const i of p.intended) i.serviceAccount.name = rename(i.serviceAccount.name);
    },
    id: 'FM-1.2',
    subject: 'argocd/argo-cd-argocd-server',
  },
  {
    name: 'FM-1.2 "*" inside StringEquals on :sub',
    base: 'two-accounts',
    mutate: (p) => {
      irsaTrust(p).Condition!.StringEquals![subKey(p)] = 'system:serviceaccount:argocd:*';
    },
    id: 'FM-1.2',
    subject: M,
  },
  {
    name: 'FM-1.3 no OIDC provider for the hub issuer',
    base: 'two-accounts',
    mutate: (p) => {
      p.oidcProviders = [];
      p.oidcProviders.push({
        account: HUB,
        arn: `arn:aws:iam::${HUB}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0LD0000000000000000000000000CAFE`,
        issuerUrl: 'https://oidc.eks.eu-central-1.amazonaws.com/id/0LD0000000000000000000000000CAFE',
        issuerHost: 'oidc.eks.eu-central-1.amazonaws.com/id/0LD0000000000000000000000000CAFE',
        clientIds: ['sts.amazonaws.com'],
        create: false,
      });
    },
    id: 'FM-1.3',
    subject: M,
  },
  {
    name: 'FM-1.3 observed plan without any OIDC issuer or provider',
    base: 'two-accounts',
    mutate: (p) => {
      delete p.hub.oidcIssuer;
      p.oidcProviders = [];
    },
    id: 'FM-1.3',
    subject: M,
  },
  {
    name: 'FM-1.4 trust requires the aws-cn style audience',
    base: 'two-accounts',
    mutate: (p) => {
      irsaTrust(p).Condition!.StringEquals![audKey(p)] = 'sts.amazonaws.com.cn';
    },
    id: 'FM-1.4',
    subject: M,
  },
  {
    name: 'FM-1.4 provider ClientIDList lacks sts.amazonaws.com',
    base: 'two-accounts',
    mutate: (p) => {
      p.oidcProviders[0]!.clientIds = ['sts.amazonaws.com.cn'];
    },
    id: 'FM-1.4',
    subject: PROVIDER,
  },
  {
    name: 'FM-1.5 issuer host typo in the condition keys',
    base: 'two-accounts',
    mutate: (p) => {
      const block = irsaTrust(p).Condition!.StringEquals!;
      for (const k of Object.keys(block)) {
        block[k.replace('oidc.eks.eu-central-1', 'oidc.eu-central-1.eks')] = block[k]!;
        delete block[k];
      }
    },
    id: 'FM-1.5',
    subject: M,
  },
  {
    name: 'FM-1.5 subjects written on :aud',
    base: 'two-accounts',
    mutate: (p) => {
      const block = irsaTrust(p).Condition!.StringEquals!;
      const sub = subKey(p);
      block[audKey(p)] = block[sub]!;
      delete block[sub];
    },
    id: 'FM-1.5',
    subject: M,
  },
  {
    name: 'FM-1.5 provider ARN in the wrong partition',
    base: 'two-accounts',
    mutate: (p) => {
      irsaTrust(p).Principal = { Federated: PROVIDER.replace('arn:aws:', 'arn:aws-cn:') };
    },
    id: 'FM-1.5',
    subject: M,
  },
  {
    name: 'FM-1.6 SA annotation copied with the docs typo "<"',
    base: 'two-accounts',
    mutate: (p) => {
      p.serviceAccounts.find((s) => s.name === 'argocd-server')!.annotations['eks.amazonaws.com/role-arn'] =
        `<${M}`;
    },
    id: 'FM-1.6',
    subject: 'argocd/argocd-server',
  },
  // ---- management role --------------------------------------------------------------------------
  {
    name: 'FM-2.1 permission policy attached to a role that does not exist (write-up §6.2 #1)',
    base: 'two-accounts',
    mutate: (p) => {
      role(p, 'management').inlinePolicies = [];
    },
    id: 'FM-2.1',
    subject: D,
  },
  {
    name: 'FM-2.1 permission policy names the deployer in the hub account',
    base: 'two-accounts',
    mutate: (p) => {
      mgmtPolicy(p)[0]!.Resource = [D.replace('222222222222', HUB)];
    },
    id: 'FM-2.1',
    subject: D,
  },
  {
    name: 'FM-2.2 roleARN is the management role itself, no self-trust',
    base: 'two-accounts',
    mutate: (p) => {
      cluster(p).config.awsAuthConfig!.roleARN = M;
      entry(p).principalArn = M;
    },
    id: 'FM-2.2',
    subject: C,
  },
  {
    name: 'FM-2.3 explicit deny in the management role policy',
    base: 'two-accounts',
    mutate: (p) => {
      mgmtPolicy(p).push({
        Effect: 'Deny',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::222222222222:role/*',
      });
    },
    id: 'FM-2.3',
    subject: M,
  },
  {
    name: 'FM-2.3 SCP in the hub account denies sts:AssumeRole',
    base: 'two-accounts',
    mutate: () => {},
    options: {
      scps: {
        [HUB]: [
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
          { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }] },
        ],
      },
    },
    id: 'FM-2.3',
    subject: M,
  },
  {
    name: 'FM-2.3 permissions boundary (observed plan) denies sts:AssumeRole',
    base: 'two-accounts',
    mutate: (p) => {
      const m = role(p, 'management');
      m.permissionsBoundaryArn = `arn:aws:iam::${HUB}:policy/no-sts`;
      m.permissionsBoundaryPolicy = {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', Action: 'sts:*', Resource: '*' },
        ],
      };
    },
    id: 'FM-2.3',
    subject: M,
  },
  // ---- deployer role -----------------------------------------------------------------------------
  {
    name: 'FM-3.1 deployer trust uses Resource instead of Principal (write-up §6.2 #2)',
    base: 'two-accounts',
    mutate: (p) => {
      const s = deployerTrust(p)[0]!;
      delete s.Principal;
      s.Resource = [M];
    },
    id: 'FM-3.1',
    subject: D,
  },
  {
    name: 'FM-3.1 deployer trust names an assumed-role session',
    base: 'two-accounts',
    mutate: (p) => {
      deployerTrust(p)[0]!.Principal = {
        AWS: `arn:aws:sts::${HUB}:assumed-role/argocd-manager/aws-go-sdk-1`,
      };
    },
    id: 'FM-3.1',
    subject: D,
  },
  {
    name: 'FM-3.1 deployer trust names a stale role',
    base: 'two-accounts',
    mutate: (p) => {
      deployerTrust(p)[0]!.Principal = { AWS: `arn:aws:iam::${HUB}:role/argocd-manager-old` };
    },
    id: 'FM-3.1',
    subject: D,
  },
  {
    name: 'FM-3.3 deployer trust requires sts:ExternalId',
    base: 'two-accounts',
    mutate: (p) => {
      deployerTrust(p)[0]!.Condition = { StringEquals: { 'sts:ExternalId': 'argocd' } };
    },
    id: 'FM-3.3',
    subject: D,
  },
  {
    name: 'FM-3.5 spoke in the aws-cn partition',
    base: 'two-accounts',
    mutate: (p) => {
      entry(p).partition = 'aws-cn';
      entry(p).region = 'cn-north-1';
      cluster(p).region = 'cn-north-1';
    },
    id: 'FM-3.5',
    subject: C,
  },
  // ---- token / access entry ---------------------------------------------------------------------
  {
    name: 'FM-4.1 awsAuthConfig.clusterName is the cluster ARN',
    base: 'two-accounts',
    mutate: (p) => {
      cluster(p).config.awsAuthConfig!.clusterName = 'arn:aws:eks:eu-central-1:222222222222:cluster/cluster2';
    },
    id: 'FM-4.1',
    subject: C,
  },
  {
    name: 'FM-5.2 no access entry on the spoke (the write-up has none)',
    base: 'two-accounts',
    mutate: (p) => {
      p.accessEntries = [];
    },
    id: 'FM-5.2',
    subject: C,
  },
  {
    name: 'FM-5.3 access entry names a session ARN',
    base: 'two-accounts',
    mutate: (p) => {
      entry(p).principalArn = 'arn:aws:sts::222222222222:assumed-role/argocd-deployer/aws-go-sdk-1';
    },
    id: 'FM-5.3',
    subject: C,
  },
  {
    name: 'FM-5.3 access entry ARN with a path the role does not have',
    base: 'two-accounts',
    mutate: (p) => {
      entry(p).principalArn = 'arn:aws:iam::222222222222:role/argocd/argocd-deployer';
    },
    id: 'FM-5.3',
    subject: C,
  },
  {
    name: 'FM-5.5 access entry without policy or groups',
    base: 'two-accounts',
    mutate: (p) => {
      entry(p).accessPolicies = [];
    },
    id: 'FM-5.5',
    subject: C,
  },
  {
    name: 'FM-5.6 namespace-scoped edit while Argo CD watches the whole cluster',
    base: 'two-accounts',
    mutate: (p) => {
      entry(p).accessPolicies = [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
          accessScope: { type: 'namespace', namespaces: ['apps'] },
        },
      ];
    },
    id: 'FM-5.6',
    subject: C,
  },
  // ---- network / Argo CD -------------------------------------------------------------------------
  {
    name: 'FM-6.4 caData base64-encoded twice (write-up §6.2 #4)',
    base: 'two-accounts',
    mutate: (p) => {
      const tls = cluster(p).config.tlsClientConfig;
      tls.caData = Buffer.from(tls.caData!, 'utf8').toString('base64');
    },
    id: 'FM-6.4',
    subject: C,
  },
  {
    name: 'FM-6.3 server with a trailing slash',
    base: 'two-accounts',
    mutate: (p) => {
      cluster(p).server = `${cluster(p).server}/`;
    },
    id: 'FM-6.3',
    subject: C,
  },
  {
    name: 'FM-7.3 list-form clusterCredentials on chart ≥ 7 (write-up §6.2 #3)',
    base: 'two-accounts',
    mutate: (p) => {
      p.argocd.clusterCredentialsForm = 'list';
      p.argocd.chartVersion = '7.8.9';
    },
    id: 'FM-7.3',
    subject: C,
  },
  {
    name: 'FM-7.3 cluster Secret without awsAuthConfig',
    base: 'two-accounts',
    mutate: (p) => {
      delete cluster(p).config.awsAuthConfig;
    },
    id: 'FM-7.3',
    subject: C,
  },
  {
    name: 'FM-7.2 only argocd-server has the identity',
    base: 'two-accounts',
    mutate: (p) => {
      p.intended = p.intended.filter((i) => i.component === 'server');
    },
    id: 'FM-7.2',
    subject: C,
  },
  {
    name: 'FM-7.8 EKS capability cluster registered by URL',
    base: 'capability',
    mutate: (p) => {
      cluster(p).server = 'https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com';
    },
    id: 'FM-7.8',
    subject: 'retail-dev',
  },
  // ---- Pod Identity ------------------------------------------------------------------------------
  {
    name: 'FM-1.10 no Pod Identity association for argocd-server',
    base: 'pod-identity',
    mutate: (p) => {
      p.podIdentityAssociations = p.podIdentityAssociations.filter(
        (a) => a.serviceAccount !== 'argocd-server',
      );
    },
    id: 'FM-1.10',
    subject: 'argocd/argocd-server',
  },
  {
    name: 'FM-1.11 Pod Identity trust without sts:TagSession',
    base: 'pod-identity',
    mutate: (p) => {
      statements(role(p, 'management').trustPolicy)[0]!.Action = 'sts:AssumeRole';
    },
    id: 'FM-1.11',
    subject: M,
  },
  {
    name: 'FM-1.11 Pod Identity tag condition leaves out argocd-server',
    base: 'pod-identity',
    mutate: (p) => {
      const block = statements(role(p, 'management').trustPolicy)[0]!.Condition!.StringEquals!;
      block['aws:RequestTag/kubernetes-service-account'] = [
        'argocd-application-controller',
        'argocd-applicationset-controller',
      ];
    },
    id: 'FM-1.11',
    subject: 'argocd/argocd-server',
  },
  {
    name: 'FM-1.11 association names a role of another account',
    base: 'pod-identity',
    mutate: (p) => {
      p.podIdentityAssociations[0]!.roleArn = PI_D;
    },
    id: 'FM-1.11',
    subject: PI_D,
  },
  {
    name: 'FM-1.12 Pod Identity with Argo CD older than v2.10',
    base: 'pod-identity',
    mutate: (p) => {
      p.argocd.version = 'v2.9.6';
    },
    id: 'FM-1.12',
    subject: 'platform-hub',
  },
  {
    name: 'FM-3.2 deployer trust lacks sts:TagSession (transitive session tags)',
    base: 'pod-identity',
    mutate: (p) => {
      deployerTrust(p, 'deployer/payments-dev')[0]!.Action = 'sts:AssumeRole';
    },
    id: 'FM-3.2',
    subject: PI_D,
  },
  {
    name: 'FM-3.2 management policy lacks sts:TagSession',
    base: 'pod-identity',
    mutate: (p) => {
      mgmtPolicy(p)[0]!.Action = 'sts:AssumeRole';
    },
    id: 'FM-3.2',
    subject: PI_D,
  },
  {
    name: 'FM-1.14 target role trusts the association role without sts:TagSession (tags on, terrapod#1546)',
    base: 'pod-identity',
    mutate: (p) => targetRoleChain(p, ['sts:AssumeRole']),
    id: 'FM-1.14',
    subject: PI_M,
  },
  {
    name: 'FM-1.14 target role does not trust the association role at all',
    base: 'pod-identity',
    mutate: (p) => {
      targetRoleChain(p, ['sts:AssumeRole', 'sts:TagSession']);
      statements(role(p, 'management').trustPolicy)[0]!.Principal = { AWS: `arn:aws:iam::${HUB}:role/other` };
    },
    id: 'FM-1.14',
    subject: PI_M,
  },
  {
    name: 'FM-3.6 long cluster, namespace and service-account names: session tags near the packed-size limit',
    base: 'pod-identity',
    mutate: (p) => {
      const long = `platform-hub-${'x'.repeat(80)}`;
      p.hub.clusterName = long;
      for (const a of p.podIdentityAssociations) a.clusterName = long;
    },
    id: 'FM-3.6',
    subject: 'argocd/argocd-applicationset-controller',
    breaks: false,
  },
  // ---- lints --------------------------------------------------------------------------------------
  {
    name: 'LINT-WILDCARD-PRINCIPAL self-assume statement without its aws:PrincipalArn condition',
    base: 'two-accounts',
    mutate: (p) => {
      statements(role(p, 'management').trustPolicy).push({
        Sid: 'ExplicitSelfRoleAssumption',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
      });
    },
    id: 'LINT-WILDCARD-PRINCIPAL',
    subject: M,
  },
  {
    name: 'LINT-SUB-WILDCARD StringLike on :sub',
    base: 'two-accounts',
    mutate: (p) => {
      const s = irsaTrust(p);
      const sub = subKey(p);
      delete s.Condition!.StringEquals![sub];
      s.Condition!.StringLike = { [sub]: 'system:serviceaccount:argocd:*' };
    },
    id: 'LINT-SUB-WILDCARD',
    subject: M,
  },
  {
    name: 'LINT-MISSING-AUD no :aud condition',
    base: 'two-accounts',
    mutate: (p) => {
      delete irsaTrust(p).Condition!.StringEquals![audKey(p)];
    },
    id: 'LINT-MISSING-AUD',
    subject: M,
    breaks: false,
  },
  {
    name: 'LINT-DEPLOYER-PERMISSIONS deployer with a permission policy',
    base: 'two-accounts',
    mutate: (p) => {
      role(p, 'deployer').inlinePolicies.push({
        name: 'eks-read',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'eks:Describe*', Resource: '*' }],
        },
      });
    },
    id: 'LINT-DEPLOYER-PERMISSIONS',
    subject: D,
    breaks: false,
  },
  {
    name: 'LINT-ASSUME-ANY sts:AssumeRole on "*"',
    base: 'two-accounts',
    mutate: (p) => {
      mgmtPolicy(p)[0]!.Resource = '*';
    },
    id: 'LINT-ASSUME-ANY',
    subject: M,
    breaks: false,
  },
  {
    name: 'LINT-PROD-CLUSTER-ADMIN cluster-admin on a production spoke',
    base: 'two-accounts',
    mutate: (p) => {
      cluster(p).labels.env = 'production';
    },
    id: 'LINT-PROD-CLUSTER-ADMIN',
    subject: C,
    breaks: false,
  },
  {
    name: 'LINT-UNEVALUATED-POLICY an attached managed policy prove cannot read',
    base: 'two-accounts',
    mutate: (p) => {
      role(p, 'management').attachedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
    },
    id: 'LINT-UNEVALUATED-POLICY',
    subject: M,
    breaks: false,
  },
  {
    name: 'LINT-POD-IDENTITY-TRUST-BROAD trust without tag conditions',
    base: 'pod-identity',
    mutate: (p) => {
      delete statements(role(p, 'management').trustPolicy)[0]!.Condition;
    },
    id: 'LINT-POD-IDENTITY-TRUST-BROAD',
    subject: M,
    breaks: false,
  },
  // ---- quotas -------------------------------------------------------------------------------------
  {
    name: 'QUOTA-TRUST-POLICY-SIZE 80 subjects in the trust policy',
    base: 'two-accounts',
    mutate: (p) => {
      const block = irsaTrust(p).Condition!.StringEquals!;
      const key = subKey(p);
      block[key] = [
        ...(block[key] as string[]),
        ...Array.from({ length: 80 }, (_, i) => `system:serviceaccount:team-${i}:worker`),
      ];
    },
    id: 'QUOTA-TRUST-POLICY-SIZE',
    subject: M,
  },
  {
    name: 'QUOTA-INLINE-POLICIES-SIZE 200 deployer ARNs inline',
    base: 'two-accounts',
    mutate: (p) => {
      mgmtPolicy(p)[0]!.Resource = [D, ...manyArns(200)];
    },
    id: 'QUOTA-INLINE-POLICIES-SIZE',
    subject: M,
  },
  {
    name: 'QUOTA-MANAGED-POLICY-SIZE 120 deployer ARNs in one managed policy',
    base: 'two-accounts',
    mutate: (p) => {
      role(p, 'management').managedPolicies.push({
        name: 'assume-more',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: manyArns(120) }],
        },
      });
    },
    id: 'QUOTA-MANAGED-POLICY-SIZE',
    subject: M,
  },
  {
    name: 'QUOTA-MANAGED-POLICIES-PER-ROLE eleven managed policies',
    base: 'two-accounts',
    mutate: (p) => {
      for (let i = 0; i < 11; i++)
        role(p, 'management').managedPolicies.push({
          name: `assume-${i}`,
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: D }],
          },
        });
    },
    id: 'QUOTA-MANAGED-POLICIES-PER-ROLE',
    subject: M,
  },
  {
    name: 'POLICY-INVALID lower-case Effect in the deployer trust',
    base: 'two-accounts',
    mutate: (p) => {
      (deployerTrust(p)[0] as { Effect: string }).Effect = 'allow';
    },
    id: 'POLICY-INVALID',
    subject: D,
  },
  // ---- Argo CD at fleet scale (src/prove/scale-checks.ts) ---------------------------------------
  {
    name: 'ARGOCD-SHARD-OUT-OF-RANGE shard 3 with 3 replicas (cache.go: moved to shard 0)',
    base: 'sharded',
    mutate: (p) => {
      named(p, 'payments-dev').shard = 3;
    },
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    subject: 'payments-dev',
  },
  {
    name: 'ARGOCD-SHARD-OUT-OF-RANGE negative shard: owned by no replica',
    base: 'sharded',
    mutate: (p) => {
      named(p, 'search-dev').shard = -1;
    },
    id: 'ARGOCD-SHARD-OUT-OF-RANGE',
    subject: 'search-dev',
  },
  {
    name: 'ARGOCD-DUPLICATE-SERVER two Secrets with one server (argo-cd#19973)',
    base: 'sharded',
    mutate: (p) => {
      named(p, 'search-dev').server = `${named(p, 'search-prod').server}/`;
    },
    id: 'ARGOCD-DUPLICATE-SERVER',
    subject: 'https://B5C5D8E87D712985A6EE967572BC3C30.gr7.eu-west-1.eks.amazonaws.com',
  },
  {
    name: 'ARGOCD-ROUND-ROBIN-DYNAMIC round-robin + dynamic distribution, a cluster without shard (argo-cd#29476)',
    base: 'sharded',
    mutate: (p) => {
      controller(p).shardingAlgorithm = 'round-robin';
      controller(p).dynamicClusterDistribution = true;
      delete named(p, 'search-dev').shard;
    },
    id: 'ARGOCD-ROUND-ROBIN-DYNAMIC',
    subject: 'application-controller',
    breaks: false,
  },
  {
    name: 'ARGOCD-SHARD-WATCH-BUDGET a namespaced cluster over a tiny watch budget',
    base: 'sharded',
    mutate: (p) => {
      controller(p).watchBudget = 2;
      named(p, 'edge-eu').shard = 0;
      named(p, 'search-prod').shard = 0;
    },
    id: 'ARGOCD-SHARD-WATCH-BUDGET',
    subject: 'shard 0',
    breaks: false,
  },
  {
    name: 'PLAN-STS-RATE the hub account near its STS quota',
    base: 'sharded',
    mutate: (p) => {
      p.argocd.sts!.quotaPerSecond = 0.1;
    },
    id: 'PLAN-STS-RATE',
    subject: M,
    breaks: false,
  },
  {
    name: 'LINT-PROJECT-SCOPED-NAMESPACES AppProject narrower than a scoped cluster without namespaces (argo-cd#28272)',
    base: 'sharded',
    mutate: (p) => {
      for (const d of p.projects!.find((x) => x.name === 'payments')!.destinations) d.namespace = 'payments';
    },
    id: 'LINT-PROJECT-SCOPED-NAMESPACES',
    subject: 'payments-dev',
    breaks: false,
  },
  {
    name: 'PLAN-SHARD-IMBALANCE every cluster on shard 1',
    base: 'sharded',
    mutate: (p) => {
      for (const c of p.clusters) c.shard = 1;
    },
    id: 'PLAN-SHARD-IMBALANCE',
    subject: 'shard 1',
    breaks: false,
  },
  // ---- access policies and the EKS capability (src/prove/capability-checks.ts) --------------------
  {
    name: 'ACCESS-SCOPE-REPLACED cluster scope next to the namespaced edit policy (ACK test-infra #1061)',
    base: 'capability',
    mutate: (p) => {
      const e = p.accessEntries.find((x) => x.cluster === 'retail-prod')!;
      e.accessPolicies.push({ policyArn: e.accessPolicies[0]!.policyArn, accessScope: { type: 'cluster' } });
    },
    id: 'ACCESS-SCOPE-REPLACED',
    subject: 'retail-prod/AmazonEKSEditPolicy',
  },
  {
    name: 'ACCESS-SCOPE-REPLACED one association per namespace (the for_each thrash)',
    base: 'two-accounts',
    mutate: (p) => {
      const e = entry(p);
      const arn = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy';
      e.accessPolicies = [
        { policyArn: arn, accessScope: { type: 'namespace', namespaces: ['a'] } },
        { policyArn: arn, accessScope: { type: 'namespace', namespaces: ['b'] } },
      ];
    },
    id: 'ACCESS-SCOPE-REPLACED',
    subject: `${C}/AmazonEKSEditPolicy`,
  },
  {
    name: 'ACCESS-POLICY-SLR-ONLY AmazonEKSComputeClusterPolicy on the capability role',
    base: 'capability',
    mutate: (p) => {
      p.accessEntries[0]!.accessPolicies.push({
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSComputeClusterPolicy',
        accessScope: { type: 'cluster' },
      });
    },
    id: 'ACCESS-POLICY-SLR-ONLY',
    subject: 'retail-dev/AmazonEKSComputeClusterPolicy',
  },
  {
    name: 'CAPABILITY-GROUP-UNBOUND binding to "eks-access-entry:<ARN>" as the EKS guide writes it',
    base: 'capability',
    mutate: (p) => {
      for (const b of p.capability!.rbac.find((r) => r.cluster === 'retail-prod')!.bindings)
        b.group = `eks-access-entry:${p.accessEntries[0]!.principalArn}`;
    },
    id: 'CAPABILITY-GROUP-UNBOUND',
    subject: 'retail-prod',
  },
  {
    name: 'CAPABILITY-GROUP-UNBOUND the entry lost its group',
    base: 'capability',
    mutate: (p) => {
      p.accessEntries.find((e) => e.cluster === 'retail-prod')!.kubernetesGroups = [];
    },
    id: 'CAPABILITY-GROUP-UNBOUND',
    subject: 'retail-prod',
  },
  {
    name: "CAPABILITY-GROUP-UNBOUND hub RBAC on the capability's auto-created entry, no group added",
    base: 'capability',
    mutate: (p) => {
      const r = p.capability!.rbac.find((x) => x.cluster === 'retail-prod')!;
      p.capability!.rbac.push({
        ...structuredClone(r),
        cluster: 'in-cluster',
        account: p.hub.account,
        region: p.hub.region,
        clusterName: p.hub.clusterName,
        entry: 'auto-created',
      });
    },
    id: 'CAPABILITY-GROUP-UNBOUND',
    subject: 'in-cluster',
  },
  {
    name: 'CAPABILITY-CRD-UPDATE the generated CRD rule dropped from the ClusterRole',
    base: 'capability',
    mutate: (p) => {
      const role = p.capability!.rbac.find((r) => r.cluster === 'retail-prod')!.clusterRoles[0]!;
      role.rules = role.rules.filter((r) => !r.resources.includes('customresourcedefinitions'));
    },
    id: 'CAPABILITY-CRD-UPDATE',
    subject: 'retail-prod',
  },
  {
    name: 'CAPABILITY-CRD-UPDATE AmazonEKSArgoCDClusterPolicy alone, no RBAC (second sync fails forever)',
    base: 'capability',
    mutate: (p) => {
      p.accessEntries.find((e) => e.cluster === 'retail-prod')!.accessPolicies = [
        {
          policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSArgoCDClusterPolicy',
          accessScope: { type: 'cluster' },
        },
      ];
      const r = p.capability!.rbac.find((x) => x.cluster === 'retail-prod')!;
      r.clusterRoles = [];
      r.bindings = [];
    },
    id: 'CAPABILITY-CRD-UPDATE',
    subject: 'retail-prod',
  },
  {
    name: 'CAPABILITY-APPLICATIONS-LIMIT 1,200 Applications on one capability instance',
    base: 'capability',
    mutate: (p) => {
      named(p, 'retail-dev').applications = 1160;
    },
    id: 'CAPABILITY-APPLICATIONS-LIMIT',
    subject: 'argocd-capability-hub',
  },
  {
    name: 'CAPABILITY-SOURCE-NAMESPACES AppProject without spec.sourceNamespaces (awsdocs#1190)',
    base: 'capability',
    mutate: (p) => {
      delete p.projects![0]!.sourceNamespaces;
    },
    id: 'CAPABILITY-SOURCE-NAMESPACES',
    subject: 'retail',
  },
  {
    name: 'CAPABILITY-CM-KEY-IGNORED a key the capability does not honour',
    base: 'capability',
    mutate: (p) => {
      p.capability!.cm['resource.customizations'] = 'argoproj.io/Rollout:\n  health.lua: ""';
    },
    id: 'CAPABILITY-CM-KEY-IGNORED',
    subject: 'resource.customizations',
    breaks: false,
  },
  {
    name: 'CAPABILITY-CM-KEY-IGNORED kustomize.buildOptions flag the capability drops',
    base: 'capability',
    mutate: (p) => {
      p.capability!.cm['kustomize.buildOptions'] = '--enable-helm --load-restrictor LoadRestrictionsNone';
    },
    id: 'CAPABILITY-CM-KEY-IGNORED',
    subject: 'kustomize.buildOptions',
    breaks: false,
  },
  // The matrix's own findings: what no single-policy rule names.
  {
    name: 'PROVE-LEAK deployer trust also admits every principal of the hub account',
    base: 'two-accounts',
    mutate: (p) => {
      deployerTrust(p).push({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${HUB}:root` },
        Action: 'sts:AssumeRole',
      });
    },
    id: 'PROVE-LEAK',
    subject: D,
  },
  {
    name: 'PROVE-UNREACHABLE management role boundary allows only eks:* (an implicit deny nothing else names)',
    base: 'two-accounts',
    mutate: (p) => {
      const m = role(p, 'management');
      m.permissionsBoundaryArn = `arn:aws:iam::${HUB}:policy/eks-only`;
      m.permissionsBoundaryPolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'eks:*', Resource: '*' }],
      };
    },
    id: 'PROVE-UNREACHABLE',
    subject: C,
  },
];

const bases = new Map<string, AccessPlan>();

beforeAll(async () => {
  for (const b of ['two-accounts', 'pod-identity', 'capability', 'sharded'])
    bases.set(b, await examplePlan(b));
});

describe('mutation corpus', () => {
  // Which ids the corpus must cover: test/findings/coverage.test.ts.
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const base = bases.get(c.base)!;
    const result = prove(mutate(base, c.mutate), c.options);
    const ids = result.findings.map((f) => `${f.id} ${f.subject}`);
    expect(ids).toContain(`${c.id} ${c.subject}`);
    if (c.breaks !== false) expect(result.holds).toBe(false);
  });

  it('the unmutated bases carry none of the corpus findings', () => {
    for (const [name, plan] of bases) {
      if (name === 'capability') continue; // a known example defect, see examples.test.ts
      const result = prove(plan);
      const errors = result.findings.filter((f) => f.severity === 'error');
      expect(errors, name).toEqual([]);
    }
  });
});
