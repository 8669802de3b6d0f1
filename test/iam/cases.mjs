// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are ${...} inside plain strings.
// Generated IAM requests + policies for the differential test (test/iam/differential.test.ts) and the
// evaluator benchmark (bench/iam.bench.mjs). Plain JS so the benchmark can import it without a build.
// Pools are small on purpose: the same names recur across principals, policies and context so that
// statements actually match and every decision (Allowed / ExplicitlyDenied / ImplicitlyDenied) is common.
import fc from 'fast-check';

export const A = '111111111111';
export const B = '222222222222';
const ACCOUNTS = [A, B];
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const ISSUER2 = 'oidc.eks.eu-west-1.amazonaws.com/id/DEF';
const OIDC_ARN = `arn:aws:iam::${A}:oidc-provider/${ISSUER}`;
const OIDC_ARN2 = `arn:aws:iam::${A}:oidc-provider/${ISSUER2}`;

const acct = fc.constantFrom(...ACCOUNTS);
const roleName = fc.constantFrom('mgr', 'deployer', 'Mgr');

/** Request principals: roles, sessions, users, federated users, roots, OIDC providers, services, anonymous. */
export const principalArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(acct, roleName).map(([a, r]) => `arn:aws:sts::${a}:assumed-role/${r}/s1`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(acct, roleName, fc.constantFrom('', 'fleet/'))
      .map(([a, r, p]) => `arn:aws:iam::${a}:role/${p}${r}`),
  },
  { weight: 2, arbitrary: acct.map((a) => `arn:aws:iam::${a}:user/alice`) },
  { weight: 1, arbitrary: acct.map((a) => `arn:aws:sts::${a}:federated-user/alice`) },
  { weight: 1, arbitrary: acct.map((a) => `arn:aws:iam::${a}:root`) },
  { weight: 2, arbitrary: fc.constantFrom(OIDC_ARN, OIDC_ARN2) },
  { weight: 1, arbitrary: fc.constantFrom('pods.eks.amazonaws.com', 'ec2.amazonaws.com') },
  { weight: 1, arbitrary: fc.constant('anonymous') },
);

const REQUEST_ACTIONS = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'eks:DescribeCluster',
  'eks:AccessKubernetesApi',
  's3:GetObject',
  's3:PutObject',
  'ec2:DescribeInstances',
  'iam:GetRole',
  'iam:PassRole',
];
const ACTION_PATTERNS = [
  '*',
  'sts:*',
  'sts:AssumeRole',
  'sts:Assume*',
  'sts:AssumeRole?',
  'STS:assumerole',
  'sts:AssumeRoleWith*',
  'sts:TagSession',
  'eks:Describe*',
  'eks:*',
  'eks:AccessKubernetesApi',
  's3:*Object',
  's3:Get?bject',
  's3:GetObject',
  'ec2:*',
  'iam:Get*',
  'iam:PassRole',
];

const RESOURCES = [
  `arn:aws:iam::${A}:role/mgr`,
  `arn:aws:iam::${B}:role/deployer`,
  `arn:aws:iam::${B}:role/fleet/deployer`,
  `arn:aws:eks:us-east-1:${B}:cluster/prod`,
  `arn:aws:eks:eu-west-1:${A}:cluster/hub`,
  'arn:aws:s3:::bucket/alice/a.txt',
  'arn:aws:s3:::bucket',
  `arn:aws:iam::${A}:user/alice`,
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:iam::*:role/*',
  `arn:aws:iam::${A}:role/mgr`,
  `arn:aws:iam::${B}:role/*deployer`,
  'arn:aws:iam::*:role/fleet/*',
  'arn:aws:iam::*:role/Mgr',
  'arn:aws:eks:*:*:cluster/*',
  `arn:aws:eks:us-east-?:${B}:cluster/prod`,
  'arn:aws:eks:*:*:cluster/p*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/${aws:username}/*',
  'arn:aws:s3:::b*',
  'arn:aws:s3:::bucket',
  'arn:aws:iam::*:user/${aws:username}',
  "arn:aws:iam::*:role/${aws:PrincipalTag/team, 'mgr'}",
  'arn:aws:iam::*:role/${aws:PrincipalTag/team}',
  'arn:aws:iam::*:*',
];

// Context keys by type. Date keys are used only with Date operators (see normalizeForOracle).
const STRING_KEYS = {
  'aws:PrincipalTag/team': ['platform', 'Platform', 'mgr', 'dev'],
  'aws:username': ['alice', 'bob'],
  [`${ISSUER}:sub`]: [
    'system:serviceaccount:argocd:argocd-server',
    'system:serviceaccount:argocd:default',
    'system:serviceaccount:other:argocd-server',
  ],
  [`${ISSUER}:aud`]: ['sts.amazonaws.com', 'other'],
  'sts:ExternalId': ['ext-1', 'ext-*', 'EXT-1'],
  'aws:PrincipalOrgID': ['o-abc', 'o-xyz'],
};
const MULTI_KEYS = {
  'aws:TagKeys': ['team', 'env', 'Owner', 'alice'],
  'aws:PrincipalOrgPaths': ['o-abc/r-1/ou-1/', 'o-abc/r-1/ou-2/', 'o-xyz/r-9/'],
};
const NUMERIC_KEYS = { 'aws:MultiFactorAuthAge': ['0', '300', '3600', '1.5'], 's3:max-keys': ['10', '1000'] };
const DATE_KEYS = {
  'aws:CurrentTime': ['2024-01-01T00:00:00Z', '2025-06-01T12:00:00Z', '1735689600'],
  'aws:EpochTime': ['1700000000', '1750000000', '2024-06-01T00:00:00Z'],
};
const BOOL_KEYS = {
  'aws:SecureTransport': ['true', 'false', 'TRUE'],
  'aws:MultiFactorAuthPresent': ['true', 'false'],
};
const IP_KEYS = {
  'aws:SourceIp': ['10.1.2.3', '192.168.0.1', '2001:db8::1', '2001:db8:0:0:1::5', '::1', 'not-an-ip'],
};
const ARN_KEYS = {
  'aws:PrincipalArn': [
    `arn:aws:iam::${A}:role/mgr`,
    `arn:aws:iam::${B}:role/fleet/deployer`,
    `arn:aws:iam::${A}:user/alice`,
  ],
  'aws:SourceArn': [`arn:aws:eks:us-east-1:${B}:cluster/prod`, 'arn:aws:s3:::bucket'],
};
const BINARY_KEYS = { 'aws:BinaryThing': ['QUJD', 'REVG'] };
const ABSENT_KEYS = ['aws:SourceVpc', 'aws:RequestTag/env'];

const FAMILY_KEYS = {
  string: STRING_KEYS,
  numeric: NUMERIC_KEYS,
  date: DATE_KEYS,
  bool: BOOL_KEYS,
  ip: IP_KEYS,
  arn: ARN_KEYS,
  binary: BINARY_KEYS,
};

const POLICY_VALUES = {
  string: [
    'platform',
    'PLATFORM',
    'alice',
    'system:serviceaccount:argocd:argocd-server',
    'system:serviceaccount:argocd:*',
    'system:serviceaccount:*:argocd-?erver',
    'sts.amazonaws.com',
    'ext-1',
    'ext-${*}',
    'ext-*',
    '${aws:username}',
    '${aws:PrincipalTag/team}',
    "${aws:PrincipalTag/team, 'platform'}",
    "${aws:nothere, 'dev'}",
    'o-abc',
    'o-abc/*',
    'team',
    'env',
    '${?}x${$}',
  ],
  numeric: ['0', '300', '3600', '1.5', '100'],
  date: ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '1700000000', '1735689600', '2024-06-01'],
  bool: ['true', 'false', 'True'],
  ip: [
    '10.0.0.0/8',
    '10.1.2.3',
    '192.168.0.0/16',
    '2001:db8::/32',
    '2001:db8::1',
    '0.0.0.0/0',
    '::/0',
    '10.1.2.3/32',
  ],
  arn: [
    `arn:aws:iam::*:role/mgr`,
    `arn:aws:iam::${A}:role/*`,
    'arn:aws:iam::*:role/fleet/*',
    'arn:aws:iam::${aws:PrincipalAccount}:role/*',
    `arn:aws:eks:*:${B}:cluster/*`,
    'arn:aws:s3:::bucket',
    `arn:aws:iam::${A}:user/${'${aws:username}'}`,
  ],
  binary: ['QUJD', 'REVG'],
};

const OPERATORS = {
  string: [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
  ],
  numeric: [
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
  ],
  date: [
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
  ],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  binary: ['BinaryEquals'],
};

const familyArb = fc.constantFrom(
  'string',
  'string',
  'string',
  'multi',
  'numeric',
  'date',
  'bool',
  'ip',
  'arn',
  'binary',
  'null',
);

const keyCase = (key) => fc.constantFrom(key, key, key.toLowerCase(), key.toUpperCase());

/** One condition block entry: [operator, key, value(s)]. */
const conditionArb = familyArb.chain((family) => {
  if (family === 'null') {
    const keys = [...Object.keys(STRING_KEYS), ...Object.keys(MULTI_KEYS), ...ABSENT_KEYS];
    return fc.tuple(
      fc.constant('Null'),
      fc.constantFrom(...keys).chain(keyCase),
      fc.constantFrom('true', 'false', true, false),
    );
  }
  const valueFamily = family === 'multi' ? 'string' : family;
  const keyPool =
    family === 'multi'
      ? Object.keys(MULTI_KEYS)
      : [...Object.keys(FAMILY_KEYS[family]), ...(family === 'date' ? [] : ABSENT_KEYS)];
  const set =
    family === 'multi'
      ? fc.constantFrom('ForAnyValue:', 'ForAllValues:', '')
      : fc.constantFrom('', '', '', 'ForAnyValue:', 'ForAllValues:');
  const ifExists = fc.constantFrom('', '', 'IfExists');
  const values = fc.oneof(
    fc.constantFrom(...POLICY_VALUES[valueFamily]),
    fc.uniqueArray(fc.constantFrom(...POLICY_VALUES[valueFamily]), { minLength: 1, maxLength: 3 }),
  );
  return fc.tuple(
    fc.tuple(set, fc.constantFrom(...OPERATORS[valueFamily]), ifExists).map(([s, o, i]) => `${s}${o}${i}`),
    fc.constantFrom(...keyPool).chain(keyCase),
    values,
  );
});

const conditionBlockArb = fc.array(conditionArb, { minLength: 0, maxLength: 2 }).map((entries) => {
  if (entries.length === 0) return undefined;
  const block = {};
  for (const [op, key, value] of entries) {
    block[op] ??= {};
    block[op][key] = value;
  }
  return block;
});

const oneOrMany = (arb) => fc.oneof(arb, fc.uniqueArray(arb, { minLength: 1, maxLength: 3 }));

const principalEntryArb = fc.oneof(
  fc.constant('*'),
  fc.record({
    AWS: oneOrMany(
      fc.oneof(
        acct,
        acct.map((a) => `arn:aws:iam::${a}:root`),
        fc
          .tuple(acct, roleName, fc.constantFrom('', 'fleet/'))
          .map(([a, r, p]) => `arn:aws:iam::${a}:role/${p}${r}`),
        fc.tuple(acct, roleName).map(([a, r]) => `arn:aws:sts::${a}:assumed-role/${r}/s1`),
        acct.map((a) => `arn:aws:iam::${a}:user/alice`),
        fc.constant('*'),
      ),
    ),
  }),
  fc.record({ Federated: oneOrMany(fc.constantFrom(OIDC_ARN, OIDC_ARN2)) }),
  fc.record({ Service: oneOrMany(fc.constantFrom('pods.eks.amazonaws.com', 'ec2.amazonaws.com')) }),
  fc.record({
    AWS: fc.constantFrom(A, `arn:aws:iam::${B}:role/deployer`),
    Service: fc.constant('pods.eks.amazonaws.com'),
  }),
);

const effectArb = fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Deny');

/** Patterns that match this request's action (so that statements apply often). */
const relevantAction = (action) => {
  const [svc, name] = action.split(':');
  return fc.constantFrom(
    action,
    action.toLowerCase(),
    `${svc}:*`,
    `${svc}:${name.slice(0, 3)}*`,
    `${svc}:${name.slice(0, -1)}?`,
  );
};
/** Patterns that match this request's resource. */
const relevantResource = (resource) =>
  fc.constantFrom(resource, resource.replace(/[^/:]*$/, '*'), resource.replace(/[^/:]$/, '?'), '*');
/** Principal elements that name this caller (its ARN, its role, its account, its provider or service). */
const relevantPrincipal = (principal) => {
  const options = [];
  if (principal.startsWith('arn:')) {
    const account = principal.split(':')[4];
    options.push({ AWS: account }, { AWS: `arn:aws:iam::${account}:root` });
    if (principal.includes(':oidc-provider/')) options.push({ Federated: principal });
    else options.push({ AWS: principal });
    const session = /assumed-role\/([^/]+)\//.exec(principal);
    if (session)
      options.push(
        { AWS: `arn:aws:iam::${account}:role/${session[1]}` },
        { AWS: `arn:aws:iam::${account}:role/fleet/${session[1]}` },
      );
  } else if (principal.endsWith('amazonaws.com')) options.push({ Service: principal });
  else options.push('*');
  return fc.constantFrom(...options);
};

/**
 * A statement; `kind` is 'identity' (no Principal) or 'resource' (Principal/NotPrincipal, Resource
 * optional). `base` is the request, so that about half the patterns are drawn to match it.
 */
const statementArb = (kind, base) =>
  fc
    .record({
      effect: effectArb,
      notAction: fc.constantFrom(false, false, false, false, false, true),
      actions: oneOrMany(
        fc.oneof(
          { weight: 3, arbitrary: relevantAction(base.action) },
          { weight: 2, arbitrary: fc.constantFrom(...ACTION_PATTERNS) },
        ),
      ),
      resourceMode:
        kind === 'resource'
          ? fc.constantFrom('none', 'none', 'Resource', 'NotResource')
          : fc.constantFrom('Resource', 'Resource', 'Resource', 'Resource', 'NotResource'),
      resources: oneOrMany(
        fc.oneof(
          { weight: 3, arbitrary: relevantResource(base.resource) },
          { weight: 2, arbitrary: fc.constantFrom(...RESOURCE_PATTERNS) },
        ),
      ),
      principalMode: fc.constantFrom(
        'Principal',
        'Principal',
        'Principal',
        'Principal',
        'Principal',
        'NotPrincipal',
      ),
      principal: fc.oneof(
        { weight: 3, arbitrary: relevantPrincipal(base.principal) },
        { weight: 2, arbitrary: principalEntryArb },
      ),
      condition: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: conditionBlockArb },
      ),
      sid: fc.option(fc.constantFrom('S1', 'Trust', 'DenyOthers'), { nil: undefined }),
    })
    .map((s) => {
      const st = {};
      if (s.sid) st.Sid = s.sid;
      st.Effect = s.effect;
      if (kind === 'resource') st[s.principalMode] = s.principal;
      st[s.notAction ? 'NotAction' : 'Action'] = s.actions;
      if (s.resourceMode !== 'none') st[s.resourceMode] = s.resources;
      if (s.condition) st.Condition = s.condition;
      return st;
    });

const policyArb = (kind, base, max = 3) =>
  fc
    .tuple(
      fc.array(statementArb(kind, base), { minLength: 1, maxLength: max }),
      fc.boolean(),
      // Version 2008-10-17 (no policy variables) in about 1 policy of 20.
      fc.oneof(
        { weight: 19, arbitrary: fc.constant('2012-10-17') },
        { weight: 1, arbitrary: fc.constant('2008-10-17') },
      ),
    )
    .map(([statements, single, version]) => ({
      Version: version,
      Statement: single && statements.length === 1 ? statements[0] : statements,
    }));

/** Allow-all control policy (FullAWSAccess), so SCP/RCP levels usually pass and their denies matter. */
const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const controlLevelArb = (base) =>
  fc.array(fc.oneof(fc.constant(FULL_ACCESS), fc.constant(FULL_ACCESS), policyArb('identity', base, 2)), {
    minLength: 1,
    maxLength: 2,
  });
/** Boundaries and session policies: often allow-all-plus-something, sometimes arbitrary. */
const guardrailArb = (base) =>
  fc.oneof(
    policyArb('identity', base, 2),
    policyArb('identity', base, 2).map((p) => ({
      ...p,
      Statement: [...FULL_ACCESS.Statement, ...(Array.isArray(p.Statement) ? p.Statement : [p.Statement])],
    })),
  );

const contextArb = fc
  .record({
    string: fc.subarray(Object.keys(STRING_KEYS)),
    multi: fc.subarray(Object.keys(MULTI_KEYS)),
    other: fc.subarray([
      ...Object.keys(NUMERIC_KEYS),
      ...Object.keys(DATE_KEYS),
      ...Object.keys(BOOL_KEYS),
      ...Object.keys(IP_KEYS),
      ...Object.keys(ARN_KEYS),
      ...Object.keys(BINARY_KEYS),
    ]),
    seed: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
    stringAsArray: fc.constantFrom(false, false, false, false, true),
  })
  .map(({ string, multi, other, seed, stringAsArray }) => {
    let i = 0;
    const pick = (pool) => pool[(seed[i++ % seed.length] ?? 0) % pool.length];
    const ctx = {};
    const all = {
      ...STRING_KEYS,
      ...NUMERIC_KEYS,
      ...DATE_KEYS,
      ...BOOL_KEYS,
      ...IP_KEYS,
      ...ARN_KEYS,
      ...BINARY_KEYS,
    };
    for (const key of [...string, ...other]) ctx[key] = pick(all[key]);
    // A single-valued key sent as an array exercises "single-valued operator on a multi-valued key".
    if (stringAsArray && string.length > 0) ctx[string[0]] = [pick(STRING_KEYS[string[0]])];
    for (const key of multi) {
      const pool = MULTI_KEYS[key];
      const n = (seed[i++ % seed.length] ?? 0) % (pool.length + 1);
      ctx[key] = pool.slice(0, n);
    }
    return ctx;
  });

/** `arb` in `percent`% of cases, else undefined. */
const sometimes = (percent, arb) =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(undefined) }, { weight: percent, arbitrary: arb });

/**
 * A generated case: principal, action, resource, context and every policy layer.
 * Web-identity providers and service principals get no identity policies (they have none in AWS).
 */
export const caseArb = fc
  .record({
    principal: principalArb,
    action: fc.constantFrom(...REQUEST_ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
  })
  .chain((base) =>
    fc.record({
      principal: fc.constant(base.principal),
      action: fc.constant(base.action),
      resource: fc.constant(base.resource),
      s3Account: acct,
      context: contextArb,
      identityPolicies: fc.array(policyArb('identity', base), { minLength: 1, maxLength: 2 }),
      resourcePolicy: sometimes(75, policyArb('resource', base)),
      permissionBoundary: sometimes(35, guardrailArb(base)),
      sessionPolicies: sometimes(35, fc.array(guardrailArb(base), { minLength: 1, maxLength: 2 })),
      scps: sometimes(40, fc.array(controlLevelArb(base), { minLength: 1, maxLength: 2 })),
      rcps: sometimes(35, fc.array(controlLevelArb(base), { minLength: 1, maxLength: 2 })),
    }),
  )
  .map((c) => {
    const noIdentity =
      c.principal.startsWith('arn:aws:iam::' + A + ':oidc-provider') ||
      c.principal.endsWith('amazonaws.com') ||
      c.principal === 'anonymous';
    const request = {
      principal: c.principal,
      action: c.action,
      resource: c.resource,
      context: {
        ...c.context,
        // aws:PrincipalAccount is always present for authenticated callers, so ${aws:PrincipalAccount} resolves.
        ...(c.principal.startsWith('arn:') ? { 'aws:PrincipalAccount': c.principal.split(':')[4] } : {}),
      },
      identityPolicies: noIdentity ? [] : c.identityPolicies,
      ...(c.resourcePolicy ? { resourcePolicy: c.resourcePolicy } : {}),
      ...(c.permissionBoundary ? { permissionBoundary: c.permissionBoundary } : {}),
      ...(c.sessionPolicies ? { sessionPolicies: c.sessionPolicies } : {}),
      ...(c.scps ? { scps: c.scps } : {}),
      ...(c.rcps ? { rcps: c.rcps } : {}),
      ...(c.resource.startsWith('arn:aws:s3:::') ? { resourceAccount: c.s3Account } : {}),
    };
    return request;
  });

const DATE_OPS = /^(ForAnyValue:|ForAllValues:)?Date/i;
const IP_OPS = /^(ForAnyValue:|ForAllValues:)?(Not)?IpAddress/i;
const DATE_KEY_NAMES = new Set(Object.keys(DATE_KEYS).map((k) => k.toLowerCase()));
const epochToIso = (v) => (/^-?\d+$/.test(String(v)) ? new Date(Number(v) * 1000).toISOString() : v);
const ARN_OPS = /^(ForAnyValue:|ForAllValues:)?Arn/i;
const EQUALS_OPS = /^(ForAnyValue:|ForAllValues:)?String(Not)?Equals(IgnoreCase)?(IfExists)?$/i;
const unescapeSpecials = (v) =>
  String(v)
    .replace(/\$\{\*\}/g, '*')
    .replace(/\$\{\?\}/g, '?')
    .replace(/\$\{\$\}/g, '$');
const splitSlashZero = (values) =>
  values.flatMap((v) => (v === '0.0.0.0/0' ? ['0.0.0.0/1', '128.0.0.0/1'] : [v]));

/**
 * Rewrites a case into one with the same meaning under AWS semantics that avoids two oracle defects
 * (test/iam/oracle-disagreements.md):
 * #1 the oracle reads an all-digits date as epoch MILLISECONDS, AWS epoch time is SECONDS: epoch values
 *    become ISO timestamps, in the context (date keys only, which the generator uses with Date
 *    operators only) and under Date operators;
 * #3 the oracle's IPv4 `/0` matches nothing (a 32-bit shift): `0.0.0.0/0` becomes the two halves
 *    `0.0.0.0/1` + `128.0.0.0/1` (OR for IpAddress, NOR for NotIpAddress: same meaning);
 * #4 in String(Not)Equals(IgnoreCase) the oracle reads `${*}` / `${?}` / `${$}` as the literal text
 *    "${*}"; they stand for `*`, `?`, `$`, which those operators compare literally anyway;
 * #5 in Arn* operators the oracle splits the policy ARN on every `:`, also inside `${aws:…}`: such
 *    variables are substituted here (from the context, else their default) or, when unresolvable,
 *    replaced by a colon-free unresolvable variable — the same meaning without the colon;
 * #6 the oracle substitutes variables in Version 2008-10-17 policies too, where IAM treats `${…}` as
 *    literal text. No request string the generator makes contains `$` or `{`, so a pattern with a
 *    literal `${` matches nothing, wildcards or not; replacing each `${…}` of such a policy with the
 *    plain text `LITERALVAR` keeps that meaning for both engines.
 */
export function normalizeForOracle(request) {
  const lookup = new Map(Object.entries(request.context ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const substitute = (value) =>
    String(value).replace(/\$\{([^}]*:[^}]*)\}/g, (_, inner) => {
      const m = /^\s*([^,]*?)\s*(?:,\s*'(.*)'\s*)?$/.exec(inner);
      const v = lookup.get((m?.[1] ?? inner).toLowerCase());
      if (typeof v === 'string' && v !== '') return v;
      if (m?.[2]) return m[2];
      return '${unresolvable}';
    });
  const fixValues = (op, v) => {
    const list = Array.isArray(v) ? v : [v];
    if (ARN_OPS.test(op)) return Array.isArray(v) ? list.map(substitute) : substitute(v);
    if (DATE_OPS.test(op)) return Array.isArray(v) ? list.map(epochToIso) : epochToIso(v);
    if (IP_OPS.test(op) && list.includes('0.0.0.0/0')) return splitSlashZero(list);
    if (EQUALS_OPS.test(op)) return Array.isArray(v) ? list.map(unescapeSpecials) : unescapeSpecials(v);
    return v;
  };
  const fixPolicy = (original) => {
    if (!original) return original;
    const doc = original.Version === '2008-10-17' ? literalVariables(original) : original;
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
    const fixed = statements.map((st) => {
      if (!st.Condition) return st;
      const cond = {};
      for (const [op, block] of Object.entries(st.Condition)) {
        cond[op] = {};
        for (const [k, v] of Object.entries(block)) cond[op][k] = fixValues(op, v);
      }
      return { ...st, Condition: cond };
    });
    return { ...doc, Statement: Array.isArray(doc.Statement) ? fixed : fixed[0] };
  };
  const text = JSON.stringify(request);
  if (!/Date|Arn|2008-10-17|0\.0\.0\.0\/0|\$\{[*?$]\}/.test(text)) return request;
  const context = {};
  for (const [k, v] of Object.entries(request.context ?? {})) {
    context[k] = DATE_KEY_NAMES.has(k.toLowerCase())
      ? Array.isArray(v)
        ? v.map(epochToIso)
        : epochToIso(v)
      : v;
  }
  const levels = (l) => l?.map((level) => (Array.isArray(level) ? level.map(fixPolicy) : fixPolicy(level)));
  const out = { ...request, context };
  if (request.identityPolicies) out.identityPolicies = request.identityPolicies.map(fixPolicy);
  if (request.resourcePolicy) out.resourcePolicy = fixPolicy(request.resourcePolicy);
  if (request.permissionBoundary) out.permissionBoundary = fixPolicy(request.permissionBoundary);
  if (request.sessionPolicies) out.sessionPolicies = request.sessionPolicies.map(fixPolicy);
  if (request.scps) out.scps = levels(request.scps);
  if (request.rcps) out.rcps = levels(request.rcps);
  return out;
}

/** #6: `${…}` in a 2008-10-17 policy is literal text; see normalizeForOracle. */
function literalVariables(doc) {
  const rewrite = (v) => (typeof v === 'string' ? v.replace(/\$\{[^}]*\}/g, 'LITERALVAR') : v);
  const each = (v) => (Array.isArray(v) ? v.map(rewrite) : rewrite(v));
  const fix = (st) => {
    const out = { ...st };
    if (st.Resource) out.Resource = each(st.Resource);
    if (st.NotResource) out.NotResource = each(st.NotResource);
    if (st.Condition) {
      out.Condition = Object.fromEntries(
        Object.entries(st.Condition).map(([op, block]) => [
          op,
          Object.fromEntries(Object.entries(block).map(([k, v]) => [k, each(v)])),
        ]),
      );
    }
    return out;
  };
  return { ...doc, Statement: Array.isArray(doc.Statement) ? doc.Statement.map(fix) : fix(doc.Statement) };
}

/** Sample `n` cases deterministically (for the benchmark). */
export function sampleCases(n, seed = 42) {
  return fc.sample(caseArb, { numRuns: n, seed });
}
