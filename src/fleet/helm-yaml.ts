/**
 * What Helm's YAML reader makes of a plain (unquoted) scalar. Helm parses rendered manifests with
 * sigs.k8s.io/yaml, which is go-yaml v2 (YAML 1.1 rules, not 1.2). The rules below follow
 * `resolve()` in go-yaml v2's resolve.go (github.com/go-yaml/yaml, branch v2):
 *
 * - The first character picks what is tried: `+ - 0-9` → timestamp, int, float; one of
 *   `y Y n N t T f F o O ~` → only the fixed table; `.` → float; anything else is a string.
 *   So `e1` stays a string (no number starts with a letter), while `1e3` is a float.
 * - The fixed table: `y Y yes Yes YES true True TRUE on On ON` (true), `n N no No NO false False
 *   FALSE off Off OFF` (false), `~ null Null NULL` and the empty string (null), `.nan .inf` and
 *   friends (floats), `<<` (merge).
 * - Timestamps (unquoted only): four digits and `-`, parsed with Go's time.Parse in the layouts
 *   `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`.
 * - Ints: underscores removed, then Go's strconv.ParseInt(s, 0, 64) — base prefixes `0x`, `0o`,
 *   `0b`, a leading `0` for octal — or ParseUint(s, 0, 64); so `0o17` and `017` are the int 15.
 * - Floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` when strconv.ParseFloat
 *   accepts it (an overflow such as `1e999` is an error there, so it stays a string); `08` is
 *   not octal, so it ends up here as the float 8.
 */

export type HelmYamlType = 'bool' | 'null' | 'int' | 'float' | 'timestamp' | 'merge' | 'string';

const TABLE: Readonly<Record<string, HelmYamlType>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, 'bool']),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, 'bool']),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, 'null']),
  ...[
    '.nan',
    '.NaN',
    '.NAN',
    '.inf',
    '.Inf',
    '.INF',
    '+.inf',
    '+.Inf',
    '+.INF',
    '-.inf',
    '-.Inf',
    '-.INF',
  ].map((s) => [s, 'float']),
  ['<<', 'merge'],
]) as Record<string, HelmYamlType>;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The type go-yaml v2 gives the plain scalar `v`. */
export function helmYamlType(v: string): HelmYamlType {
  const table = TABLE[v];
  const first = v[0] ?? '';
  if (/^[yYnNtTfFoO~]$/.test(first) || v === '') return table ?? 'string';
  if (first === '.') return table ?? (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(v) ? 'float' : 'string');
  if (!/^[-+0-9]$/.test(first)) return 'string';
  if (table !== undefined) return table; // +.inf, -.inf
  if (isTimestamp(v)) return 'timestamp';
  const plain = v.replace(/_/g, '');
  if (goParseInt(plain)) return 'int';
  if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return 'float';
  return 'string';
}

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds (Go integer literal syntax, in range). */
function goParseInt(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const sign = m[1] ?? '';
  const body = m[2] ?? '';
  const digits = /^0[oO]/.test(body)
    ? `0o${body.slice(2)}`
    : /^0[0-7]+$/.test(body)
      ? `0o${body.slice(1)}`
      : body;
  const n = BigInt(digits.toLowerCase());
  if (sign === '-') return n <= INT64_MAX + 1n;
  if (sign === '+') return n <= INT64_MAX;
  return n <= UINT64_MAX;
}

/** time.Parse in one of go-yaml v2's layouts; only a valid calendar date parses. */
function isTimestamp(v: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?(?:Z|[-+]\d{2}:\d{2})| \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,9})?)?$/.exec(
      v,
    );
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 31;
  return day <= days;
}
