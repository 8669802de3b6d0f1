/**
 * Validation of an evaluation request given as JSON (one line of `fleetlink simulate --jsonl`, or a
 * request file), with JSON-path problems. Policies are validated by `parsePolicy`.
 */
import { isAccountId } from './arn.js';
import { type PolicyProblem, parsePolicy, pathKey } from './policy.js';
import type { ContextValue, EvalRequest } from './types.js';

const FIELDS = new Set([
  'principal',
  'action',
  'resource',
  'context',
  'identityPolicies',
  'resourcePolicy',
  'permissionBoundary',
  'sessionPolicies',
  'scps',
  'rcps',
  'resourceAccount',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export interface ParsedRequest {
  readonly request?: EvalRequest;
  readonly problems: readonly PolicyProblem[];
}

/**
 * Checks an untrusted request object. Context values may be strings, numbers or booleans (or arrays
 * of them, for multi-valued keys); they are compared as strings, the way IAM receives them.
 */
export function parseRequest(raw: unknown): ParsedRequest {
  const problems: PolicyProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(raw)) return { problems: [{ path: '$', message: 'expected a request object' }] };
  // `null` in an optional field means absent (jq and friends emit it readily).
  const value: Record<string, unknown> = Object.fromEntries(
    Object.entries(raw).filter(([, v]) => v !== null),
  );
  for (const key of Object.keys(value)) {
    if (!FIELDS.has(key))
      problem(pathKey('$', key), `unknown field (expected one of ${[...FIELDS].join(', ')})`);
  }
  const str = (key: string, check?: (s: string) => string | undefined): string | undefined => {
    const v = value[key];
    if (typeof v !== 'string' || v === '') {
      problem(`$.${key}`, v === undefined ? 'required (a string)' : 'expected a non-empty string');
      return undefined;
    }
    const bad = check?.(v);
    if (bad) problem(`$.${key}`, bad);
    return v;
  };
  const principal = str('principal');
  const action = str('action', (s) =>
    /^[A-Za-z0-9-]+:[^\s:]+$/.test(s) ? undefined : 'expected "service:Action"',
  );
  const resource = str('resource');

  const context: Record<string, ContextValue> = {};
  if (value.context !== undefined) {
    if (!isObject(value.context)) problem('$.context', 'expected an object of {key: value | [values]}');
    else {
      for (const [k, v] of Object.entries(value.context)) {
        if (isScalar(v)) context[k] = String(v);
        else if (Array.isArray(v) && v.every(isScalar)) context[k] = v.map((x) => String(x));
        else problem(pathKey('$.context', k), 'expected a string, number, boolean or an array of them');
      }
    }
  }

  const policy = (v: unknown, path: string): void => {
    for (const p of parsePolicy(v, path).problems) problems.push(p);
  };
  const policyArray = (key: string, nested: boolean): void => {
    const v = value[key];
    if (v === undefined) return;
    if (!Array.isArray(v)) {
      problem(`$.${key}`, 'expected an array of policy documents');
      return;
    }
    v.forEach((item, i) => {
      if (!nested || !Array.isArray(item)) {
        policy(item, `$.${key}[${i}]`);
        return;
      }
      item.forEach((doc, j) => {
        policy(doc, `$.${key}[${i}][${j}]`);
      });
    });
  };
  policyArray('identityPolicies', false);
  policyArray('sessionPolicies', false);
  policyArray('scps', true);
  policyArray('rcps', true);
  if (value.resourcePolicy !== undefined) policy(value.resourcePolicy, '$.resourcePolicy');
  if (value.permissionBoundary !== undefined) policy(value.permissionBoundary, '$.permissionBoundary');
  if (value.resourceAccount !== undefined) {
    if (typeof value.resourceAccount !== 'string' || !isAccountId(value.resourceAccount)) {
      problem('$.resourceAccount', 'expected a 12-digit account id (a string)');
    }
  }
  if (problems.length > 0 || principal === undefined || action === undefined || resource === undefined) {
    return { problems };
  }
  const request: EvalRequest = {
    principal,
    action,
    resource,
    context,
    ...(value.identityPolicies !== undefined
      ? { identityPolicies: value.identityPolicies as EvalRequest['identityPolicies'] }
      : {}),
    ...(value.resourcePolicy !== undefined
      ? { resourcePolicy: value.resourcePolicy as EvalRequest['resourcePolicy'] }
      : {}),
    ...(value.permissionBoundary !== undefined
      ? { permissionBoundary: value.permissionBoundary as EvalRequest['permissionBoundary'] }
      : {}),
    ...(value.sessionPolicies !== undefined
      ? { sessionPolicies: value.sessionPolicies as EvalRequest['sessionPolicies'] }
      : {}),
    ...(value.scps !== undefined ? { scps: value.scps as EvalRequest['scps'] } : {}),
    ...(value.rcps !== undefined ? { rcps: value.rcps as EvalRequest['rcps'] } : {}),
    ...(typeof value.resourceAccount === 'string' ? { resourceAccount: value.resourceAccount } : {}),
  };
  return { request, problems: [] };
}
