import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFleet } from '../../src/cli/fleet-file.js';
import { UserError } from '../../src/errors.js';
import { DEFAULTS } from '../../src/fleet/defaults.js';
import { parseFleet } from '../../src/fleet/load.js';

const root = join(import.meta.dirname, '..', '..');
const examples = readdirSync(join(root, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join('examples', d.name, 'fleet.yaml'))
  .filter((f) => {
    try {
      readFileSync(join(root, f));
      return true;
    } catch {
      return false;
    }
  });

const ISSUER = 'https://oidc.eks.eu-central-1.amazonaws.com/id/B0A0333CE7C6DE3DC81E6B95F30F28FA';
const ENDPOINT = 'https://98B746BAE3EDD3474F957D0953BFFAE7.gr7.eu-central-1.eks.amazonaws.com';
const CA = readFileSync(join(import.meta.dirname, 'fixtures', 'ca.pem')).toString('base64');

/** The smallest valid IRSA fleet, plus `extra` lines appended to the spoke. */
function minimal(spokeExtra = '', top = ''): string {
  return `apiVersion: fleetlink.dev/v1alpha1
kind: Fleet
${top}hub:
  account: "111111111111"
  region: eu-central-1
  clusterName: hub
  oidcIssuer: ${ISSUER}
spokes:
  - name: spoke-a
    account: "222222222222"
    endpoint: ${ENDPOINT}
${spokeExtra}`;
}

function problems(text: string): string[] {
  try {
    parseFleet(text, 'fleet.yaml');
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.problems.map((p) => `${p.location.line}:${p.location.column} ${p.message}`);
  }
  return [];
}

describe('examples', () => {
  it('ships the six documented examples', () => {
    expect(examples.sort()).toEqual(
      [
        'examples/capability/fleet.yaml',
        'examples/least-privilege/fleet.yaml',
        'examples/organization/fleet.yaml',
        'examples/pod-identity/fleet.yaml',
        'examples/sharded/fleet.yaml',
        'examples/two-accounts/fleet.yaml',
      ].sort(),
    );
  });

  it.each(examples)('%s loads without problems or warnings', async (f) => {
    const { fleet, warnings } = await readFleet(join(root, f));
    expect(fleet.spokes.length).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it.each(examples)('%s starts with the $schema modeline pointing at the committed schema', (f) => {
    const first = readFileSync(join(root, f), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../../schema/fleet.schema.json');
  });

  it('two-accounts is the write-up topology: hub 111111111111, spoke 222222222222, IRSA, cluster-admin, release argo-cd', async () => {
    const { fleet } = await readFleet(join(root, 'examples/two-accounts/fleet.yaml'));
    expect(fleet.identity).toBe('irsa');
    expect(fleet.argocd.releaseName).toBe('argo-cd');
    expect(fleet.hub.account).toBe('111111111111');
    expect(fleet.hub.managementRole).toEqual({ name: 'argocd-manager', path: '/' });
    expect(fleet.spokes).toHaveLength(1);
    const [spoke] = fleet.spokes;
    expect(spoke?.account).toBe('222222222222');
    expect(spoke?.deployerRole).toEqual({ name: 'argocd-deployer', path: '/' });
    expect(spoke?.access).toEqual({ policy: 'cluster-admin', namespaces: [], groups: [] });
    expect(spoke?.ca.kind).toBe('inline');
  });

  it('covers every CA form across the examples (inline, ssm, discover)', async () => {
    const kinds = new Set<string>();
    for (const f of examples)
      for (const s of (await readFleet(join(root, f))).fleet.spokes) kinds.add(s.ca.kind);
    expect([...kinds].sort()).toEqual(['discover', 'inline', 'ssm']);
  });
});

describe('defaults', () => {
  it('fills every documented default', () => {
    const { fleet } = parseFleet(minimal(), 'fleet.yaml');
    expect(fleet.identity).toBe('irsa');
    expect(fleet.argocd).toEqual({
      namespace: 'argocd',
      releaseName: 'argo-cd',
      chartVersion: '10.1.1',
      version: 'v3.4.4',
      serviceAccounts: {
        applicationController: 'argocd-application-controller',
        applicationSetController: 'argocd-applicationset-controller',
        server: 'argocd-server',
      },
      dynamicClusterDistribution: false,
      controller: { replicas: 1, shardingAlgorithm: 'legacy', watchBudget: 500 },
    });
    expect(fleet.hub).toEqual({
      name: 'in-cluster',
      account: '111111111111',
      region: 'eu-central-1',
      partition: 'aws',
      clusterName: 'hub',
      oidcIssuer: ISSUER,
      oidcProvider: 'existing',
      managementRole: { name: 'argocd-manager', path: '/' },
      registerSelf: false,
    });
    expect(fleet.spokes[0]).toEqual({
      name: 'spoke-a',
      account: '222222222222',
      region: 'eu-central-1',
      partition: 'aws',
      clusterName: 'spoke-a',
      endpoint: ENDPOINT,
      ca: { kind: 'discover' },
      deployerRole: { name: 'argocd-deployer-spoke-a', path: '/' },
      access: { policy: 'cluster-admin', namespaces: [], groups: [] },
      labels: {},
      annotations: {},
      namespaces: [],
      clusterResources: false,
      weight: 1,
      sourceLine: 9,
    });
    expect(fleet.organization).toBeUndefined();
    expect(fleet.tags).toEqual({});
    expect(DEFAULTS.argocd.chartVersion).toBe('10.1.1');
  });

  it('merges defaults with each spoke field by field, expanding role-name placeholders', () => {
    const text = minimal(
      '    region: eu-west-1\n    endpoint2: x\n',
      `defaults:
  deployerRole: { name: "d-{name}-{clusterName}-{account}-{region}", path: /fleetlink/ }
  access: { policy: edit, namespaces: [team-a], groups: [deployers] }
  labels: { team: platform, env: dev }
  project: workloads
`,
    )
      .replace(
        '    endpoint2: x\n',
        '    clusterName: eks-a\n    access: { groups: [other] }\n    labels: { env: prod }\n',
      )
      .replace('eu-central-1.eks', 'eu-west-1.eks');
    const { fleet } = parseFleet(text, 'fleet.yaml');
    const s = fleet.spokes[0]!;
    expect(s.deployerRole).toEqual({ name: 'd-spoke-a-eks-a-222222222222-eu-west-1', path: '/fleetlink/' });
    expect(s.access).toEqual({ policy: 'edit', namespaces: ['team-a'], groups: ['other'] });
    expect(s.labels).toEqual({ team: 'platform', env: 'prod' });
    expect(s.project).toBe('workloads');
  });

  it('derives the partition from the region', () => {
    const text = minimal()
      .replaceAll('eu-central-1', 'cn-north-1')
      .replace('amazonaws.com/id', 'amazonaws.com.cn/id')
      .replace('eks.amazonaws.com', 'eks.amazonaws.com.cn');
    const { fleet } = parseFleet(text, 'fleet.yaml');
    expect(fleet.hub.partition).toBe('aws-cn');
    expect(fleet.spokes[0]?.partition).toBe('aws-cn');
  });

  it('maps access policy none to null and keeps groups', () => {
    const { fleet } = parseFleet(
      minimal('    access: { policy: none, groups: [deployers] }\n'),
      'fleet.yaml',
    );
    expect(fleet.spokes[0]?.access).toEqual({ policy: null, namespaces: [], groups: ['deployers'] });
  });

  it('defaults organization regions to the spokes regions', () => {
    const text = minimal('', '').concat(
      'organization:\n  id: o-a1b2c3d4e5\n  organizationalUnits: [r-ab12]\n',
    );
    expect(parseFleet(text, 'fleet.yaml').fleet.organization).toEqual({
      id: 'o-a1b2c3d4e5',
      organizationalUnits: ['r-ab12'],
      regions: ['eu-central-1'],
      delegatedAdmin: false,
    });
  });
});

describe('YAML details', () => {
  it('accepts an unquoted 12-digit account id (YAML keeps every digit) as text', () => {
    const { fleet } = parseFleet(minimal().replace('"222222222222"', '222222222222'), 'fleet.yaml');
    expect(fleet.spokes[0]?.account).toBe('222222222222');
  });

  it('follows anchors, aliases and merge keys, and positions problems at the real node', () => {
    const text = minimal('    labels: *common\n    namespaces: *common\n', 'common: &common { team: a }\n');
    // common is an unknown top-level key; the spoke reuses its anchor where a list belongs.
    expect(problems(text)).toEqual([
      expect.stringMatching(/^3:1 common: unknown key; expected one of:/),
      '14:17 spokes[0].namespaces: expected a list of namespaces, got a mapping',
    ]);
    const merged =
      `${minimal('  - <<: *base\n    name: spoke-b\n    endpoint: https://D45478BD07264E7DA3A6F80FCCCF059C.gr7.eu-central-1.eks.amazonaws.com\n')}`.replace(
        '  - name: spoke-a',
        '  - &base\n    name: spoke-a',
      );
    const { fleet } = parseFleet(merged, 'fleet.yaml');
    expect(fleet.spokes.map((s) => [s.name, s.account])).toEqual([
      ['spoke-a', '222222222222'],
      ['spoke-b', '222222222222'],
    ]);
  });

  it('ignores top-level x- keys, the place for anchors shared through merge keys', () => {
    const text =
      `${minimal('  - <<: *spoke\n    name: spoke-b\n    endpoint: https://D45478BD07264E7DA3A6F80FCCCF059C.gr7.eu-central-1.eks.amazonaws.com\n')}`.replace(
        'spokes:\n',
        'x-spoke: &spoke\n  account: "333333333333"\n  access: { policy: view }\nspokes:\n',
      );
    const { fleet } = parseFleet(text, 'fleet.yaml');
    expect(fleet.spokes[1]).toMatchObject({
      name: 'spoke-b',
      account: '333333333333',
      access: { policy: 'view' },
    });
    // A problem in a merged value points at the anchor's definition.
    expect(problems(text.replace('"333333333333"', '"3"'))).toEqual([
      '9:12 spokes[1].account: "3" is not an AWS account id: expected exactly 12 digits, quoted, e.g. "111111111111"',
    ]);
  });

  it('reports every problem at once, in file order', () => {
    const text = minimal('    region: mars-1\n    labels: { "a b": c }\n    namespaces: [Bad]\n').replace(
      '"111111111111"',
      '"1"',
    );
    const found = problems(text);
    expect(found.map((p) => p.split(' ')[0])).toEqual(['4:12', '12:13', '13:15', '14:18']);
  });

  it('suggests the nearest key for a typo', () => {
    expect(problems(minimal('    clustername: x\n'))).toEqual([
      expect.stringMatching(/^12:5 spokes\[0\]\.clustername: unknown key \(did you mean "clusterName"\?\)/),
    ]);
  });
});

describe('validation rules', () => {
  it('accepts inline CA data exactly as EKS returns it', () => {
    expect(problems(minimal(`    ca: { data: ${CA} }\n`))).toEqual([]);
  });

  it('needs the OIDC issuer for irsa but not for pod-identity', () => {
    const noIssuer = minimal().replace(`  oidcIssuer: ${ISSUER}\n`, '');
    expect(problems(noIssuer)[0]).toMatch(/hub: missing "oidcIssuer"/);
    expect(problems(noIssuer.replace('kind: Fleet\n', 'kind: Fleet\nidentity: pod-identity\n'))).toEqual([]);
  });

  it('lets eks-capability spokes omit endpoint and deployer roles', () => {
    const text = `apiVersion: fleetlink.dev/v1alpha1
kind: Fleet
identity: eks-capability
hub: { account: "111111111111", region: us-east-1, clusterName: hub, capabilityRole: { name: Cap } }
spokes:
  - { name: a, account: "222222222222", region: us-east-1 }
  - { name: b, account: "222222222222", region: us-east-1 }
`;
    const { fleet } = parseFleet(text, 'fleet.yaml');
    expect(fleet.hub.capabilityRole).toEqual({ name: 'Cap', path: '/' });
    expect(fleet.spokes.map((s) => s.endpoint)).toEqual([undefined, undefined]);
  });

  it('rejects a deployer role that collides with the management role', () => {
    const text = minimal('    deployerRole: { name: argocd-manager }\n').replace(
      '"222222222222"',
      '"111111111111"',
    );
    expect(problems(text)).toEqual([
      expect.stringContaining(
        'deployer role "argocd-manager" is already the hub management role in account 111111111111',
      ),
    ]);
  });

  it('accepts namespace-scope prefixes but not the middle of a name', () => {
    expect(problems(minimal('    access: { policy: edit, namespaces: ["team-*", apps] }\n'))).toEqual([]);
  });
});

describe('warnings', () => {
  const ids = (text: string) => parseFleet(text, 'f.yaml').warnings.map((w) => w.id);

  it('LINT-PROD-CLUSTER-ADMIN: cluster-admin on a spoke named or labelled prod', () => {
    expect(ids(minimal().replace('spoke-a', 'payments-prod'))).toEqual(['LINT-PROD-CLUSTER-ADMIN']);
    expect(ids(minimal('    labels: { env: production }\n'))).toEqual(['LINT-PROD-CLUSTER-ADMIN']);
    expect(ids(minimal('    labels: { env: production }\n    access: { policy: admin }\n'))).toEqual([]);
    expect(ids(minimal('    labels: { env: prod }\n    access: { namespaces: [apps] }\n'))).toEqual([]);
  });

  it('gives each warning a position, link fleet and a fix', () => {
    const [w] = parseFleet(minimal('    labels: { env: prod }\n'), 'f.yaml').warnings;
    expect(w).toMatchObject({ severity: 'warning', link: 'fleet', subject: 'spoke-a' });
    expect(w?.evidence[0]?.source).toBe('f.yaml:9:5');
    expect(w?.fix).not.toBe('');
  });

  it('LINT-REGISTER-SELF, LINT-OIDC-UNUSED, LINT-CLUSTER-RESOURCES-IGNORED, LINT-SYSTEM-GROUP, LINT-ALL-NAMESPACES', () => {
    expect(
      ids(minimal().replace('  clusterName: hub\n', '  clusterName: hub\n  registerSelf: true\n')),
    ).toEqual(['LINT-REGISTER-SELF']);
    expect(ids(minimal('', 'identity: pod-identity\n'))).toEqual(['LINT-OIDC-UNUSED']);
    expect(ids(minimal('    clusterResources: true\n'))).toEqual(['LINT-CLUSTER-RESOURCES-IGNORED']);
    expect(ids(minimal('    access: { groups: ["system:masters"] }\n'))).toEqual(['LINT-SYSTEM-GROUP']);
    expect(ids(minimal('    access: { policy: edit, namespaces: ["*"] }\n'))).toEqual([
      'LINT-ALL-NAMESPACES',
    ]);
  });

  it('LINT-CAPABILITY-IGNORED: a CA on an eks-capability spoke', () => {
    const text = `apiVersion: fleetlink.dev/v1alpha1
kind: Fleet
identity: eks-capability
hub: { account: "111111111111", region: us-east-1, clusterName: hub, capabilityRole: { name: Cap } }
spokes:
  - { name: a, account: "222222222222", region: us-east-1, ca: { ssmParameter: /eks/a/ca } }
`;
    expect(ids(text)).toEqual(['LINT-CAPABILITY-IGNORED']);
  });
});

describe('readFleet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetlink-fleet-'));

  it('reads and parses a file, naming it in problems', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, minimal().replace('"222222222222"', '"2"'));
    await expect(readFleet(file)).rejects.toMatchObject({
      exitCode: 1,
      problems: [expect.objectContaining({ location: { file, line: 10, column: 14 } })],
    });
  });

  it('explains a missing file without a stack', async () => {
    const missing = join(dir, 'nope.yaml');
    await expect(readFleet(missing)).rejects.toThrow(UserError);
    await expect(readFleet(missing)).rejects.toMatchObject({ exitCode: 2, problems: [] });
    await expect(readFleet(missing)).rejects.toThrow(`cannot read fleet file ${missing}: no such file`);
  });

  it('explains a directory passed as the fleet file', async () => {
    await expect(readFleet(dir)).rejects.toThrow(/it is a directory/);
  });
});

describe('docs/fleet-file.md', () => {
  it('the smallest fleet shown in the fleet section is valid', () => {
    const readme = readFileSync(join(root, 'docs', 'fleet-file.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section:fleet -->'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(block).toContain('kind: Fleet');
    expect(parseFleet(block, 'docs/fleet-file.md').warnings).toEqual([]);
  });
});
