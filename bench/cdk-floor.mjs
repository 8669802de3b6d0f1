// The floor for synth: a plain CDK app, written the way anyone would write it by hand from an
// AccessPlan (per-account mode, no Organization), with the same stacks and resources as
// `synthPlan` — one hub stack with the management role, one stack per spoke account and region with
// its deployer roles, outputs and access entries, the same tags and stack dependencies — using the
// same L1 constructs, and none of Fleetlink's slicing, checks or naming helpers.
// synth-floor.bench.mjs checks that both apps produce the same number of stacks and resources.
import { App, CfnOutput, aws_eks as eks, aws_iam as iam, Stack, Tags } from 'aws-cdk-lib';

const id = (...parts) => parts.map((p) => p.replace(/[^A-Za-z0-9+=,.@_-]/g, '_')).join('-');
const tagsOf = (tags) => {
  const keys = Object.keys(tags).sort();
  return keys.length === 0 ? undefined : keys.map((key) => ({ key, value: tags[key] }));
};

function role(scope, r) {
  const created = r.managedPolicies.map(
    (p) =>
      new iam.CfnManagedPolicy(scope, id('Role', r.name, `Policy-${p.name}`), {
        managedPolicyName: p.name,
        path: r.path,
        policyDocument: p.document,
      }),
  );
  const createdArns = new Set(
    r.managedPolicies.map((p) => `arn:${r.partition}:iam::${r.account}:policy${r.path}${p.name}`),
  );
  const arns = [...created.map((p) => p.ref), ...r.attachedPolicyArns.filter((a) => !createdArns.has(a))];
  return new iam.CfnRole(scope, id('Role', r.name, 'Role'), {
    roleName: r.name,
    path: r.path,
    description: r.description || undefined,
    assumeRolePolicyDocument: r.trustPolicy,
    policies: r.inlinePolicies.length
      ? r.inlinePolicies.map((p) => ({ policyName: p.name, policyDocument: p.document }))
      : undefined,
    managedPolicyArns: arns.length ? arns : undefined,
    permissionsBoundary: r.permissionsBoundaryArn,
    maxSessionDuration: r.maxSessionDuration,
    tags: tagsOf(r.tags),
  });
}

function tag(stack, tags) {
  for (const key of Object.keys(tags).sort()) Tags.of(stack).add(key, tags[key]);
  Tags.of(stack).add('managed-by', 'fleetlink');
}

export function synthFloor(plan, outdir) {
  const app = new App({
    outdir,
    analyticsReporting: false,
    stackTraces: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
  const hubName = `fleetlink-hub-${plan.hub.account}-${plan.hub.region}`;
  const hub = new Stack(app, hubName, {
    env: { account: plan.hub.account, region: plan.hub.region },
    stackName: hubName,
  });
  for (const p of plan.oidcProviders)
    if (p.create)
      new iam.OidcProviderNative(hub, id('OidcProvider', p.issuerHost), {
        url: p.issuerUrl,
        clientIds: [...p.clientIds],
      });
  const byArn = new Map();
  for (const r of plan.roles) byArn.set(r.arn, r);
  for (const r of byArn.values()) {
    if (r.kind === 'deployer') continue;
    const cfn = role(hub, r);
    new CfnOutput(hub, id('RoleArn', r.name), {
      value: cfn.attrArn,
      description: `ARN of the Argo CD ${r.kind} role ${r.name}`,
    });
  }
  tag(hub, plan.tags);
  const stacks = new Map();
  const stackFor = (account, region) => {
    const name = `fleetlink-spokes-${account}-${region}`;
    let s = stacks.get(name);
    if (!s) {
      s = { stack: new Stack(app, name, { env: { account, region }, stackName: name }), roles: new Map() };
      s.stack.addStackDependency(hub, 'deployer trust policies name the management role');
      stacks.set(name, s);
    }
    return s;
  };
  const firstRegion = new Map();
  for (const e of plan.accessEntries) {
    const k = `${e.account}/${e.principalArn}`;
    if (!firstRegion.has(k) || e.region < firstRegion.get(k)) firstRegion.set(k, e.region);
  }
  for (const r of byArn.values()) {
    if (r.kind !== 'deployer') continue;
    const s = stackFor(r.account, firstRegion.get(`${r.account}/${r.arn}`) ?? plan.hub.region);
    const cfn = role(s.stack, r);
    s.roles.set(r.arn, cfn);
    new CfnOutput(s.stack, id('RoleArn', r.name), {
      value: cfn.attrArn,
      description: `ARN of the Argo CD deployer role ${r.name}`,
    });
  }
  for (const e of plan.accessEntries) {
    const s = stackFor(e.account, e.region);
    const entry = new eks.CfnAccessEntry(
      s.stack,
      id('AccessEntry', e.clusterName, e.principalArn.slice(e.principalArn.lastIndexOf('/') + 1)),
      {
        clusterName: e.clusterName,
        principalArn: e.principalArn,
        type: e.type,
        kubernetesGroups: e.kubernetesGroups.length ? [...e.kubernetesGroups] : undefined,
        accessPolicies: e.accessPolicies.length
          ? e.accessPolicies.map((p) => ({
              policyArn: p.policyArn,
              accessScope:
                p.accessScope.type === 'namespace'
                  ? { type: 'namespace', namespaces: [...(p.accessScope.namespaces ?? [])] }
                  : { type: 'cluster' },
            }))
          : undefined,
      },
    );
    const r = s.roles.get(e.principalArn);
    if (r) entry.node.addDependency(r);
  }
  for (const s of stacks.values()) tag(s.stack, plan.tags);
  return app.synth();
}
