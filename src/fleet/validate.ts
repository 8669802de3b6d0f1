/**
 * Semantic checks: rules that compare fields or depend on the identity mode. They run after the
 * shape pass succeeded, on the validated file and its normalized Fleet, and report every problem
 * (not only the first) with the JSON path it belongs to; load.ts turns paths into positions.
 */

import { checkChartShipsArgo } from './chart-versions.js';
import { checkEndpoint, checkOidcIssuer } from './endpoints.js';
import type { JsonPath } from './positions.js';
import { dnsSuffix } from './regions.js';
import { checkRoleName, versionParts } from './rules.js';
import type { FleetFile } from './schema.js';
import type { Fleet } from './types.js';

export interface PathProblem {
  readonly path: JsonPath;
  readonly message: string;
}

type Report = (path: JsonPath, message: string) => void;

export function validateFleet(file: FleetFile, fleet: Fleet): PathProblem[] {
  const problems: PathProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  checkArgoVersions(file, fleet, report);
  checkIdentityMode(file, fleet, report);
  checkSpokeUniqueness(file, fleet, report);
  checkDeployerRoles(file, fleet, report);
  checkSpokeFields(file, fleet, report);
  return problems;
}

/** The chart and the Argo CD version must be a pair argo-helm released (chart-versions.ts). */
function checkArgoVersions(_file: FleetFile, fleet: Fleet, report: Report): void {
  const problem = checkChartShipsArgo(fleet.argocd.chartVersion, fleet.argocd.version);
  if (problem === undefined) return;
  // Points at argocd.chartVersion, or at the argocd mapping when only version is written.
  report(['argocd', 'chartVersion'], `argocd: ${problem}`);
}

function checkIdentityMode(file: FleetFile, fleet: Fleet, report: Report): void {
  const { hub, identity } = fleet;
  if (identity === 'irsa') {
    if (hub.oidcIssuer === undefined) {
      report(
        ['hub'],
        'hub: missing "oidcIssuer": identity irsa needs the hub cluster\'s OIDC issuer URL (aws eks describe-cluster --query cluster.identity.oidc.issuer), e.g. "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"',
      );
    }
  }
  if (hub.oidcIssuer !== undefined) {
    const issuerRegion = checkOidcIssuer(hub.oidcIssuer).region;
    if (issuerRegion !== undefined && issuerRegion !== hub.region) {
      report(
        ['hub', 'oidcIssuer'],
        `hub.oidcIssuer names region ${issuerRegion} but hub.region is ${hub.region}: an EKS cluster's issuer is in its own region; expected "https://oidc.eks.${hub.region}.${dnsSuffix(hub.partition)}/id/…"`,
      );
    } else if (issuerRegion !== undefined && !hub.oidcIssuer.includes(`.${dnsSuffix(hub.partition)}/`)) {
      report(
        ['hub', 'oidcIssuer'],
        `hub.oidcIssuer must end in .${dnsSuffix(hub.partition)} for partition ${hub.partition}: expected "https://oidc.eks.${hub.region}.${dnsSuffix(hub.partition)}/id/…"`,
      );
    }
  }
  if (identity === 'eks-capability' && hub.capabilityRole === undefined) {
    report(
      ['hub'],
      'hub: missing "capabilityRole": identity eks-capability needs the IAM role the managed Argo CD capability runs as, e.g. capabilityRole: { name: ArgoCDCapabilityRole }',
    );
  }
  if (identity === 'pod-identity') {
    const [major, minor] = versionParts(fleet.argocd.version);
    // Pod Identity needs Argo CD v2.10+ (argoproj/argo-cd#17064, AWS PM comment).
    if (major < 2 || (major === 2 && minor < 10)) {
      report(
        file.argocd.version === undefined ? ['identity'] : ['argocd', 'version'],
        `argocd.version ${fleet.argocd.version} cannot use identity pod-identity: Argo CD supports EKS Pod Identity from v2.10; expected v2.10.0 or later`,
      );
    }
  }
  checkPodIdentityTarget(file, fleet, report);
  if (identity !== 'eks-capability') {
    fleet.spokes.forEach((spoke, i) => {
      if (spoke.endpoint === undefined) {
        report(
          ['spokes', i],
          `spokes[${i}]: missing "endpoint": identity ${identity} registers the spoke by its API server URL (aws eks describe-cluster --query cluster.endpoint), e.g. "https://0123456789ABCDEF0123456789ABCDEF.gr7.${spoke.region}.eks.amazonaws.com"`,
        );
      }
    });
  }
  fleet.spokes.forEach((spoke, i) => {
    // IAM cannot assume a role in another partition: the chain would break at the first hop.
    if (spoke.partition !== hub.partition) {
      report(
        file.spokes[i]?.region === undefined ? ['spokes', i] : ['spokes', i, 'region'],
        `spokes[${i}].region ${spoke.region} is in partition ${spoke.partition} but the hub is in ${hub.partition}: IAM roles cannot be assumed across partitions; expected a region in ${hub.partition}`,
      );
    }
  });
}

/**
 * hub.podIdentity.managementAccount: a cross-account target role. Only Pod Identity associations
 * have a targetRoleArn (CreatePodIdentityAssociation), and the association role must be in the
 * cluster's own account (EKS User Guide, pod-id-assign-target-role), so the option only means
 * something in pod-identity mode and for another account than the hub's.
 */
function checkPodIdentityTarget(file: FleetFile, fleet: Fleet, report: Report): void {
  const settings = file.hub.podIdentity;
  if (settings === undefined) return;
  const { identity, hub } = fleet;
  for (const key of ['managementAccount', 'associationRole'] as const) {
    if (settings[key] !== undefined && identity !== 'pod-identity')
      report(
        ['hub', 'podIdentity', key],
        `hub.podIdentity.${key} needs identity pod-identity (it is ${identity}): only EKS Pod Identity associations chain into a target role; expected identity: pod-identity, or remove it`,
      );
  }
  if (identity !== 'pod-identity') return;
  if (settings.managementAccount !== undefined && settings.managementAccount === hub.account)
    report(
      ['hub', 'podIdentity', 'managementAccount'],
      `hub.podIdentity.managementAccount "${settings.managementAccount}" is the hub account: the management role is then the association's own role; expected another account, or remove managementAccount`,
    );
  if (settings.associationRole !== undefined && settings.managementAccount === undefined)
    report(
      ['hub', 'podIdentity', 'associationRole'],
      'hub.podIdentity.associationRole needs hub.podIdentity.managementAccount: without a management role in another account the associations name the management role directly; expected managementAccount: "<12-digit account>", or remove associationRole',
    );
}

function checkSpokeUniqueness(file: FleetFile, fleet: Fleet, report: Report): void {
  const byName = new Map<string, number>();
  const byCluster = new Map<string, number>();
  const byEndpoint = new Map<string, number>();
  const hubKey = `${fleet.hub.account}/${fleet.hub.region}/${fleet.hub.clusterName}`;
  fleet.spokes.forEach((spoke, i) => {
    const line = (j: number) => `spokes[${j}]`;
    if (spoke.name === fleet.hub.name) {
      report(
        ['spokes', i, 'name'],
        `spokes[${i}].name "${spoke.name}" is the hub's Argo CD cluster name (hub.name): expected a different name${fleet.hub.name === 'in-cluster' ? ' ("in-cluster" is Argo CD\'s built-in name for its own cluster)' : ''}`,
      );
    }
    const sameName = byName.get(spoke.name);
    if (sameName !== undefined) {
      report(
        ['spokes', i, 'name'],
        `spokes[${i}].name: duplicate Argo CD cluster name "${spoke.name}" (already used by ${line(sameName)}): expected each spoke to have its own name`,
      );
    } else byName.set(spoke.name, i);

    const key = `${spoke.account}/${spoke.region}/${spoke.clusterName}`;
    const sameCluster = byCluster.get(key);
    const at: JsonPath =
      file.spokes[i]?.clusterName === undefined ? ['spokes', i, 'name'] : ['spokes', i, 'clusterName'];
    if (sameCluster !== undefined) {
      report(
        at,
        `spokes[${i}] points at the same EKS cluster as ${line(sameCluster)} (account ${spoke.account}, region ${spoke.region}, cluster ${spoke.clusterName}): a cluster can be registered once; expected one spoke per EKS cluster`,
      );
    } else byCluster.set(key, i);
    if (fleet.hub.registerSelf && key === hubKey) {
      report(
        at,
        `spokes[${i}] is the hub cluster itself, which hub.registerSelf already registers: expected either registerSelf or this spoke, not both`,
      );
    }
    if (spoke.endpoint !== undefined) {
      const endpoint = spoke.endpoint.toLowerCase();
      const sameEndpoint = byEndpoint.get(endpoint);
      if (sameEndpoint !== undefined) {
        report(
          ['spokes', i, 'endpoint'],
          `spokes[${i}].endpoint is the same API server as ${line(sameEndpoint)}: two spokes cannot share one cluster endpoint`,
        );
      } else byEndpoint.set(endpoint, i);
    }
  });
}

function checkDeployerRoles(file: FleetFile, fleet: Fleet, report: Report): void {
  if (fleet.identity === 'eks-capability') return; // no deployer roles in this mode
  // IAM role names are unique per account, case-insensitively, whatever the path. Spokes in one
  // account may share a deployer role (same name and path: one role, one access entry per cluster;
  // the Organization StackSet needs exactly that), but never the hub's roles or a same-named role
  // on another path.
  const taken = new Map<string, { owner: string; path: string | undefined }>();
  const hubRoles = [
    fleet.hub.managementRole,
    ...(fleet.hub.capabilityRole ? [fleet.hub.capabilityRole] : []),
  ];
  for (const r of hubRoles)
    taken.set(`${fleet.hub.account}/${r.name.toLowerCase()}`, {
      owner: 'the hub management role',
      path: undefined,
    });
  fleet.spokes.forEach((spoke, i) => {
    const own = file.spokes[i]?.deployerRole?.name;
    const where: JsonPath = own === undefined ? ['spokes', i, 'name'] : ['spokes', i, 'deployerRole', 'name'];
    const from = own === undefined ? ' (from defaults.deployerRole.name)' : '';
    const problem = checkRoleName(spoke.deployerRole.name);
    if (problem !== undefined) {
      report(where, `spokes[${i}] deployer role${from}: ${problem}`);
      return;
    }
    const key = `${spoke.account}/${spoke.deployerRole.name.toLowerCase()}`;
    const previous = taken.get(key);
    if (previous === undefined) {
      taken.set(key, { owner: `the deployer role of spokes[${i}]`, path: spoke.deployerRole.path });
    } else if (previous.path === undefined) {
      report(
        where,
        `spokes[${i}] deployer role "${spoke.deployerRole.name}"${from} is already ${previous.owner} in account ${spoke.account}: expected a distinct name, e.g. a pattern with {name} such as "argocd-deployer-{name}"`,
      );
    } else if (previous.path !== spoke.deployerRole.path) {
      report(
        where,
        `spokes[${i}] deployer role "${spoke.deployerRole.name}"${from} on path ${spoke.deployerRole.path} is already ${previous.owner} on path ${previous.path} in account ${spoke.account}: IAM role names are unique per account whatever the path; expected the same path (to share the role) or a distinct name`,
      );
    }
  });
}

function checkSpokeFields(file: FleetFile, fleet: Fleet, report: Report): void {
  fleet.spokes.forEach((spoke, i) => {
    if (spoke.endpoint !== undefined) {
      const endpointRegion = checkEndpoint(spoke.endpoint).region;
      if (endpointRegion !== undefined && endpointRegion !== spoke.region) {
        report(
          ['spokes', i, 'endpoint'],
          `spokes[${i}].endpoint is an EKS endpoint in ${endpointRegion} but the spoke's region is ${spoke.region}${file.spokes[i]?.region === undefined ? ' (the hub region, by default)' : ''}: expected matching regions (set spokes[${i}].region: ${endpointRegion}?)`,
        );
      }
    }
    if (spoke.access.policy === null && spoke.access.groups.length === 0) {
      report(
        file.spokes[i]?.access === undefined ? ['spokes', i] : ['spokes', i, 'access'],
        `spokes[${i}].access grants nothing: policy is none and there are no groups; expected an access policy or at least one Kubernetes group`,
      );
    }
    if (spoke.access.policy === null && spoke.access.namespaces.length > 0) {
      report(
        ['spokes', i, 'access', 'namespaces'],
        `spokes[${i}].access.namespaces scope an access policy, but policy is none: expected no namespaces, or a policy such as edit`,
      );
    }
    const duplicate = spoke.namespaces.find((ns, j) => spoke.namespaces.indexOf(ns) !== j);
    if (duplicate !== undefined)
      report(
        ['spokes', i, 'namespaces'],
        `spokes[${i}].namespaces lists "${duplicate}" twice: expected each namespace once`,
      );
    // Argo CD puts a cluster whose shard is not below the replica count on shard 0, with only a
    // log line (controller/sharding/cache.go updateDistribution): refuse it here.
    const replicas = fleet.argocd.controller.replicas;
    if (spoke.shard !== undefined && spoke.shard >= replicas)
      report(
        ['spokes', i, 'shard'],
        `spokes[${i}].shard is ${spoke.shard} but argocd.controller.replicas is ${replicas}: Argo CD would silently move the cluster to shard 0; expected a shard from 0 to ${replicas - 1}`,
      );
  });
}
