/**
 * `fleetlink synth --target terraform` as a user runs it: the compiled CLI in a child process.
 * No `terraform` binary is used (CI machines need not have one); the written files are read
 * back with HashiCorp's HCL parser instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModule } from '../render/terraform/helpers/hcl-read.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const example = (name: string) => join(root, 'examples', name, 'fleet.yaml');
const work = mkdtempSync(join(tmpdir(), 'fleetlink-cli-tf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: readonly string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function snapshot(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) for (const [k, v] of snapshot(p, `${prefix}${f}/`)) out.set(k, v);
    else out.set(`${prefix}${f}`, readFileSync(p, 'utf8'));
  }
  return out;
}

describe('fleetlink synth --target terraform', () => {
  it('writes a Terraform root module, says how to apply it, and is byte-identical on re-run', async () => {
    const r = run(['synth', example('least-privilege'), '--target', 'terraform', '--out', 'tf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote a Terraform configuration of \d+ \.tf file\(s\)/);
    expect(r.stdout).toMatch(/aws_eks_access_entry +3/);
    expect(r.stdout).toContain('terraform plan -out tfplan');
    const first = snapshot(join(work, 'tf'));
    expect([...first.keys()]).toEqual(
      expect.arrayContaining(['versions.tf', 'providers.tf', 'hub.tf', 'spokes.tf', 'argocd/values.yaml']),
    );
    const m = await readModule(first);
    expect(m.instances.size).toBeGreaterThan(5);
    expect(run(['synth', example('least-privilege'), '--target', 'terraform', '--out', 'tf']).code).toBe(0);
    expect(snapshot(join(work, 'tf'))).toEqual(first);
  });

  it('prints JSON alone on stdout with --format json, and takes the Terraform flags', () => {
    const backend = 'terraform {\n  backend "s3" {\n    key = "fleetlink.tfstate"\n  }\n}\n';
    writeFileSync(join(work, 'backend.hcl'), backend);
    const r = run([
      'synth',
      example('organization'),
      '--target',
      'terraform',
      '--out',
      'org',
      '--cluster-secrets',
      '--import',
      'access-entries,roles',
      '--no-checks',
      '--assume-role-name',
      'FleetlinkTerraform',
      '--backend-file',
      'backend.hcl',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.outdir).toBe('org');
    expect(out.files).toContain('organization.tf');
    expect(out.files).toContain('argocd.tf');
    expect(out.files).toContain('imports.tf');
    expect(out.files).not.toContain('checks.tf');
    expect(out.resources.aws_cloudformation_stack_set).toBe(1);
    expect(out.resources.kubernetes_secret_v1).toBe(4);
    const files = snapshot(join(work, 'org'));
    expect(files.get('versions.tf')).toContain('hashicorp/kubernetes');
    expect(files.get('variables.tf')).toContain('"FleetlinkTerraform"');
    expect(files.get('organization.tf')).toContain('RoleargocddeployerRole');
    expect(files.get('backend.tf')).toBe(backend);
  });

  it('usage errors exit 2 without a stack trace', () => {
    for (const args of [
      ['--target', 'pulumi'],
      ['--target', 'terraform', '--verify'],
      ['--target', 'terraform', '--no-validation'],
      ['--target', 'terraform', '--import', 'everything'],
      ['--cluster-secrets'],
      ['--no-checks'],
      ['--backend-file', 'x.hcl'],
    ]) {
      const r = run(['synth', example('two-accounts'), '--out', 'usage', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--target|--import|applies to|apply to/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a bad fleet file names file:line:column, exits 1, and leaves the output directory as it was', () => {
    const dir = join(work, 'keep');
    mkdirSync(dir);
    writeFileSync(join(dir, 'stale.tf'), '# old');
    const bad = join(work, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: fleetlink.dev/v1alpha1\nkind: Fleet\nidentity: irsa\nhub:\n  account: "12"\n',
    );
    const r = run(['synth', bad, '--target', 'terraform', '--out', 'keep']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['stale.tf']);
    const missing = run(['synth', join(work, 'missing.yaml'), '--target', 'terraform', '--out', 'keep']);
    expect(missing.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['stale.tf']);
    const noBackend = run([
      'synth',
      example('two-accounts'),
      '--target',
      'terraform',
      '--out',
      'keep',
      '--backend-file',
      'nope.hcl',
    ]);
    expect(noBackend.code).toBe(2);
    expect(noBackend.stderr).toContain('cannot read backend file nope.hcl');
    expect(readdirSync(dir)).toEqual(['stale.tf']);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
