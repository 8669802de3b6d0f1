/**
 * Drift: the fleet's plan against the plan observed from live state. Pure.
 * Ids (Fleetlink's own, documented in the README):
 *   DRIFT-MISSING   something the fleet plans does not exist (error)
 *   DRIFT-CHANGED   it exists but differs: trust policy, inline policies, access policies,
 *                   cluster Secret fields, service-account annotation (warning)
 *   DRIFT-EXTRA     a Fleetlink role holds access the fleet does not plan, or a cluster Secret
 *                   the fleet does not know (warning)
 * Only what the snapshot actually collected is compared: "not collected" is never "missing".
 */
import { report } from '../findings/registry.js';
import type { Finding } from '../findings.js';
import type { AccessEntryPlan, AccessPlan, PolicyDocument } from '../plan/types.js';
import type { Snapshot } from './snapshot.js';

/** Order-insensitive canonical JSON of a policy: single values become arrays, arrays are sorted. */
export function canonical(value: unknown): string {
  const norm = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v))
      return v.map((x) => norm(x)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => k !== 'Sid')
          .sort()
          .map((k) => [k, norm(o[k], k)]),
      );
    }
    if (
      typeof v === 'string' &&
      key &&
      ['Action', 'Resource', 'Statement', 'AWS', 'Service', 'Federated'].includes(key)
    )
      return [v];
    return v;
  };
  return JSON.stringify(norm(value));
}

function sameDoc(a: PolicyDocument, b: PolicyDocument): boolean {
  return canonical(a) === canonical(b);
}

function drift(
  id: 'DRIFT-MISSING' | 'DRIFT-CHANGED' | 'DRIFT-EXTRA',
  subject: string,
  message: string,
  evidence: Finding['evidence'],
  fix: string,
): Finding {
  return report(id, { subject, message, evidence, fix });
}

const APPLY = 'redeploy the fleet (npx fleetlink synth + deploy) or update the fleet file to match';

function roleDrift(plan: AccessPlan, observed: AccessPlan, snap: Snapshot): Finding[] {
  const out: Finding[] = [];
  for (const want of plan.roles) {
    const got = observed.roles.find((r) => r.arn.toLowerCase() === want.arn.toLowerCase());
    if (!got) {
      const missing = snap.accounts.some((a) =>
        a.notFound.some((n) => n.kind === 'role' && n.id.toLowerCase() === want.arn.toLowerCase()),
      );
      if (missing)
        out.push(
          drift(
            'DRIFT-MISSING',
            want.arn,
            `role ${want.arn} (${want.id}) does not exist`,
            [{ source: `iam:GetRole ${want.arn}`, value: 'NoSuchEntity' }],
            APPLY,
          ),
        );
      continue;
    }
    if (!sameDoc(want.trustPolicy, got.trustPolicy))
      out.push(
        drift(
          'DRIFT-CHANGED',
          want.arn,
          `the trust policy of ${want.arn} differs from the plan`,
          [
            { source: `trust policy of ${want.arn}`, path: 'observed', value: got.trustPolicy },
            { source: 'fleet plan', path: `roles[${want.id}].trustPolicy`, value: want.trustPolicy },
          ],
          APPLY,
        ),
      );
    const planned = [...want.inlinePolicies, ...want.managedPolicies];
    const live = [...got.inlinePolicies, ...got.managedPolicies];
    const plannedStatements = canonical(planned.flatMap((p) => [p.document.Statement].flat()));
    const liveStatements = canonical(live.flatMap((p) => [p.document.Statement].flat()));
    if (plannedStatements !== liveStatements)
      out.push(
        drift(
          'DRIFT-CHANGED',
          want.arn,
          `the permission policies of ${want.arn} differ from the plan`,
          [
            { source: `policies of ${want.arn}`, path: 'observed', value: live.map((p) => p.name) },
            { source: 'fleet plan', path: `roles[${want.id}]`, value: planned.map((p) => p.name) },
          ],
          APPLY,
        ),
      );
    if ((want.permissionsBoundaryArn ?? null) !== (got.permissionsBoundaryArn ?? null))
      out.push(
        drift(
          'DRIFT-CHANGED',
          want.arn,
          `the permissions boundary of ${want.arn} is ${got.permissionsBoundaryArn ?? 'none'}, the plan says ${want.permissionsBoundaryArn ?? 'none'}`,
          [
            {
              source: `iam:GetRole ${want.arn}`,
              path: 'Role.PermissionsBoundary',
              value: got.permissionsBoundaryArn ?? null,
            },
          ],
          APPLY,
        ),
      );
  }
  return out;
}

function entryKey(e: AccessEntryPlan): string {
  return `${e.clusterName}|${e.principalArn.toLowerCase()}`;
}

function accessDrift(plan: AccessPlan, observed: AccessPlan, snap: Snapshot): Finding[] {
  const out: Finding[] = [];
  const collected = new Set(
    snap.accounts.flatMap((a) => a.clusters.filter((c) => c.accessEntries !== undefined).map((c) => c.name)),
  );
  const live = new Map(observed.accessEntries.map((e) => [entryKey(e), e]));
  for (const want of plan.accessEntries) {
    if (!collected.has(want.clusterName)) continue;
    const got = live.get(entryKey(want));
    if (!got) {
      out.push(
        drift(
          'DRIFT-MISSING',
          want.cluster,
          `no access entry for ${want.principalArn} on ${want.clusterName}`,
          [
            {
              source: `eks:ListAccessEntries ${want.clusterName}`,
              value: observed.accessEntries
                .filter((e) => e.clusterName === want.clusterName)
                .map((e) => e.principalArn),
            },
          ],
          APPLY,
        ),
      );
      continue;
    }
    if (
      canonical(want.accessPolicies) !== canonical(got.accessPolicies) ||
      canonical(want.kubernetesGroups) !== canonical(got.kubernetesGroups)
    )
      out.push(
        drift(
          'DRIFT-CHANGED',
          want.cluster,
          `the access of ${want.principalArn} on ${want.clusterName} differs from the plan`,
          [
            {
              source: `eks:ListAssociatedAccessPolicies ${want.clusterName}`,
              path: 'observed',
              value: { policies: got.accessPolicies, groups: got.kubernetesGroups },
            },
            {
              source: 'fleet plan',
              path: 'planned',
              value: { policies: want.accessPolicies, groups: want.kubernetesGroups },
            },
          ],
          APPLY,
        ),
      );
  }
  const ours = new Set(plan.roles.map((r) => r.arn.toLowerCase()));
  const planned = new Set(plan.accessEntries.map(entryKey));
  for (const got of observed.accessEntries) {
    if (ours.has(got.principalArn.toLowerCase()) && !planned.has(entryKey(got)))
      out.push(
        drift(
          'DRIFT-EXTRA',
          got.cluster,
          `${got.principalArn} has an access entry on ${got.clusterName} the fleet does not plan`,
          [{ source: `eks:ListAccessEntries ${got.clusterName}`, value: got.principalArn }],
          'delete the entry or add it to the fleet',
        ),
      );
  }
  return out;
}

function registrationDrift(plan: AccessPlan, observed: AccessPlan, snap: Snapshot): Finding[] {
  if (snap.hub.clusterSecrets === undefined) return [];
  const out: Finding[] = [];
  for (const want of plan.clusters) {
    const got = observed.clusters.find((c) => c.name === want.name);
    if (!got) {
      out.push(
        drift(
          'DRIFT-MISSING',
          want.name,
          `no cluster Secret for ${want.name}`,
          [{ source: `Secrets in ${plan.argocd.namespace}`, value: observed.clusters.map((c) => c.name) }],
          APPLY,
        ),
      );
      continue;
    }
    const fields: [string, unknown, unknown][] = [
      ['server', want.server, got.server],
      [
        'config.awsAuthConfig.clusterName',
        want.config.awsAuthConfig?.clusterName,
        got.config.awsAuthConfig?.clusterName,
      ],
      ['config.awsAuthConfig.roleARN', want.config.awsAuthConfig?.roleARN, got.config.awsAuthConfig?.roleARN],
      [
        'config.tlsClientConfig.insecure',
        want.config.tlsClientConfig.insecure,
        got.config.tlsClientConfig.insecure,
      ],
      ['namespaces', want.namespaces.join(','), got.namespaces.join(',')],
      ['project', want.project, got.project],
    ];
    if (want.config.tlsClientConfig.caData !== undefined)
      fields.push([
        'config.tlsClientConfig.caData',
        want.config.tlsClientConfig.caData,
        got.config.tlsClientConfig.caData,
      ]);
    for (const [path, w, g] of fields)
      if ((w ?? '') !== (g ?? ''))
        out.push(
          drift(
            'DRIFT-CHANGED',
            want.name,
            `cluster Secret ${got.secretName}: ${path} is ${JSON.stringify(g ?? null)}, the plan says ${JSON.stringify(w ?? null)}`,
            [
              {
                source: `Secret ${plan.argocd.namespace}/${got.secretName}`,
                path,
                value: path.endsWith('caData') ? '(differs)' : (g ?? null),
              },
            ],
            APPLY,
          ),
        );
  }
  for (const got of observed.clusters)
    if (!plan.clusters.some((c) => c.name === got.name))
      out.push(
        drift(
          'DRIFT-EXTRA',
          got.name,
          `cluster Secret ${got.secretName} (${got.name}) is not in the fleet`,
          [
            {
              source: `Secret ${plan.argocd.namespace}/${got.secretName}`,
              path: 'server',
              value: got.server,
            },
          ],
          'add the spoke to the fleet or delete the Secret',
        ),
      );
  return out;
}

function identityDrift(plan: AccessPlan, observed: AccessPlan, snap: Snapshot): Finding[] {
  const out: Finding[] = [];
  if (snap.hub.serviceAccounts !== undefined) {
    for (const want of plan.serviceAccounts) {
      const got = observed.serviceAccounts.find(
        (s) => s.name === want.name && s.namespace === want.namespace,
      );
      for (const [k, v] of Object.entries(want.annotations))
        if (got?.annotations[k] !== v)
          out.push(
            drift(
              got ? 'DRIFT-CHANGED' : 'DRIFT-MISSING',
              `${want.namespace}/${want.name}`,
              got
                ? `service account ${want.name}: annotation ${k} is ${JSON.stringify(got.annotations[k] ?? null)}, the plan says ${v}`
                : `service account ${want.namespace}/${want.name} does not exist`,
              [
                {
                  source: `ServiceAccount ${want.namespace}/${want.name}`,
                  path: `metadata.annotations["${k}"]`,
                  value: got?.annotations[k] ?? null,
                },
              ],
              APPLY,
            ),
          );
    }
  }
  const hub = snap.accounts
    .find((a) => a.account === plan.hub.account)
    ?.clusters.find((c) => c.name === plan.hub.clusterName);
  if (hub?.podIdentityAssociations !== undefined) {
    for (const want of plan.podIdentityAssociations) {
      const got = observed.podIdentityAssociations.find(
        (a) => a.namespace === want.namespace && a.serviceAccount === want.serviceAccount,
      );
      if (!got || got.roleArn !== want.roleArn)
        out.push(
          drift(
            got ? 'DRIFT-CHANGED' : 'DRIFT-MISSING',
            `${want.namespace}/${want.serviceAccount}`,
            got
              ? `the Pod Identity association of ${want.serviceAccount} uses ${got.roleArn}, the plan says ${want.roleArn}`
              : `no Pod Identity association for ${want.namespace}/${want.serviceAccount}`,
            [
              {
                source: `eks:ListPodIdentityAssociations ${plan.hub.clusterName}`,
                value: got?.roleArn ?? null,
              },
            ],
            APPLY,
          ),
        );
    }
  }
  return out;
}

export function diffPlans(plan: AccessPlan, observed: AccessPlan, snapshot: Snapshot): Finding[] {
  return [
    ...roleDrift(plan, observed, snapshot),
    ...accessDrift(plan, observed, snapshot),
    ...registrationDrift(plan, observed, snapshot),
    ...identityDrift(plan, observed, snapshot),
  ];
}
