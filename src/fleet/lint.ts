/**
 * Warnings for fleet files that work but carry risk. Ids, titles and generic fixes live in the
 * findings registry (docs/findings.md); every warning here is on link `fleet` and points at the
 * fleet file position.
 */

import { type FindingId, report } from '../findings/registry.js';
import type { Finding } from '../findings.js';
import type { JsonPath } from './positions.js';
import { describeMarker, productionMarker } from './production.js';
import type { Fleet } from './types.js';

/** Turns a path into `file:line:column` for evidence. */
export type Where = (path: JsonPath) => string;

export function lintFleet(fleet: Fleet, where: Where): Finding[] {
  const findings: Finding[] = [];
  const warn = (id: FindingId, subject: string, path: JsonPath, message: string, fix: string) =>
    findings.push(
      report(id, {
        subject,
        message,
        evidence: [
          { source: where(path), path: path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.') },
        ],
        fix,
        severity: 'warning',
        link: 'fleet',
      }),
    );

  fleet.spokes.forEach((spoke, i) => {
    const marker = productionMarker(spoke.name, spoke.labels);
    if (fleet.identity !== 'eks-capability' || spoke.access.policy !== null) {
      if (
        spoke.access.policy === 'cluster-admin' &&
        spoke.access.namespaces.length === 0 &&
        marker !== undefined
      ) {
        warn(
          'LINT-PROD-CLUSTER-ADMIN',
          spoke.name,
          ['spokes', i],
          `spoke ${spoke.name} looks like production (${describeMarker(marker)}) and grants Argo CD cluster-admin on the whole cluster`,
          'Grant the least access that works: access: { policy: admin } or a namespace-scoped edit plus groups.',
        );
      }
    }
    if (spoke.access.namespaces.includes('*')) {
      warn(
        'LINT-ALL-NAMESPACES',
        spoke.name,
        ['spokes', i, 'access', 'namespaces'],
        `spoke ${spoke.name} scopes its access policy to "*", which matches every namespace`,
        'List the namespaces (or prefixes like "team-*") Argo CD deploys to, or drop namespaces for an explicit cluster scope.',
      );
    }
    const systemGroup = spoke.access.groups.find((g) => g.startsWith('system:'));
    if (systemGroup !== undefined) {
      warn(
        'LINT-SYSTEM-GROUP',
        spoke.name,
        ['spokes', i, 'access', 'groups'],
        `spoke ${spoke.name} puts the deployer role in "${systemGroup}": system: groups are reserved by Kubernetes, and EKS access entries reject them (use an access policy instead)`,
        'Use an access policy for admin rights, or a group of your own bound with RBAC.',
      );
    }
    if (spoke.clusterResources && spoke.namespaces.length === 0) {
      warn(
        'LINT-CLUSTER-RESOURCES-IGNORED',
        spoke.name,
        ['spokes', i, 'clusterResources'],
        `spoke ${spoke.name} sets clusterResources but no namespaces; Argo CD (and the argo-cd chart) use clusterResources only together with namespaces`,
        'Remove clusterResources, or list the namespaces Argo CD may manage.',
      );
    }
    if (fleet.identity === 'eks-capability' && spoke.ca.kind !== 'discover') {
      warn(
        'LINT-CAPABILITY-IGNORED',
        spoke.name,
        ['spokes', i, 'ca'],
        `spoke ${spoke.name} sets ca, which identity eks-capability does not use (the managed Argo CD reaches spokes by cluster ARN)`,
        'Remove ca from this spoke.',
      );
    }
  });
  if (fleet.hub.registerSelf) {
    warn(
      'LINT-REGISTER-SELF',
      fleet.hub.name,
      ['hub', 'registerSelf'],
      'hub.registerSelf makes the management role trust itself (the self-assume statement) so Argo CD can reach the hub through AWS; Argo CD already manages its own cluster as in-cluster through its service account',
      'Leave registerSelf false unless you need AWS-authenticated access to the hub, and give the hub registration the least access that works.',
    );
  }
  if (fleet.hub.oidcIssuer !== undefined && fleet.identity !== 'irsa') {
    warn(
      'LINT-OIDC-UNUSED',
      fleet.hub.name,
      ['hub', 'oidcIssuer'],
      `hub.oidcIssuer is set but identity is ${fleet.identity}, which does not use it`,
      'Remove hub.oidcIssuer, or set identity: irsa.',
    );
  }
  return findings;
}
