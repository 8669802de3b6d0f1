/**
 * Links 2 and 3 — the management role's permission to assume each deployer role, and each
 * deployer role's trust. FM ids: docs/failure-modes.md#link-2 and #link-3.
 */

import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import { partitionOf } from '../../iam/arn.js';
import { conditionEntries, principalValues, statementsOf } from '../../prove/policy-walk.js';
import { boundaryAllows, identityAllows, trustStatementsForRole } from '../../prove/questions.js';
import type { Ctx, SpokeView } from './context.js';

const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

/** Spokes that chain through a distinct deployer role. */
function chained(ctx: Ctx): SpokeView[] {
  return ctx.spokes.filter((s) => s.roleArn && s.roleArn !== ctx.mgmtRoleArn);
}

/** FM-2.1 / FM-2.3 / FM-3.2 (identity side): the management role may not call sts:AssumeRole(/TagSession). */
function managementPermissions(ctx: Ctx): Finding[] {
  const mgmt = ctx.role(ctx.mgmtRoleArn);
  const plan = ctx.rolePlan(ctx.mgmtRoleArn);
  if (!mgmt || !plan) return [];
  const out: Finding[] = [];
  const actions =
    ctx.intent.identity === 'pod-identity' ? ['sts:AssumeRole', 'sts:TagSession'] : ['sts:AssumeRole'];
  for (const spoke of chained(ctx)) {
    const target = spoke.roleArn!;
    for (const action of actions) {
      const d = identityAllows(plan, action, target);
      const ev = {
        source: `policies of ${mgmt.arn}`,
        path: 'inline + attached (default versions)',
        value: [...mgmt.inlinePolicies.map((p) => p.name), ...mgmt.attachedPolicies.map((p) => p.arn)],
      };
      if (d.deniedBy) {
        out.push(
          report('FM-2.3', {
            subject: spoke.name,
            message: `an explicit Deny (${d.deniedBy}) in the management role's policies blocks ${action} on ${target}`,
            evidence: [ev],
            fix: 'remove or narrow the Deny statement',
          }),
        );
      } else if (!d.allowed) {
        const id = action === 'sts:TagSession' ? 'FM-3.2' : 'FM-2.1';
        out.push(
          report(id, {
            subject: spoke.name,
            message: `no policy of the management role allows ${action} on ${target}`,
            evidence: [ev],
            fix: `add {"Effect":"Allow","Action":${JSON.stringify(actions)},"Resource":"${target}"} to the management role`,
          }),
        );
      }
      if (mgmt.permissionsBoundary) {
        const b = mgmt.permissionsBoundary;
        if (!b.document)
          out.push(
            report('FM-2.3', {
              subject: spoke.name,
              message: `the management role has a permissions boundary (${b.arn}) that doctor could not read`,
              evidence: [
                { source: `iam:GetRole ${mgmt.arn}`, path: 'Role.PermissionsBoundary', value: b.arn },
              ],
              fix: 'grant doctor iam:GetPolicy and iam:GetPolicyVersion on the boundary, or check it allows sts:AssumeRole',
              severity: 'warning',
            }),
          );
        else if (boundaryAllows(plan, action, target) === false)
          out.push(
            report('FM-2.3', {
              subject: spoke.name,
              message: `the permissions boundary ${b.arn} does not allow ${action} on ${target}`,
              evidence: [
                { source: `permissions boundary ${b.arn}`, path: 'Statement', value: b.document.Statement },
              ],
              fix: `allow ${action} on ${target} in the boundary`,
            }),
          );
      }
    }
  }
  return out;
}

/** FM-2.2: roleARN is the management role itself → it must trust itself explicitly. */
function selfAssume(ctx: Ctx): Finding[] {
  const mgmt = ctx.rolePlan(ctx.mgmtRoleArn);
  if (!mgmt) return [];
  return ctx.spokes
    .filter((s) => s.roleArn && s.roleArn.toLowerCase() === mgmt.arn.toLowerCase())
    .filter((_) => trustStatementsForRole(mgmt, mgmt.arn, 'sts:AssumeRole').length === 0)
    .map((s) =>
      report('FM-2.2', {
        subject: s.name,
        message: `awsAuthConfig.roleARN is the management role itself, and its trust policy does not allow it to assume itself (argocd-k8s-auth always calls AssumeRole when roleARN is set)`,
        evidence: [
          {
            source: `cluster Secret ${s.secret?.name ?? s.name}`,
            path: 'config.awsAuthConfig.roleARN',
            value: s.roleArn,
          },
          { source: `trust policy of ${mgmt.arn}`, path: 'Statement', value: mgmt.trustPolicy.Statement },
        ],
        fix: 'remove roleARN when the spoke maps the management role directly, or add the ExplicitSelfRoleAssumption statement (aws:PrincipalArn = the role)',
      }),
    );
}

const UNSATISFIABLE =
  /^(sts:externalid|aws:multifactorauthpresent|aws:multifactorauthage|sts:sourceidentity|aws:requesttag\/.+)$/i;

/** FM-3.1 / FM-3.2 / FM-3.3 / FM-3.5: each deployer role's trust and partition. */
function deployerTrust(ctx: Ctx): Finding[] {
  const mgmtArn = ctx.mgmtRoleArn;
  const out: Finding[] = [];
  for (const spoke of chained(ctx)) {
    const arn = spoke.roleArn!;
    const partition = partitionOf(arn);
    if (partition !== ctx.intent.hub.partition) {
      out.push(
        report('FM-3.5', {
          subject: spoke.name,
          message: `the deployer role is in partition ${partition}, the hub in ${ctx.intent.hub.partition}: IAM cannot cross partitions`,
          evidence: [
            {
              source: `cluster Secret ${spoke.secret?.name ?? spoke.name}`,
              path: 'config.awsAuthConfig.roleARN',
              value: arn,
            },
          ],
          fix: 'keep hub and spoke in the same partition (run a separate hub per partition)',
        }),
      );
      continue;
    }
    if (ctx.roleMissing(arn)) {
      out.push(
        report('FM-3.1', {
          subject: spoke.name,
          message: `the deployer role ${arn} does not exist`,
          evidence: [{ source: `iam:GetRole ${arn}`, value: 'NoSuchEntity' }],
          fix: 'create the deployer role (npx fleetlink synth) or fix awsAuthConfig.roleARN',
        }),
      );
      continue;
    }
    const role = ctx.rolePlan(arn);
    if (!role || !mgmtArn) continue;
    const trustEv = {
      source: `trust policy of ${role.arn}`,
      path: 'Statement',
      value: role.trustPolicy.Statement,
    };
    const stale = statementsOf(role.trustPolicy).flatMap(({ statement }) =>
      statement.Principal === '*' ? [] : principalValues(statement, 'AWS').map(String),
    );
    for (const p of stale) {
      if (/^AROA[A-Z0-9]+$/.test(p))
        out.push(
          report('FM-3.1', {
            subject: spoke.name,
            message: `the trust policy names the unique id ${p}: the role it referred to was deleted (recreated roles get a new id)`,
            evidence: [trustEv],
            fix: `replace ${p} with ${mgmtArn} and save the trust policy again`,
          }),
        );
      if (p.includes(':assumed-role/'))
        out.push(
          report('FM-3.1', {
            subject: spoke.name,
            message: `the trust policy names a session ARN ${p}: it never matches future sessions`,
            evidence: [trustEv],
            fix: `trust the role ARN ${mgmtArn} instead`,
          }),
        );
    }
    const via = trustStatementsForRole(role, mgmtArn, 'sts:AssumeRole');
    if (via.length === 0) {
      out.push(
        report('FM-3.1', {
          subject: spoke.name,
          message: `the deployer role's trust policy does not let ${mgmtArn} call sts:AssumeRole`,
          evidence: [trustEv],
          fix: `add {"Effect":"Allow","Principal":{"AWS":"${mgmtArn}"},"Action":${ctx.intent.identity === 'pod-identity' ? '["sts:AssumeRole","sts:TagSession"]' : '"sts:AssumeRole"'}}`,
        }),
      );
      continue;
    }
    if (ctx.intent.identity === 'pod-identity') {
      const tagsDisabled = ctx.hubCluster?.podIdentityAssociations?.some(
        (a) => a.roleArn === mgmtArn && a.disableSessionTags,
      );
      if (!tagsDisabled && trustStatementsForRole(role, mgmtArn, 'sts:TagSession').length === 0)
        out.push(
          report('FM-3.2', {
            subject: spoke.name,
            message:
              'Pod Identity session tags are transitive, but the deployer trust policy does not allow sts:TagSession: "not authorized to perform: sts:TagSession"',
            evidence: [trustEv],
            fix: 'add "sts:TagSession" to the trust statement for the management role (or set disableSessionTags on the association)',
          }),
        );
    }
    for (const { statement, path } of via) {
      for (const c of conditionEntries(statement, path)) {
        const podTag =
          ctx.intent.identity === 'pod-identity' && /^aws:requesttag\/(kubernetes-|eks-)/i.test(c.key);
        if (UNSATISFIABLE.test(c.key) && !podTag)
          out.push(
            report('FM-3.3', {
              subject: spoke.name,
              message: `the trust statement requires ${c.key}, which argocd-k8s-auth never sends (it only passes --cluster-name, --role-arn, --profile)`,
              evidence: [
                {
                  source: `trust policy of ${role.arn}`,
                  path: `Condition.${c.operator}["${c.key}"]`,
                  value: c.values,
                },
              ],
              fix: `remove the ${c.key} condition for the management role`,
            }),
          );
      }
    }
  }
  return out;
}

/** FM-3.5: opt-in spoke regions with v1 global-endpoint tokens in the hub account. */
function globalTokens(ctx: Ctx): Finding[] {
  const version = ctx.hubAccount?.accountSummary?.GlobalEndpointTokenVersion;
  if (version !== 1) return [];
  const regional = ctx.argoPods.every((p) =>
    p.pod.containers.some((c) =>
      c.env.some((e) => e.name === 'AWS_STS_REGIONAL_ENDPOINTS' && e.value === 'regional'),
    ),
  );
  if (regional) return [];
  return ctx.spokes
    .filter((s) => s.region && OPT_IN_REGIONS.has(s.region))
    .map((s) =>
      report('FM-3.5', {
        subject: s.name,
        message: `spoke region ${s.region} is an opt-in region and account ${ctx.intent.hub.account} issues v1 global-endpoint tokens, which opt-in regions reject (InvalidClientTokenId)`,
        evidence: [
          {
            source: `iam:GetAccountSummary ${ctx.intent.hub.account}`,
            path: 'SummaryMap.GlobalEndpointTokenVersion',
            value: version,
          },
        ],
        fix: 'use regional STS (AWS_STS_REGIONAL_ENDPOINTS=regional) or set the global endpoint token version to v2 (iam set-security-token-service-preferences)',
        severity: 'warning',
      }),
    );
}

export function roleRules(ctx: Ctx): Finding[] {
  if (ctx.intent.identity === 'eks-capability') return [];
  return [...managementPermissions(ctx), ...selfAssume(ctx), ...deployerTrust(ctx), ...globalTokens(ctx)];
}
