/**
 * All snapshot rules, in chain order. `analyze` is pure: Snapshot in, findings out.
 */
import { type Finding, sortFindings } from '../../findings.js';
import { parkFindings } from '../parked.js';
import type { Snapshot } from '../snapshot.js';
import { accessRules } from './access.js';
import { argocdRules } from './argocd.js';
import { collectedRules } from './collected.js';
import { buildContext, type Ctx } from './context.js';
import { frozenRules } from './frozen.js';
import { identityRules } from './identity.js';
import { networkRules } from './network.js';
import { roleRules } from './roles.js';
import { shardRules } from './shards.js';
import { tokenRules } from './token.js';

export type Rule = (ctx: Ctx) => Finding[];

export const RULES: readonly Rule[] = [
  identityRules,
  roleRules,
  tokenRules,
  accessRules,
  networkRules,
  argocdRules,
  shardRules,
  frozenRules,
  collectedRules,
];

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.id}|${f.subject}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function analyze(snapshot: Snapshot): Finding[] {
  const ctx = buildContext(snapshot);
  return sortFindings(parkFindings(snapshot, dedupe(RULES.flatMap((rule) => rule(ctx)))));
}

export { buildContext };
