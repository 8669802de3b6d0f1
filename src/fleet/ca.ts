/**
 * CA data checks. Argo CD's `tlsClientConfig.caData` is base64 of the PEM certificate, exactly
 * what EKS DescribeCluster returns in `cluster.certificateAuthority.data`. The two common
 * mistakes get their own message: raw PEM pasted in, and base64 applied twice (the original
 * write-up's `base64encode(ssm value)` when the parameter already held EKS's base64 value).
 */
import { X509Certificate } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+?\r?\n-----END CERTIFICATE-----\s*$/;

function decodeBase64(v: string): string | undefined {
  const compact = v.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('latin1');
}

function isCertificate(pem: string): boolean {
  if (!PEM_CERT.test(pem.trimStart())) return false;
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** `undefined` when `data` is base64 of a PEM certificate; otherwise what is wrong. Never echoes the data. */
export function checkCaData(data: string): string | undefined {
  const expected = 'expected base64 of the PEM certificate, exactly as EKS DescribeCluster returns certificateAuthority.data';
  const trimmed = data.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return trimmed.startsWith('-----BEGIN CERTIFICATE-----')
      ? `is a raw PEM certificate, not base64: ${expected} (encode it with "base64 -w0 ca.crt", or paste certificateAuthority.data unchanged)`
      : `is a PEM block that is not a certificate: ${expected}`;
  }
  const once = decodeBase64(trimmed);
  if (once === undefined) return `is not valid base64: ${expected}`;
  if (once.trimStart().startsWith('-----BEGIN CERTIFICATE-----')) {
    return isCertificate(once) ? undefined : `decodes to a PEM block that is not a valid X.509 certificate: ${expected}`;
  }
  if (once.trimStart().startsWith('-----BEGIN')) return `decodes to a PEM block that is not a certificate: ${expected}`;
  const twice = decodeBase64(once.trim());
  if (twice?.trimStart().startsWith('-----BEGIN CERTIFICATE-----')) {
    return `is base64-encoded twice (decoding it once gives base64 again, not PEM): use certificateAuthority.data exactly as EKS returns it, without encoding it again (e.g. drop Terraform's base64encode())`;
  }
  return `does not decode to a PEM certificate: ${expected}`;
}
