/**
 * Every registered finding id has a case that produces it (issue 11, "One registry"): a one-defect
 * plan in the mutation corpus (test/prove/mutations.test.ts), a one-defect snapshot in the snapshot
 * corpus (test/doctor/corpus-cases.ts), or — for ids only the fleet linter, the planner or the
 * Terraform reader report — the named test that asserts it. Each corpus test asserts its case's id
 * on its subject, so a case listed here is a case that fails when the id stops being produced.
 * This replaces the corpora's count floors: adding an id to the registry without a case fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/findings/registry.js';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** `id: '…'` of every case in a corpus file. */
const caseIds = (path: string): Set<string> =>
  new Set([...read(path).matchAll(/^\s+id: '([A-Z0-9.-]+)',$/gm)].map((m) => m[1]!));

const CORPORA = ['test/prove/mutations.test.ts', 'test/doctor/corpus-cases.ts'];

/** Ids produced outside prove and doctor's rules, and the test that asserts each. */
const ELSEWHERE: Readonly<Record<string, string>> = {
  'LINT-ALL-NAMESPACES': 'test/fleet/load.test.ts',
  'LINT-CAPABILITY-IGNORED': 'test/fleet/load.test.ts',
  'LINT-CLUSTER-RESOURCES-IGNORED': 'test/fleet/load.test.ts',
  'LINT-OIDC-UNUSED': 'test/fleet/load.test.ts',
  'LINT-REGISTER-SELF': 'test/fleet/load.test.ts',
  'LINT-SYSTEM-GROUP': 'test/fleet/load.test.ts',
  'PLAN-PACK-MANAGED': 'test/plan/plan.test.ts',
  'PLAN-PACK-ORG-PATTERN': 'test/plan/plan.test.ts',
  'PROVE-UNKNOWN-UNTIL-APPLY': 'test/prove/unknowns.test.ts',
};

describe('finding id coverage', () => {
  const covered = new Set(CORPORA.flatMap((p) => [...caseIds(p)]));

  it('every registered id has a case that produces it', () => {
    const missing = [...REGISTRY.keys()].filter((id) => !covered.has(id) && !(id in ELSEWHERE));
    expect(missing).toEqual([]);
  });

  it('ids covered elsewhere are asserted in the test named for them', () => {
    for (const [id, file] of Object.entries(ELSEWHERE))
      expect(read(file), `${id} in ${file}`).toContain(`'${id}'`);
  });

  it('the corpora and the list name only registered ids', () => {
    for (const id of [...covered, ...Object.keys(ELSEWHERE)]) expect(REGISTRY.has(id), id).toBe(true);
  });
});
