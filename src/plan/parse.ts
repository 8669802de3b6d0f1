/**
 * Reading an AccessPlan back from JSON (`fleetlink prove --plan plan.json`): the plan may have been
 * written by `fleetlink plan`, edited by hand, or observed from live state by doctor, so it is
 * validated field by field and every problem names its JSON path (`$.roles[1].trustPolicy`).
 * Policy documents are only checked for shape here; src/iam validates their grammar (prove reports
 * an invalid one as a finding, the way IAM would reject it).
 */

import { z } from 'zod';
import { type Problem, UserError } from '../errors.js';
import { isRoleArn } from '../iam/arn.js';
import { type AccessPlan, PLAN_API_VERSION } from './types.js';

const str = z.string();
const nonEmpty = z.string().min(1, 'must not be empty');
const account = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const partition = z.enum(['aws', 'aws-cn', 'aws-us-gov']);
const stringMap = z.record(z.string(), z.string());
const stringOrList = z.union([z.string(), z.array(z.string())]);

const principal = z.union([z.literal('*'), z.record(z.string(), stringOrList)]);
const statement = z.looseObject({
  Sid: str.optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: principal.optional(),
  NotPrincipal: principal.optional(),
  Action: stringOrList.optional(),
  NotAction: stringOrList.optional(),
  Resource: stringOrList.optional(),
  NotResource: stringOrList.optional(),
  Condition: z
    .record(
      z.string(),
      z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.array(z.string())])),
    )
    .optional(),
});
const policyDocument = z.looseObject({
  Version: z.enum(['2012-10-17', '2008-10-17']),
  Id: str.optional(),
  Statement: z.union([statement, z.array(statement)]),
});
const namedPolicy = z.object({ name: nonEmpty, document: policyDocument });

const role = z.looseObject({
  id: nonEmpty,
  kind: z.enum(['management', 'deployer', 'capability', 'association']),
  account,
  partition,
  name: nonEmpty,
  path: str,
  arn: z.string().refine(isRoleArn, 'must be an IAM role ARN'),
  description: str.default(''),
  trustPolicy: policyDocument,
  inlinePolicies: z.array(namedPolicy).default([]),
  managedPolicies: z.array(namedPolicy).default([]),
  attachedPolicyArns: z.array(str).default([]),
  /** Observed plans may carry the documents of attached policies so prove can evaluate them. */
  attachedPolicies: z.array(z.object({ arn: nonEmpty, document: policyDocument })).optional(),
  permissionsBoundaryArn: str.optional(),
  /** Observed plans may carry the boundary's document so prove can evaluate it. */
  permissionsBoundaryPolicy: policyDocument.optional(),
  maxSessionDuration: z.number().int().default(3600),
  tags: stringMap.default({}),
});

const accessScope = z.object({
  type: z.enum(['cluster', 'namespace']),
  namespaces: z.array(str).optional(),
});

const accessEntry = z.object({
  cluster: nonEmpty,
  account,
  region: nonEmpty,
  partition,
  clusterName: nonEmpty,
  principalArn: nonEmpty,
  type: z.literal('STANDARD'),
  kubernetesGroups: z.array(str).default([]),
  accessPolicies: z.array(z.object({ policyArn: nonEmpty, accessScope })).default([]),
});

const clusterRegistration = z.object({
  name: str,
  server: str,
  config: z.looseObject({
    awsAuthConfig: z
      .object({ clusterName: str, roleARN: str.optional(), profile: str.optional() })
      .optional(),
    tlsClientConfig: z.object({ insecure: z.boolean(), caData: str.optional(), serverName: str.optional() }),
  }),
  caSource: z
    .union([
      z.object({ kind: z.literal('ssm'), parameter: nonEmpty }),
      z.object({ kind: z.literal('discover') }),
    ])
    .optional(),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  project: str.optional(),
  namespaces: z.array(str).default([]),
  clusterResources: z.boolean().default(false),
  // Argo CD's shard is any integer (strconv.Atoi); prove reports one out of range.
  shard: z.number().int('must be a whole number').optional(),
  weight: z.number().positive('must be above 0').optional(),
  applications: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
  secretName: str,
  account,
  region: nonEmpty,
  clusterName: nonEmpty,
});

const rbacRule = z.object({
  apiGroups: z.array(str),
  resources: z.array(nonEmpty),
  verbs: z.array(nonEmpty),
  resourceNames: z.array(nonEmpty).optional(),
});
const capabilityRbac = z.object({
  cluster: nonEmpty,
  account,
  region: nonEmpty,
  clusterName: nonEmpty,
  principalArn: nonEmpty,
  entry: z.enum(['fleetlink', 'auto-created']),
  addGroups: z.array(nonEmpty).optional(),
  clusterRoles: z.array(z.object({ name: nonEmpty, rules: z.array(rbacRule) })).default([]),
  bindings: z
    .array(
      z.object({
        kind: z.enum(['ClusterRoleBinding', 'RoleBinding']),
        name: nonEmpty,
        namespace: nonEmpty.optional(),
        clusterRole: nonEmpty,
        group: nonEmpty,
      }),
    )
    .default([]),
  customResourceDefinitions: z.array(nonEmpty).default([]),
  unmirrored: z.array(nonEmpty).optional(),
});

const component = z.enum(['application-controller', 'applicationset-controller', 'server']);

const planSchema = z.looseObject({
  apiVersion: z.literal(PLAN_API_VERSION),
  kind: z.literal('AccessPlan'),
  identity: z.enum(['irsa', 'pod-identity', 'eks-capability']),
  hub: z.object({
    name: str,
    account,
    region: nonEmpty,
    partition,
    clusterName: nonEmpty,
    oidcIssuer: str.optional(),
  }),
  argocd: z.object({
    namespace: nonEmpty,
    releaseName: str,
    chartVersion: str,
    version: str,
    clusterCredentialsForm: z.enum(['map', 'list']),
    workloads: z
      .array(z.object({ component, kind: z.enum(['StatefulSet', 'Deployment']), name: nonEmpty }))
      .default([]),
    controller: z
      .object({
        replicas: z.number().int('must be a whole number').min(1, 'must be at least 1'),
        shardingAlgorithm: z.enum(['legacy', 'round-robin', 'consistent-hashing']),
        dynamicClusterDistribution: z.boolean().default(false),
        maxIdleConnections: z.number().int().positive().optional(),
        watchBudget: z.number().int().positive().default(500),
      })
      .optional(),
    shards: z
      .array(
        z.object({
          shard: z.number().int(),
          clusters: z.array(str),
          weight: z.number(),
          watches: z.number(),
        }),
      )
      .optional(),
    sts: z
      .object({
        components: z.number(),
        clusters: z.number(),
        callsPerRun: z.number(),
        tokenRefreshSeconds: z.number(),
        steadyPerSecond: z.number(),
        quotaPerSecond: z.number(),
      })
      .optional(),
  }),
  roles: z.array(role),
  oidcProviders: z
    .array(
      z.object({
        account,
        arn: nonEmpty,
        issuerUrl: str,
        issuerHost: nonEmpty,
        clientIds: z.array(str),
        create: z.boolean().default(false),
      }),
    )
    .default([]),
  podIdentityAssociations: z
    .array(
      z.object({
        account,
        region: nonEmpty,
        clusterName: nonEmpty,
        namespace: nonEmpty,
        serviceAccount: nonEmpty,
        roleArn: nonEmpty,
      }),
    )
    .default([]),
  accessEntries: z.array(accessEntry).default([]),
  serviceAccounts: z
    .array(
      z.object({
        component,
        namespace: nonEmpty,
        name: nonEmpty,
        annotations: stringMap.default({}),
        valuesKey: z.enum(['controller', 'applicationSet', 'server']),
      }),
    )
    .default([]),
  clusters: z.array(clusterRegistration),
  projects: z
    .array(
      z.object({
        name: nonEmpty,
        destinations: z.array(z.object({ server: nonEmpty, namespace: nonEmpty })),
        permitOnlyProjectScopedClusters: z.boolean().default(false),
        sourceNamespaces: z.array(nonEmpty).optional(),
      }),
    )
    .optional(),
  capability: z
    .object({
      kubernetesGroup: nonEmpty,
      cm: stringMap.default({}),
      rbac: z.array(capabilityRbac).default([]),
    })
    .optional(),
  intended: z
    .array(
      z.object({
        serviceAccount: z.object({ namespace: nonEmpty, name: nonEmpty }),
        component,
        cluster: nonEmpty,
        roles: z.array(nonEmpty).min(1, 'must name at least one role'),
      }),
    )
    .default([]),
  organization: z
    .object({
      id: str,
      organizationalUnits: z.array(str),
      regions: z.array(str),
      delegatedAdmin: z.boolean(),
    })
    .optional(),
  tags: stringMap.default({}),
  warnings: z.array(z.any()).default([]),
});

/** `['roles', 1, 'trustPolicy']` → `$.roles[1].trustPolicy`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

/** The 1-based line/column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return { line, column: offset - last };
}

/**
 * Offset of the first JSON syntax error (V8's message does not always carry a position).
 * A small recursive-descent scan of RFC 8259 grammar; returns undefined if none is found.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0].length === 0) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (at) {
    return typeof at === 'number' ? at : undefined;
  }
}

/**
 * Parses and validates AccessPlan JSON. Throws UserError (exit 1) listing every problem with its
 * JSON path (and line/column for syntax errors).
 */
export function parseAccessPlan(text: string, file: string): AccessPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'syntax error';
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : syntaxErrorOffset(text);
    const loc = offset !== undefined ? position(text, offset) : undefined;
    throw new UserError(`${file} is not valid JSON`, {
      problems: [{ location: { file, ...(loc ?? {}) }, message: `invalid JSON: ${message}` }],
    });
  }
  const parsed = planSchema.safeParse(raw);
  if (parsed.success) return parsed.data as unknown as AccessPlan;
  const problems: Problem[] = parsed.error.issues.slice(0, 50).map((issue) => {
    const path = jsonPath(issue.path);
    return { location: { file }, path, message: `${path}: ${issue.message}` };
  });
  throw new UserError(
    `${file} is not a valid AccessPlan (${parsed.error.issues.length} problem${parsed.error.issues.length === 1 ? '' : 's'})`,
    {
      problems,
    },
  );
}
