/**
 * A fake AWS for the collector tests: aws-sdk-client-mock handlers that answer from a "world"
 * built from a Snapshot, in the exact response shapes of the EKS and IAM service models
 * (GetRole's AssumeRolePolicyDocument URL-encoded, DescribeCluster's nested accessConfig,
 * resourcesVpcConfig, identity.oidc.issuer, certificateAuthority.data, Date timestamps …).
 * The calling account is read from the client's (test-only) credentials.
 */
import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListPodIdentityAssociationsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eks';
import {
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { AccountSnapshot, Snapshot } from '../../../src/doctor/snapshot.js';

export type Fault =
  | { kind: 'throttle'; times: number }
  | { kind: '5xx'; times: number }
  | { kind: 'hang' }
  | { kind: 'deny' };

export interface FakeOptions {
  /** Simulated latency per call. */
  latencyMs?: number;
  /** `${account}:${CommandName}` or `${account}:*` → fault. */
  faults?: Record<string, Fault>;
  /** Throttle (ThrottlingException) any call beyond this many in flight for one account. */
  inFlightCap?: number;
}

/** Test credentials whose access key id names the account (never real keys). */
export function testCredentials(account: string) {
  return async () => ({ accessKeyId: `test-${account}`, secretAccessKey: 'test-secret' });
}

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
const date = (s: string | undefined) => (s ? new Date(s) : undefined);

async function accountOf(getClient: () => { config: { credentials: unknown } }): Promise<string> {
  const provider = getClient().config.credentials as () => Promise<{ accessKeyId: string }>;
  return (await provider()).accessKeyId.replace(/^test-/, '');
}

function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
    $metadata: { httpStatusCode: 400 },
  });
}
function serverError(): Error {
  return Object.assign(new Error('We encountered an internal error. Please try again.'), {
    name: 'ServiceUnavailable',
    $metadata: { httpStatusCode: 503 },
  });
}

export interface FakeAws {
  readonly calls: Map<string, number>;
  /** Every call answered or failed, in order: account, command name (`GetRole`), input. */
  readonly log: { account: string; name: string; input: Record<string, string> }[];
  /** Calls answered with a throttling error by `inFlightCap`. */
  readonly capThrottles: () => number;
  total(): number;
  restore(): void;
}

export function installFakeAws(snapshot: Snapshot, opts: FakeOptions = {}): FakeAws {
  const accounts = new Map<string, AccountSnapshot>(snapshot.accounts.map((a) => [a.account, a]));
  const eks = mockClient(EKSClient);
  const iam = mockClient(IAMClient);
  const calls = new Map<string, number>();
  const log: FakeAws['log'] = [];
  const faultCount = new Map<string, number>();
  const inFlight = new Map<string, number>();
  let capThrottles = 0;

  const handle =
    <T>(name: string, fn: (a: AccountSnapshot, input: Record<string, string>) => T) =>
    async (input: Record<string, string>, getClient: () => unknown) => {
      const account = await accountOf(getClient as () => { config: { credentials: unknown } });
      const key = `${account}:${name}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      log.push({ account, name, input });
      const now = (inFlight.get(account) ?? 0) + 1;
      inFlight.set(account, now);
      try {
        if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
        else await new Promise((r) => setImmediate(r));
      } finally {
        inFlight.set(account, (inFlight.get(account) ?? 1) - 1);
      }
      if (opts.inFlightCap !== undefined && now > opts.inFlightCap) {
        capThrottles++;
        throw throttling();
      }
      const fault = opts.faults?.[key] ?? opts.faults?.[`${account}:*`];
      if (fault) {
        const n = (faultCount.get(key) ?? 0) + 1;
        faultCount.set(key, n);
        if (fault.kind === 'hang') return new Promise(() => {});
        if (fault.kind === 'deny')
          throw Object.assign(new Error(`User is not authorized to perform: ${name}`), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 403 },
          });
        if (n <= fault.times) throw fault.kind === 'throttle' ? throttling() : serverError();
      }
      const a = accounts.get(account);
      if (!a)
        throw Object.assign(new Error('The security token included in the request is invalid.'), {
          name: 'UnrecognizedClientException',
        });
      return fn(a, input);
    };

  const cluster = (a: AccountSnapshot, name: string) => {
    const c = a.clusters.find((x) => x.name === name);
    if (!c)
      throw new ResourceNotFoundException({ message: `No cluster found for name: ${name}.`, $metadata: {} });
    return c;
  };
  const role = (a: AccountSnapshot, name: string) => {
    const r = a.roles.find((x) => x.roleName === name);
    if (!r)
      throw new NoSuchEntityException({
        message: `The role with name ${name} cannot be found.`,
        $metadata: {},
      });
    return r;
  };
  const policy = (a: AccountSnapshot, arn: string) => {
    const p = a.roles
      .flatMap((r) => [...r.attachedPolicies, ...(r.permissionsBoundary ? [r.permissionsBoundary] : [])])
      .find((x) => x.arn === arn);
    if (!p)
      throw new NoSuchEntityException({
        message: `Policy ${arn} does not exist or is not attachable.`,
        $metadata: {},
      });
    return p;
  };

  eks.on(DescribeClusterCommand).callsFake(
    handle('DescribeCluster', (a, i) => {
      const c = cluster(a, i.name!);
      return {
        cluster: {
          name: c.name,
          arn: c.arn,
          version: c.version,
          endpoint: c.endpoint,
          roleArn: `arn:aws:iam::${a.account}:role/eks-cluster`,
          resourcesVpcConfig: {
            subnetIds: ['subnet-0a1b2c3d'],
            securityGroupIds: [],
            clusterSecurityGroupId: 'sg-0123456789abcdef0',
            vpcId: 'vpc-0123456789abcdef0',
            endpointPublicAccess: c.endpointPublicAccess,
            endpointPrivateAccess: c.endpointPrivateAccess,
            publicAccessCidrs: c.publicAccessCidrs,
          },
          identity: c.oidcIssuer ? { oidc: { issuer: c.oidcIssuer } } : undefined,
          status: c.status,
          certificateAuthority: { data: c.certificateAuthorityData },
          platformVersion: c.platformVersion,
          accessConfig: {
            bootstrapClusterCreatorAdminPermissions: false,
            authenticationMode: c.authenticationMode,
          },
          createdAt: new Date('2025-12-01T00:00:00Z'),
        },
      };
    }),
  );
  eks.on(ListAccessEntriesCommand).callsFake(
    handle('ListAccessEntries', (a, i) => ({
      accessEntries: [
        ...(cluster(a, i.clusterName!).accessEntries ?? []).map((e) => e.principalArn),
        `arn:aws:iam::${a.account}:role/eks-node-role`,
      ],
    })),
  );
  eks.on(DescribeAccessEntryCommand).callsFake(
    handle('DescribeAccessEntry', (a, i) => {
      const c = cluster(a, i.clusterName!);
      const e = c.accessEntries?.find((x) => x.principalArn === i.principalArn);
      if (!e)
        throw new ResourceNotFoundException({
          message: 'The specified access entry resource is not found.',
          $metadata: {},
        });
      return {
        accessEntry: {
          clusterName: c.name,
          principalArn: e.principalArn,
          kubernetesGroups: e.kubernetesGroups,
          accessEntryArn: `arn:aws:eks:${c.region}:${a.account}:access-entry/${c.name}/role/${a.account}/x/0`,
          createdAt: date(e.createdAt),
          modifiedAt: date(e.modifiedAt),
          tags: {},
          username: e.username,
          type: e.type,
        },
      };
    }),
  );
  eks.on(ListAssociatedAccessPoliciesCommand).callsFake(
    handle('ListAssociatedAccessPolicies', (a, i) => {
      const c = cluster(a, i.clusterName!);
      const e = c.accessEntries?.find((x) => x.principalArn === i.principalArn);
      return {
        clusterName: c.name,
        principalArn: i.principalArn,
        associatedAccessPolicies: (e?.accessPolicies ?? []).map((p) => ({
          policyArn: p.policyArn,
          accessScope: { type: p.accessScope.type, namespaces: p.accessScope.namespaces ?? [] },
          associatedAt: date(p.associatedAt),
          modifiedAt: date(p.modifiedAt ?? p.associatedAt),
        })),
      };
    }),
  );
  eks.on(ListPodIdentityAssociationsCommand).callsFake(
    handle('ListPodIdentityAssociations', (a, i) => ({
      associations: (cluster(a, i.clusterName!).podIdentityAssociations ?? []).map((p) => ({
        clusterName: i.clusterName,
        namespace: p.namespace,
        serviceAccount: p.serviceAccount,
        associationArn: `arn:aws:eks:eu-west-1:${a.account}:podidentityassociation/${i.clusterName}/${p.associationId}`,
        associationId: p.associationId,
      })),
    })),
  );
  eks.on(DescribePodIdentityAssociationCommand).callsFake(
    handle('DescribePodIdentityAssociation', (a, i) => {
      const p = cluster(a, i.clusterName!).podIdentityAssociations?.find(
        (x) => x.associationId === i.associationId,
      );
      if (!p) throw new ResourceNotFoundException({ message: 'association not found', $metadata: {} });
      return {
        association: {
          clusterName: i.clusterName,
          namespace: p.namespace,
          serviceAccount: p.serviceAccount,
          roleArn: p.roleArn,
          associationId: p.associationId,
          createdAt: date(p.createdAt),
          modifiedAt: date(p.modifiedAt),
          disableSessionTags: p.disableSessionTags ?? false,
        },
      };
    }),
  );
  iam.on(GetRoleCommand).callsFake(
    handle('GetRole', (a, i) => {
      const r = role(a, i.RoleName!);
      return {
        Role: {
          Path: r.path,
          RoleName: r.roleName,
          RoleId: r.roleId,
          Arn: r.arn,
          CreateDate: new Date(r.createDate),
          AssumeRolePolicyDocument: enc(r.trustPolicy),
          MaxSessionDuration: r.maxSessionDuration,
          PermissionsBoundary: r.permissionsBoundary
            ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary.arn }
            : undefined,
          RoleLastUsed: {},
        },
      };
    }),
  );
  iam.on(ListRolePoliciesCommand).callsFake(
    handle('ListRolePolicies', (a, i) => ({
      PolicyNames: role(a, i.RoleName!).inlinePolicies.map((p) => p.name),
      IsTruncated: false,
    })),
  );
  iam.on(GetRolePolicyCommand).callsFake(
    handle('GetRolePolicy', (a, i) => {
      const p = role(a, i.RoleName!).inlinePolicies.find((x) => x.name === i.PolicyName);
      if (!p) throw new NoSuchEntityException({ message: 'policy not found', $metadata: {} });
      return { RoleName: i.RoleName, PolicyName: p.name, PolicyDocument: enc(p.document) };
    }),
  );
  iam.on(ListAttachedRolePoliciesCommand).callsFake(
    handle('ListAttachedRolePolicies', (a, i) => ({
      AttachedPolicies: role(a, i.RoleName!).attachedPolicies.map((p) => ({
        PolicyName: p.name,
        PolicyArn: p.arn,
      })),
      IsTruncated: false,
    })),
  );
  iam.on(GetPolicyCommand).callsFake(
    handle('GetPolicy', (a, i) => {
      const p = policy(a, i.PolicyArn!);
      return {
        Policy: {
          PolicyName: p.name ?? p.arn.split('/').pop(),
          Arn: p.arn,
          DefaultVersionId: p.defaultVersionId ?? 'v1',
          AttachmentCount: 1,
          IsAttachable: true,
        },
      };
    }),
  );
  iam.on(GetPolicyVersionCommand).callsFake(
    handle('GetPolicyVersion', (a, i) => {
      const p = policy(a, i.PolicyArn!);
      return {
        PolicyVersion: {
          Document: enc(p.document),
          VersionId: i.VersionId,
          IsDefaultVersion: true,
          CreateDate: new Date('2026-01-01T00:00:00Z'),
        },
      };
    }),
  );
  iam.on(ListOpenIDConnectProvidersCommand).callsFake(
    handle('ListOpenIDConnectProviders', (a) => ({
      OpenIDConnectProviderList: (a.oidcProviders ?? []).map((p) => ({ Arn: p.arn })),
    })),
  );
  iam.on(GetOpenIDConnectProviderCommand).callsFake(
    handle('GetOpenIDConnectProvider', (a, i) => {
      const p = a.oidcProviders?.find((x) => x.arn === i.OpenIDConnectProviderArn);
      if (!p) throw new NoSuchEntityException({ message: 'provider not found', $metadata: {} });
      return {
        Url: p.url,
        ClientIDList: p.clientIds,
        ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
        CreateDate: new Date('2026-01-01T00:00:00Z'),
        Tags: [],
      };
    }),
  );
  iam
    .on(GetAccountSummaryCommand)
    .callsFake(handle('GetAccountSummary', (a) => ({ SummaryMap: a.accountSummary ?? { Roles: 10 } })));

  return {
    calls,
    log,
    capThrottles: () => capThrottles,
    total: () => [...calls.values()].reduce((x, y) => x + y, 0),
    restore: () => {
      eks.restore();
      iam.restore();
    },
  };
}
