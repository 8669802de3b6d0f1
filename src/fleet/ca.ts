/**
 * CA data checks. Argo CD's `tlsClientConfig.caData` is base64 of the PEM certificate, exactly
 * what EKS DescribeCluster returns in `cluster.certificateAuthority.data`. The two common
 * mistakes get their own message: raw PEM pasted in, and base64 applied twice (the original
 * write-up's `base64encode(ssm value)` when the parameter already held EKS's base64 value).
 */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+?\r?\n-----END CERTIFICATE-----\s*$/;

function decodeBase64(v: string): string | undefined {
  const compact = v.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('latin1');
}

/**
 * A structural check of the DER inside the PEM: one complete ASN.1 SEQUENCE (an X.509
 * Certificate is `SEQUENCE { tbsCertificate, signatureAlgorithm, signature }`) whose length
 * matches the bytes present, so truncated or pasted-together data is caught. A full X.509 parse
 * costs about a millisecond per certificate; this is enough to catch real mistakes in fleets of
 * thousands of spokes.
 */
function isCertificate(pem: string): boolean {
  const m = PEM_CERT.exec(pem.trimStart());
  if (!m) return false;
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!BASE64.test(body) || body.length % 4 !== 0) return false;
  const der = Buffer.from(body, 'base64');
  if (der[0] !== 0x30 || der.length < 4) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.length === 2 + first;
  const n = first & 0x7f;
  if (n < 1 || n > 4 || der.length < 2 + n) return false;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (der[2 + i] ?? 0);
  return der.length === 2 + n + len;
}

const verdicts = new Map<string, string | undefined>();

/** `checkCaData`, remembered per value: fleets often repeat one CA, and messages are pure. */
export function checkCaDataCached(data: string): string | undefined {
  if (verdicts.has(data)) return verdicts.get(data);
  const verdict = checkCaData(data);
  if (verdicts.size < 10_000) verdicts.set(data, verdict);
  return verdict;
}

/** `undefined` when `data` is base64 of a PEM certificate; otherwise what is wrong. Never echoes the data. */
export function checkCaData(data: string): string | undefined {
  const expected =
    'expected base64 of the PEM certificate, exactly as EKS DescribeCluster returns certificateAuthority.data';
  const trimmed = data.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return trimmed.startsWith('-----BEGIN CERTIFICATE-----')
      ? `is a raw PEM certificate, not base64: ${expected} (encode it with "base64 -w0 ca.crt", or paste certificateAuthority.data unchanged)`
      : `is a PEM block that is not a certificate: ${expected}`;
  }
  const once = decodeBase64(trimmed);
  if (once === undefined) return `is not valid base64: ${expected}`;
  if (once.trimStart().startsWith('-----BEGIN CERTIFICATE-----')) {
    return isCertificate(once)
      ? undefined
      : `decodes to a PEM certificate whose content is damaged (truncated or not DER): ${expected}`;
  }
  if (once.trimStart().startsWith('-----BEGIN'))
    return `decodes to a PEM block that is not a certificate: ${expected}`;
  const twice = decodeBase64(once.trim());
  if (twice?.trimStart().startsWith('-----BEGIN CERTIFICATE-----')) {
    return `is base64-encoded twice (decoding it once gives base64 again, not PEM): use certificateAuthority.data exactly as EKS returns it, without encoding it again (e.g. drop Terraform's base64encode())`;
  }
  return `does not decode to a PEM certificate: ${expected}`;
}
