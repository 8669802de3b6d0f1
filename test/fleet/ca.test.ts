import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCaData } from '../../src/fleet/ca.js';

const pem = readFileSync(join(import.meta.dirname, 'fixtures', 'ca.pem'), 'utf8');
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('checkCaData', () => {
  it('accepts base64 of a PEM certificate, as EKS returns certificateAuthority.data', () => {
    expect(checkCaData(b64(pem))).toBeUndefined();
  });

  it('names raw PEM and double base64 specifically', () => {
    expect(checkCaData(pem)).toMatch(/^is a raw PEM certificate, not base64/);
    expect(checkCaData(b64(b64(pem)))).toMatch(/^is base64-encoded twice/);
  });

  it('rejects a truncated certificate and other PEM blocks without echoing them', () => {
    const lines = pem.trim().split('\n');
    const truncated = [...lines.slice(0, 2), ...lines.slice(3)].join('\n');
    expect(checkCaData(b64(truncated))).toMatch(/content is damaged/);
    const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB==\n-----END PRIVATE KEY-----\n';
    const message = checkCaData(b64(key)) ?? '';
    expect(message).toMatch(/not a certificate/);
    expect(message).not.toContain('MC4CAQ');
  });

  it('rejects text that is not base64', () => {
    expect(checkCaData('not base64!')).toMatch(/^is not valid base64/);
    expect(checkCaData('')).toMatch(/^is not valid base64/);
  });
});
