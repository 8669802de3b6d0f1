import { describe, expect, it } from 'vitest';
import { createToken, TOKEN_PREFIX } from '../../src/token/sign.js';
import { verifyToken } from '../../src/token/verify.js';

const SIGNED_AT = new Date('2026-01-02T03:04:05Z');
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
const valid = await createToken({
  credentials: CREDS,
  region: 'us-east-1',
  clusterName: 'prod',
  signingDate: SIGNED_AT,
});
const now = new Date(SIGNED_AT.getTime() + 60_000);
const tokenOf = (url: string): string => TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');

describe('verifyToken: the host checked is the host a client would call', () => {
  it.each(['https://evil.example\\@', 'https://evil.example\\\\@', 'https://a b@'])(
    'rejects userinfo Go refuses (%s…), with and without credentials',
    (prefix) => {
      const token = tokenOf(valid.url.replace('https://', prefix));
      for (const credentials of [undefined, CREDS]) {
        const r = verifyToken(token, { clusterName: 'prod', now, credentials });
        expect(r.ok).toBe(false);
      }
    },
  );
  it('still accepts userinfo Go accepts, reporting the STS host', () => {
    const r = verifyToken(tokenOf(valid.url.replace('https://', 'https://u:p@')), {
      clusterName: 'prod',
      now,
      credentials: CREDS,
    });
    expect(r.ok && r.url.host).toBe('sts.us-east-1.amazonaws.com');
  });
});
