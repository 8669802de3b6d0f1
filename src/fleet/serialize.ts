/**
 * Fleet → fleet file text. Writes every field explicitly (no reliance on defaults), so that
 * `parseFleet(fleetToYaml(f))` gives `f` back: the property the generator tests rely on, and a
 * way to write out generated fleets (examples/large).
 */
import { stringify } from 'yaml';
import type { CaSource, Fleet, SpokeSettings } from './types.js';

function ca(source: CaSource): unknown {
  if (source.kind === 'inline') return { data: source.data };
  if (source.kind === 'ssm') return { ssmParameter: source.parameter };
  return 'discover';
}

function spoke(s: SpokeSettings): Record<string, unknown> {
  return {
    name: s.name,
    account: s.account,
    region: s.region,
    clusterName: s.clusterName,
    ...(s.endpoint === undefined ? {} : { endpoint: s.endpoint }),
    ca: ca(s.ca),
    deployerRole: { ...s.deployerRole },
    access: {
      policy: s.access.policy ?? 'none',
      namespaces: [...s.access.namespaces],
      groups: [...s.access.groups],
      ...(s.access.extraPolicies?.length
        ? {
            extraPolicies: s.access.extraPolicies.map((p) => ({
              policy: p.policy,
              namespaces: [...p.namespaces],
            })),
          }
        : {}),
      ...(s.access.clusterScoped?.length ? { clusterScoped: [...s.access.clusterScoped] } : {}),
      ...(s.access.customResourceDefinitions?.length
        ? { customResourceDefinitions: [...s.access.customResourceDefinitions] }
        : {}),
    },
    labels: { ...s.labels },
    annotations: { ...s.annotations },
    ...(s.project === undefined ? {} : { project: s.project }),
    namespaces: [...s.namespaces],
    clusterResources: s.clusterResources,
    ...(s.credentials === undefined ? {} : { credentials: { ...s.credentials } }),
    weight: s.weight,
    ...(s.shard === undefined ? {} : { shard: s.shard }),
    ...(s.parked ? { parked: true } : {}),
    ...(s.applications === undefined ? {} : { applications: s.applications }),
  };
}

export function fleetToYaml(fleet: Fleet, schemaPath = '../../schema/fleet.schema.json'): string {
  const { partition: _partition, ...hub } = fleet.hub;
  const doc = {
    apiVersion: fleet.apiVersion,
    kind: fleet.kind,
    identity: fleet.identity,
    argocd: fleet.argocd,
    hub,
    spokes: fleet.spokes.map(spoke),
    ...(fleet.organization === undefined ? {} : { organization: fleet.organization }),
    tags: fleet.tags,
  };
  return `# yaml-language-server: $schema=${schemaPath}\n${stringify(doc, { lineWidth: 0 })}`;
}
