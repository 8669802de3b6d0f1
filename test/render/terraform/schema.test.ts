/**
 * Every generated `.tf` file parses with HashiCorp's HCL parser, and every argument of every
 * resource, data source (also the scoped ones inside `check` blocks) and provider block is one the
 * provider's schema has — with every required argument present and blocks written as blocks —
 * per the schemas of hashicorp/aws 6.25.0 and hashicorp/kubernetes 2.38.0 as their generated
 * bindings carry them (helpers/provider-schema.ts). Nothing here is a hand-written list.
 */
import { describe, expect, it } from 'vitest';
import { AWS_PROVIDER, KUBERNETES_PROVIDER } from '../../../src/render/terraform/index.js';
import { examples, planOf, render, VARIANTS } from './helpers/examples.js';
import { parseHcl } from './helpers/hcl-read.js';
import {
  type BlockSchema,
  type ProviderPackage,
  providerPackage,
  typeSchema,
} from './helpers/provider-schema.js';

const aws = providerPackage('@cdktf/provider-aws');
const kubernetes = providerPackage('@cdktf/provider-kubernetes');
const META = new Set(['provider', 'for_each', 'count', 'depends_on', 'lifecycle']);

const pkgFor = (type: string): ProviderPackage => (type.startsWith('kubernetes') ? kubernetes : aws);

/** Problems of one block body against its schema; `where` names it in messages. */
function problems(
  body: Record<string, unknown>,
  schema: BlockSchema,
  where: string,
  meta: boolean,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (meta && META.has(name)) continue;
    const arg = schema.arguments.get(name);
    if (!arg) {
      out.push(`${where}: "${name}" is not an argument of this type`);
      continue;
    }
    const isBlockValue =
      Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    if (arg.block) {
      if (!isBlockValue) out.push(`${where}: "${name}" must be written as a block`);
      else
        for (const [i, b] of (value as Record<string, unknown>[]).entries())
          out.push(...problems(b, arg.block, `${where}.${name}[${i}]`, false));
    } else if (isBlockValue && (value as unknown[]).length > 0)
      out.push(`${where}: "${name}" is an attribute, written as a block`);
  }
  for (const arg of schema.arguments.values())
    if (arg.required && !(arg.name in body)) out.push(`${where}: required "${arg.name}" is missing`);
  return out;
}

type Blocks = Record<string, Record<string, Record<string, unknown>[]>>;

function checkFile(file: string, json: Record<string, unknown>): { problems: string[]; checked: string[] } {
  const out: string[] = [];
  const checked: string[] = [];
  const typed = (mode: 'resource' | 'data', blocks: Blocks | undefined, where: string) => {
    for (const [type, byName] of Object.entries(blocks ?? {}))
      for (const [name, bodies] of Object.entries(byName))
        for (const body of bodies) {
          checked.push(`${mode} ${type}`);
          out.push(
            ...problems(body, typeSchema(pkgFor(type), mode, type), `${where}${mode} ${type}.${name}`, true),
          );
        }
  };
  typed('resource', json.resource as Blocks, `${file}: `);
  typed('data', json.data as Blocks, `${file}: `);
  for (const [name, bodies] of Object.entries(
    (json.check ?? {}) as Record<string, Record<string, unknown>[]>,
  ))
    for (const body of bodies) typed('data', body.data as Blocks, `${file}: check ${name}: `);
  for (const [type, bodies] of Object.entries(
    (json.provider ?? {}) as Record<string, Record<string, unknown>[]>,
  ))
    for (const body of bodies) {
      checked.push(`provider ${type}`);
      out.push(
        ...problems(body, typeSchema(pkgFor(type), 'provider', type), `${file}: provider ${type}`, false),
      );
    }
  return { problems: out, checked };
}

describe("generated Terraform against the providers' schemas", () => {
  it('uses the provider versions the schemas come from', () => {
    expect(aws.providerVersion).toBe('6.25.0');
    expect(kubernetes.providerVersion).toBe('2.38.0');
    // The pinned constraints admit the checked versions: ~> 6.25 is >= 6.25.0, < 7.0.0.
    expect(AWS_PROVIDER.version).toBe('~> 6.25');
    expect(KUBERNETES_PROVIDER.version).toBe('~> 2.38');
  });

  for (const example of examples)
    for (const [variant, options] of Object.entries(VARIANTS))
      it(`${example} (${variant}): every file parses and every argument is in the schema`, async () => {
        const { files } = await render(planOf(example), options);
        const seen = new Set<string>();
        const all: string[] = [];
        for (const [file, text] of files) {
          if (!file.endsWith('.tf')) continue;
          const json = await parseHcl(file, text);
          const r = checkFile(file, json);
          all.push(...r.problems);
          for (const c of r.checked) seen.add(c);
        }
        expect(all).toEqual([]);
        // The check reached the resources that matter (a file set that parses to nothing fails here).
        expect(seen).toContain('provider aws');
        expect(seen).toContain('resource aws_eks_access_entry');
        expect(seen).toContain('resource aws_eks_access_policy_association');
        expect(seen).toContain('resource aws_iam_role');
        if (options.clusterSecrets) expect(seen).toContain('resource kubernetes_secret_v1');
        if (options.checks !== false) expect(seen).toContain('data aws_eks_access_entry');
      });

  it('catches what it is meant to catch: unknown, missing and misplaced arguments', () => {
    const json = {
      resource: {
        aws_eks_access_policy_association: {
          x: [
            {
              cluster_name: 'c',
              principal_arn: 'p',
              policy_arn: 'a',
              access_scope: { type: 'cluster' },
              namespace: 'n',
            },
          ],
        },
        aws_eks_access_entry: { y: [{ cluster_name: 'c' }] },
      },
    };
    const r = checkFile('bad.tf', json);
    expect(r.problems).toEqual([
      'bad.tf: resource aws_eks_access_policy_association.x: "access_scope" must be written as a block',
      'bad.tf: resource aws_eks_access_policy_association.x: "namespace" is not an argument of this type',
      'bad.tf: resource aws_eks_access_entry.y: required "principal_arn" is missing',
    ]);
  });
});
