/**
 * StackSets in a Terraform plan: where their instances deploy (CloudFormation API Reference,
 * "DeploymentTargets") and what their template creates there, read by the CDK template observer.
 * Each case is a small plan in Terraform's JSON output format: the StackSet, its instances and
 * the Organizations data sources read while planning.
 */
import { describe, expect, it } from 'vitest';
import { Placements } from '../../../src/observe/terraform/accounts.js';
import { readPlanDocument } from '../../../src/observe/terraform/plan-json.js';
import { readStackSets } from '../../../src/observe/terraform/stack-sets.js';

const HUB = '111111111111';
const TEMPLATE = {
  Parameters: { RoleName: { Type: 'String', Default: 'argocd-deployer' } },
  Resources: {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: { Ref: 'RoleName' },
        Path: '/fleetlink/',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${HUB}:role/argocd-manager` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
    },
  },
};

interface Case {
  readonly permissionModel?: 'SERVICE_MANAGED' | 'SELF_MANAGED';
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  readonly parameters?: Record<string, string>;
  readonly templateUnknown?: boolean;
  /** deployment_targets of the one instance; `unknown` marks it unknown until apply. */
  readonly targets?: Record<string, unknown> | 'unknown';
  readonly accountId?: string;
  /** OU → accounts (id, status), as read by data "aws_organizations_organizational_unit_descendant_accounts". */
  readonly members?: Record<string, readonly (readonly [string, string])[]>;
  /** master_account_id and root of data "aws_organizations_organization". */
  readonly organization?: {
    readonly management: string;
    readonly root: string;
    readonly accounts: readonly string[];
  };
}

function planJson(c: Case): unknown {
  const changes: unknown[] = [
    {
      address: 'aws_cloudformation_stack_set.deployer',
      mode: 'managed',
      type: 'aws_cloudformation_stack_set',
      name: 'deployer',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: {
          name: 'fleetlink-deployer',
          permission_model: c.permissionModel ?? 'SERVICE_MANAGED',
          call_as: c.callAs ?? 'DELEGATED_ADMIN',
          ...(c.templateUnknown ? {} : { template_body: JSON.stringify(TEMPLATE) }),
          ...(c.parameters ? { parameters: c.parameters } : {}),
        },
        after_unknown: { arn: true, id: true, ...(c.templateUnknown ? { template_body: true } : {}) },
      },
    },
    {
      address: 'aws_cloudformation_stack_set_instance.deployer',
      mode: 'managed',
      type: 'aws_cloudformation_stack_set_instance',
      name: 'deployer',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: {
          stack_set_name: 'fleetlink-deployer',
          stack_set_instance_region: 'eu-central-1',
          ...(c.accountId ? { account_id: c.accountId } : {}),
          ...(c.targets && c.targets !== 'unknown' ? { deployment_targets: [c.targets] } : {}),
        },
        after_unknown: {
          id: true,
          ...(c.accountId || c.permissionModel !== 'SELF_MANAGED' ? {} : { account_id: true }),
          ...(c.targets === 'unknown' ? { deployment_targets: true } : {}),
        },
      },
    },
  ];
  const data: unknown[] = Object.entries(c.members ?? {}).map(([ou, accounts]) => ({
    address: `data.aws_organizations_organizational_unit_descendant_accounts.ou["${ou}"]`,
    mode: 'data',
    type: 'aws_organizations_organizational_unit_descendant_accounts',
    name: 'ou',
    index: ou,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    values: { id: ou, parent_id: ou, accounts: accounts.map(([id, status]) => ({ id, status })) },
  }));
  if (c.organization)
    data.push({
      address: 'data.aws_organizations_organization.this',
      mode: 'data',
      type: 'aws_organizations_organization',
      name: 'this',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      values: {
        master_account_id: c.organization.management,
        roots: [{ id: c.organization.root }],
        accounts: c.organization.accounts.map((id) => ({ id, status: 'ACTIVE' })),
      },
    });
  return {
    format_version: '1.2',
    resource_changes: changes,
    prior_state: { values: { root_module: { resources: data } } },
    configuration: {
      provider_config: {
        aws: {
          name: 'aws',
          expressions: {
            region: { constant_value: 'eu-central-1' },
            allowed_account_ids: { constant_value: [HUB] },
          },
        },
      },
    },
  };
}

const ACCOUNTS = ['222222222222', '333333333333', '444444444444', '555555555555', HUB];

/** Per account: yes / no / maybe, and the role ARNs created for certain. */
function read(c: Case) {
  const doc = readPlanDocument(planJson(c));
  const byType = (t: string) => doc.instances.filter((i) => i.type === t && i.mode === 'managed');
  const r = readStackSets(
    byType('aws_cloudformation_stack_set'),
    byType('aws_cloudformation_stack_set_instance'),
    doc.instances.filter((i) => i.mode === 'data'),
    new Placements(doc),
    new Set(ACCOUNTS),
    undefined,
  );
  const d = r.deployments[0];
  if (!d) throw new Error('no deployment');
  return {
    targets: Object.fromEntries(ACCOUNTS.map((a) => [a, d.targets(a)])),
    roles: r.created.roles.map((x) => x.arn).sort(),
    undecided: d.undecided,
    templateUnknown: d.templateUnknown,
    assumed: r.assumed,
  };
}

const role = (account: string, name = 'argocd-deployer') => `arn:aws:iam::${account}:role/fleetlink/${name}`;
const OU = 'ou-ab12-cdefgh12';
const MEMBERS = {
  [OU]: [
    ['222222222222', 'ACTIVE'],
    ['333333333333', 'ACTIVE'],
    ['555555555555', 'SUSPENDED'],
  ] as const,
};

describe('StackSet targets', () => {
  it('an OU target reaches the active accounts the plan read for it, and creates the template role there', () => {
    const r = read({ targets: { organizational_unit_ids: [OU] }, members: MEMBERS });
    expect(r.targets).toEqual({
      '222222222222': 'yes',
      '333333333333': 'yes',
      '444444444444': 'no',
      '555555555555': 'no', // suspended: the instance fails
      [HUB]: 'no',
    });
    expect(r.roles).toEqual([role('222222222222'), role('333333333333')]);
    expect(r.undecided).toBeUndefined();
  });

  it('an OU whose accounts the plan does not read leaves every account undecided, and creates nothing for certain', () => {
    const r = read({ targets: { organizational_unit_ids: [OU] } });
    expect(new Set(Object.values(r.targets))).toEqual(new Set(['maybe']));
    expect(r.roles).toEqual([]);
    expect(r.undecided).toMatchObject({
      source: 'aws_cloudformation_stack_set_instance.deployer',
      attribute: 'deployment_targets.organizational_unit_ids',
    });
    expect(r.undecided?.note).toContain(OU);
  });

  it('INTERSECTION, DIFFERENCE and UNION combine accounts with the OU as DeploymentTargets documents', () => {
    const base = { members: MEMBERS };
    const accounts = ['333333333333', '444444444444'];
    const t = (type: string) =>
      read({ ...base, targets: { organizational_unit_ids: [OU], accounts, account_filter_type: type } })
        .targets;
    expect(t('INTERSECTION')).toMatchObject({
      '222222222222': 'no',
      '333333333333': 'yes',
      '444444444444': 'no',
    });
    expect(t('DIFFERENCE')).toMatchObject({
      '222222222222': 'yes',
      '333333333333': 'no',
      '444444444444': 'no',
    });
    expect(t('UNION')).toMatchObject({ '222222222222': 'yes', '333333333333': 'yes', '444444444444': 'yes' });
    expect(t('NONE')).toMatchObject({ '222222222222': 'yes', '333333333333': 'yes', '444444444444': 'no' });
    // Both given without a filter type: UNION, the documented default.
    expect(read({ ...base, targets: { organizational_unit_ids: [OU], accounts } }).targets).toEqual(
      t('UNION'),
    );
  });

  it('INTERSECTION with an unread OU decides the unlisted accounts, not the listed ones', () => {
    const r = read({
      targets: {
        organizational_unit_ids: [OU],
        accounts: ['333333333333'],
        account_filter_type: 'INTERSECTION',
      },
    });
    expect(r.targets).toMatchObject({ '222222222222': 'no', '333333333333': 'maybe' });
  });

  it('accounts alone are the targets', () => {
    expect(read({ targets: { accounts: ['444444444444'] } }).targets).toMatchObject({
      '222222222222': 'no',
      '444444444444': 'yes',
    });
  });

  it('the management account never gets an instance: call_as SELF, or named by data "aws_organizations_organization"', () => {
    const root = 'r-ab12';
    const organization = { management: '222222222222', root, accounts: ['222222222222', '333333333333'] };
    const viaOrg = read({ targets: { organizational_unit_ids: [root] }, organization });
    expect(viaOrg.targets).toMatchObject({
      '222222222222': 'no',
      '333333333333': 'yes',
      '444444444444': 'no',
    });
    // call_as SELF: the StackSet's own account is the management account.
    const self = read({
      callAs: 'SELF',
      targets: { organizational_unit_ids: [OU] },
      members: {
        [OU]: [
          [HUB, 'ACTIVE'],
          ['222222222222', 'ACTIVE'],
        ],
      },
    });
    expect(self.targets).toMatchObject({ [HUB]: 'no', '222222222222': 'yes' });
    // A delegated administrator cannot tell: said so, not silently assumed.
    expect(
      read({ targets: { organizational_unit_ids: [OU] }, members: MEMBERS }).assumed.join('\n'),
    ).toContain('management account');
  });

  it('unknown deployment_targets decide nothing', () => {
    const r = read({ targets: 'unknown' });
    expect(new Set(Object.values(r.targets))).toEqual(new Set(['maybe']));
    expect(r.undecided?.attribute).toBe('deployment_targets');
  });

  it('a self-managed instance deploys to account_id, or to its provider account', () => {
    expect(read({ permissionModel: 'SELF_MANAGED', accountId: '444444444444' }).targets).toMatchObject({
      '444444444444': 'yes',
      [HUB]: 'no',
    });
    const own = read({ permissionModel: 'SELF_MANAGED' });
    expect(own.targets).toMatchObject({ [HUB]: 'yes', '444444444444': 'no' });
    expect(own.roles).toEqual([role(HUB)]);
  });
});

describe('StackSet templates', () => {
  it("the StackSet's parameters are the template's parameter values", () => {
    const r = read({ targets: { accounts: ['444444444444'] }, parameters: { RoleName: 'custom' } });
    expect(r.roles).toEqual([role('444444444444', 'custom')]);
  });

  it('a template_body known only after apply is reported, and nothing is read from it', () => {
    const r = read({ targets: { accounts: ['444444444444'] }, templateUnknown: true });
    expect(r.roles).toEqual([]);
    expect(r.templateUnknown).toMatchObject({
      source: 'aws_cloudformation_stack_set.deployer',
      attribute: 'template_body',
    });
  });
});
