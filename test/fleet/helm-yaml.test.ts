/**
 * helmYamlType follows go-yaml v2's resolve() (Helm's YAML). Each row is what go-yaml v2 gives
 * the plain scalar, worked out from resolve.go's rules (see src/fleet/helm-yaml.ts).
 */
import { describe, expect, it } from 'vitest';
import { helmYamlType } from '../../src/fleet/helm-yaml.js';
import { parseFleet } from '../../src/fleet/load.js';
import { checkArgoClusterName } from '../../src/fleet/rules.js';

const rows: [string, ReturnType<typeof helmYamlType>][] = [
  // the fixed table: YAML 1.1 booleans and nulls, in exactly these casings
  ['y', 'bool'],
  ['yes', 'bool'],
  ['on', 'bool'],
  ['OFF', 'bool'],
  ['oN', 'string'],
  ['null', 'null'],
  ['~', 'null'],
  ['', 'null'],
  ['nan', 'string'],
  ['.inf', 'float'],
  // Go integer literals through strconv.ParseInt(s, 0, 64)
  ['0o17', 'int'],
  ['017', 'int'],
  ['0x1f', 'int'],
  ['0b101', 'int'],
  ['0', 'int'],
  ['18446744073709551615', 'int'], // ParseUint
  ['0xffffffffffffffffff', 'string'], // out of range for both, and no float form
  // floats: yamlStyleFloat and ParseFloat
  ['08', 'float'], // not octal, so a float
  ['1e3', 'float'],
  ['1.5', 'float'],
  ['1.', 'float'],
  ['99999999999999999999', 'float'], // too big for ParseUint
  ['1e999', 'string'], // ParseFloat: value out of range
  ['1.2.3', 'string'],
  ['1e', 'string'],
  // a letter first: never a number
  ['e1', 'string'],
  ['e10', 'string'],
  ['x1', 'string'],
  // timestamps: 4 digits, "-", and a date time.Parse accepts
  ['2024-01-02', 'timestamp'],
  ['2024-1-2', 'timestamp'],
  ['2024-02-30', 'string'],
  ['2024-02-29', 'timestamp'],
  ['2023-02-29', 'string'],
  ['2024-13-01', 'string'],
  ['202-01-02', 'string'],
  ['spoke-1', 'string'],
];

describe('helmYamlType (go-yaml v2 resolve rules)', () => {
  it.each(rows)('%j is %s', (value, type) => {
    expect(helmYamlType(value)).toBe(type);
  });
});

describe('Argo CD cluster names follow what Helm reads', () => {
  it('rejects names go-yaml v2 reads as something else, quoted or not', () => {
    for (const name of ['0o17', '017', '1e3', '2024-01-02', 'no', 'on', '0b1'])
      expect(checkArgoClusterName(name), name).toMatch(/would be read as .* by Helm's YAML \(go-yaml v2/);
  });
  it('accepts names go-yaml v2 keeps as strings', () => {
    for (const name of ['e1', 'e10', '1.2.3', 'nan', 'inf', '2024-13-01', 'spoke-0o17'])
      expect(checkArgoClusterName(name), name).toBeUndefined();
  });
  it('loads a fleet whose spoke is named e1', () => {
    const text = `apiVersion: fleetlink.dev/v1alpha1
kind: Fleet
hub:
  account: "111111111111"
  region: eu-central-1
  clusterName: hub
  oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/B0A0333CE7C6DE3DC81E6B95F30F28FA
spokes:
  - name: e1
    account: "222222222222"
    endpoint: https://98B746BAE3EDD3474F957D0953BFFAE7.gr7.eu-central-1.eks.amazonaws.com
`;
    expect(parseFleet(text, 'fleet.yaml').fleet.spokes.map((s) => s.name)).toEqual(['e1']);
  });
});
