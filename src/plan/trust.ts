/**
 * Trust policies of the chain's roles. Each builder returns exactly what the hop needs and
 * nothing more (least privilege): no `Principal: "*"`, no conditions the caller cannot meet.
 */
import type { Partition } from '../fleet/types.js';
import { clusterArn } from './arn.js';
import type { PolicyDocument } from './types.js';

/** IRSA's projected token audience. The same in every partition, aws-cn included (FM-1.4). */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

export function subjects(namespace: string, serviceAccounts: readonly string[]): string[] {
  return [...new Set(serviceAccounts)].sort().map((sa) => `system:serviceaccount:${namespace}:${sa}`);
}

/**
 * Management role, IRSA: the hub's OIDC provider may assume it with web identity, for exactly the
 * configured service accounts (`:sub`) and the STS audience (`:aud`). Shape of Argo CD's docs
 * (operator-manual/declarative-setup.md, "EKS", management role trust policy), minus the
 * `ExplicitSelfRoleAssumption` statement: it is only needed when a cluster's `roleARN` is the
 * management role itself (FM-2.2), which a plan never produces — every spoke gets a deployer role.
 * `StringEquals`, never `StringLike`: the subjects are exact names (FM-1.2).
 */
export function irsaTrust(
  providerArn: string,
  issuerHost: string,
  namespace: string,
  sas: readonly string[],
): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ArgoCdServiceAccounts',
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${issuerHost}:sub`]: subjects(namespace, sas),
            [`${issuerHost}:aud`]: IRSA_AUDIENCE,
          },
        },
      },
    ],
  };
}

/**
 * Management role, EKS Pod Identity: the `pods.eks.amazonaws.com` service with `sts:AssumeRole` and
 * `sts:TagSession` (EKS User Guide, pod-id-role), restricted by the session tags Pod Identity sets
 * (pod-id-abac, "List of session tags added by EKS Pod Identity") to the hub cluster, the Argo CD
 * namespace and the configured service accounts.
 * We do not add `aws:SourceAccount`: the EKS docs do not list it among the keys Pod Identity
 * supplies, and `StringEquals` on an absent key denies — the `eks-cluster-arn` tag already pins the
 * hub account and cluster.
 */
export function podIdentityTrust(
  partition: Partition,
  hub: { readonly account: string; readonly region: string; readonly clusterName: string },
  namespace: string,
  sas: readonly string[],
  sessionTags = true,
): PolicyDocument {
  // With disableSessionTags EKS sends no tags, so `aws:RequestTag/*` conditions could never hold
  // (FM-1.11): the trust is then the plain service trust of the EKS User Guide (pod-id-role), and
  // only who may iam:PassRole the role into an association in this account limits its use.
  if (!sessionTags)
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ArgoCdPodIdentity',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ArgoCdPodIdentity',
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': clusterArn(partition, hub.region, hub.account, hub.clusterName),
            'aws:RequestTag/kubernetes-namespace': [namespace],
            'aws:RequestTag/kubernetes-service-account': [...new Set(sas)].sort(),
          },
        },
      },
    ],
  };
}

/**
 * The EKS Argo CD capability role: trusted by `capabilities.eks.amazonaws.com` with
 * `sts:AssumeRole` + `sts:TagSession` (EKS User Guide, "Amazon EKS capability IAM role").
 */
export function capabilityTrust(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EksCapability',
        Effect: 'Allow',
        Principal: { Service: 'capabilities.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ],
  };
}

/**
 * Deployer role: trusts only the management role ARN (Argo CD docs, "Cluster Role Trust Policies").
 * Pod Identity session tags are transitive, so the chained AssumeRole also needs `sts:TagSession`
 * (FM-3.2). No conditions: argocd-k8s-auth sends no ExternalId, MFA or SourceIdentity (FM-3.3).
 */
export function deployerTrust(managementRoleArn: string, podIdentity: boolean): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ArgoCdManagementRole',
        Effect: 'Allow',
        Principal: { AWS: managementRoleArn },
        Action: podIdentity ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole',
      },
    ],
  };
}
