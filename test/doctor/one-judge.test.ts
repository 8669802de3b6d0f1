/**
 * One IAM judge (issue 11, "One judge"): every IAM decision doctor makes is src/iam's, asked through
 * prove (src/prove/questions.ts, or prove itself on the observed plan). These tests read the source:
 * they fail when a module grows a matcher of its own again.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const rel = (f: string) => relative(SRC, f).split('\\').join('/');
const source = (f: string) => readFileSync(f, 'utf8');
const imports = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

/** Modules of src/iam that only data, ARN parsing or text checks, no judging, may be imported for. */
const IAM_DATA = new Set(['arn.js', 'types.js', 'document.js', 'text.js']); // text.js: invisible-character check

describe('doctor has no IAM judge of its own', () => {
  const doctor = files(join(SRC, 'doctor'));

  it('imports from src/iam only types, documents and the ARN reader; decisions come through prove', () => {
    const offenders = doctor.flatMap((f) =>
      imports(source(f))
        .filter((i) => /\/iam\//.test(i) && !IAM_DATA.has(i.slice(i.lastIndexOf('/') + 1)))
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('builds no regular expression at run time (no policy pattern becomes a RegExp outside src/iam)', () => {
    const offenders = doctor.filter((f) => /new RegExp\(|RegExp\(/.test(source(f))).map(rel);
    expect(offenders).toEqual([]);
  });

  it('has no glob matcher, operator table or condition evaluation of its own', () => {
    const own =
      /function (globMatch|baseOperator|conditionAccepts|actionMatches|identityAllows|trustAllowsRole)\b/;
    expect(doctor.filter((f) => own.test(source(f))).map(rel)).toEqual([]);
    expect(existsSync(join(SRC, 'doctor', 'rules', 'policy.ts'))).toBe(false);
  });
});

describe('outside src/iam, nobody compiles IAM patterns or runs IAM condition operators', () => {
  const outside = files(SRC).filter((f) => !rel(f).startsWith('iam/'));

  it("src/iam's pattern and condition internals are imported only by src/iam", () => {
    const offenders = outside.flatMap((f) =>
      imports(source(f))
        .filter((i) => /\/iam\/(pattern|conditions)\.js$/.test(i))
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it("prove's policy walker reads statements and matches nothing itself", () => {
    const walk = source(join(SRC, 'prove', 'policy-walk.ts'));
    expect(walk).not.toMatch(/export function (globMatch|baseOperator|actionCovers)\b/);
    expect(walk).not.toMatch(/RegExp|compileGlob|parseOperator/);
  });

  it('the RegExps built at run time in prove are for Argo CD and EKS access-scope globs, not IAM', () => {
    const built = outside
      .filter((f) => rel(f).startsWith('prove/'))
      .filter((f) => /new RegExp\(/.test(source(f)))
      .map(rel)
      .sort();
    // project-layer.ts: Argo CD AppProject destination globs; checks.ts: EKS access-policy
    // namespace scopes (`team-*`). Neither is an IAM policy pattern.
    expect(built).toEqual(['prove/checks.ts', 'prove/project-layer.ts']);
  });
});
