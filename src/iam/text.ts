/**
 * The one FM-1.5 character rule (prove's trust checks and doctor's trust rule share it): a trust
 * policy's OIDC condition keys, their values (service-account subjects, audiences) and federated
 * provider ARNs are printable ASCII, so anything else — a zero-width space, a BOM, a non-breaking
 * space, a look-alike letter from another script — is a typo that still looks right and never
 * matches what STS compares (docs/failure-modes.md#fm-1-5).
 */
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;

export function hasNonPrintableAscii(value: string): boolean {
  return OUTSIDE_PRINTABLE_ASCII.test(value);
}
