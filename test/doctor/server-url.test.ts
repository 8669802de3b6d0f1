import { describe, expect, it } from 'vitest';
import { hasUserInfo, isEksEndpointUrl, normalizeServer } from '../../src/doctor/server-url.js';

const EP = 'https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com';

describe('server URL normalisation (FM-6.3 comparison)', () => {
  it('ignores host case, a trailing slash, the default port and userinfo', () => {
    for (const v of [`${EP}/`, `${EP.toLowerCase()}:443`, EP.replace('https://', 'https://REDACTED@')])
      expect(normalizeServer(v)).toBe(normalizeServer(EP));
  });
  it('keeps what makes another server: scheme, port, host, path', () => {
    for (const v of [EP.replace('https', 'http'), `${EP}:8443`, `${EP}.evil.example`, `${EP}/proxy`])
      expect(normalizeServer(v)).not.toBe(normalizeServer(EP));
    expect(normalizeServer('not a url')).toBeUndefined();
  });
  it('EKS endpoint hosts: https under eks.amazonaws.com / .com.cn only', () => {
    expect(isEksEndpointUrl(EP)).toBe(true);
    expect(isEksEndpointUrl('https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn')).toBe(true);
    expect(isEksEndpointUrl(EP.replace('https', 'http'))).toBe(false);
    expect(isEksEndpointUrl('https://eks.amazonaws.com.evil.example')).toBe(false);
    expect(isEksEndpointUrl('https://10.0.0.1')).toBe(false);
  });
  it('detects userinfo', () => {
    expect(hasUserInfo('https://u:p@h')).toBe(true);
    expect(hasUserInfo(EP)).toBe(false);
  });
});
