/**
 * Organization guardrail files for prove: `{ "<account id>": [policy, ...] }`, one list of SCPs
 * (applied to principals of that account) or RCPs (applied to resources of that account) per
 * account. Pure: the CLI reads the file (src/cli/inputs.ts readInputJson) and hands the value here.
 * SCP syntax: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 * RCP syntax: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
import { type PolicyProblem, parsePolicy, pathKey } from '../iam/policy.js';
import type { PolicyDocument } from '../plan/types.js';

export type GuardrailKind = 'scp' | 'rcp';

export interface GuardrailFile {
  readonly policies: Readonly<Record<string, readonly PolicyDocument[]>>;
  /** JSON-path problems (`$["222222222222"][0].Statement[0].Principal: …`); empty when valid. */
  readonly problems: readonly PolicyProblem[];
}

const ACCOUNT = /^\d{12}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a guardrail file's value: account-id keys, arrays of policies valid for `kind`. */
export function parseGuardrails(value: unknown, kind: GuardrailKind): GuardrailFile {
  const problems: PolicyProblem[] = [];
  const policies: Record<string, PolicyDocument[]> = {};
  if (!isObject(value)) {
    problems.push({
      path: '$',
      message: `expected an object { "<account id>": [${kind.toUpperCase()}, ...] }`,
    });
    return { policies, problems };
  }
  for (const [account, list] of Object.entries(value)) {
    const path = pathKey('$', account);
    if (!ACCOUNT.test(account)) {
      problems.push({
        path,
        message: `expected a 12-digit AWS account id as key, got ${JSON.stringify(account)}`,
      });
      continue;
    }
    if (!Array.isArray(list)) {
      problems.push({ path, message: `expected an array of ${kind.toUpperCase()} documents` });
      continue;
    }
    list.forEach((doc, i) => {
      problems.push(...parsePolicy(doc, pathKey(path, i), { kind }).problems);
    });
    policies[account] = list as PolicyDocument[];
  }
  return { policies, problems };
}
