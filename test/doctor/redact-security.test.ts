import { describe, expect, it } from 'vitest';
import { redactClusterConfig } from '../../src/doctor/redact.js';

describe('redactClusterConfig: a malformed config never leaks its text', () => {
  const secret = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9';
  it.each([
    `{"bearerToken": ${secret}}`,
    `${secret}`,
    `{"password": "x", "bearerToken": ${secret}, "tlsClientConfig": {}}`,
  ])('JSON.parse excerpt is withheld: %#', (raw) => {
    const { configError } = redactClusterConfig(raw);
    expect(configError).toBeDefined();
    expect(configError).not.toContain(secret.slice(0, 6));
    expect(configError).not.toContain('eyJ');
  });
  it('keeps the kind of error and the position when V8 gives one', () => {
    expect(redactClusterConfig('{"a":1,}').configError).toMatch(/position \d+/);
  });
});
