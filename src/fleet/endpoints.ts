/**
 * URL rules for EKS API endpoints and OIDC issuers.
 * EKS endpoints look like `https://<32 hex>.<suffix>.<region>.eks.amazonaws.com` (DescribeCluster
 * `cluster.endpoint`); issuers like `https://oidc.eks.<region>.amazonaws.com/id/<32 hex>`
 * (`cluster.identity.oidc.issuer`); China regions end in `.amazonaws.com.cn`.
 */
import { show } from './rules.js';

const EKS_ENDPOINT_HOST = /^[0-9a-z]+\.[a-z0-9]+\.([a-z0-9-]+)\.eks\.amazonaws\.com(\.cn)?$/i;
const OIDC_ISSUER = /^https:\/\/oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/id\/([0-9A-Za-z]{32})$/;

export interface EndpointCheck {
  readonly problem?: string;
  /** Region named in an EKS endpoint host, when the URL has the EKS form. */
  readonly region?: string;
}

export function checkEndpoint(v: string): EndpointCheck {
  const expected =
    'expected the cluster\'s https API server URL as EKS DescribeCluster returns it, e.g. "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-central-1.eks.amazonaws.com"';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { problem: `${show(v)} is not a URL: ${expected}` };
  }
  if (url.protocol !== 'https:') return { problem: `${show(v)} is not an https URL: ${expected}` };
  if (url.username || url.password) return { problem: `endpoint must not carry credentials: ${expected}` };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    return { problem: `${show(v)} has a path, query or fragment: ${expected}` };
  if (v.endsWith('/')) return { problem: `${show(v)} ends with "/": ${expected}` };
  const m = EKS_ENDPOINT_HOST.exec(url.hostname);
  return m?.[1] ? { region: m[1].toLowerCase() } : {};
}

export interface IssuerCheck {
  readonly problem?: string;
  readonly region?: string;
}

export function checkOidcIssuer(v: string): IssuerCheck {
  const expected =
    'expected the hub cluster\'s issuer as EKS DescribeCluster returns it (identity.oidc.issuer), e.g. "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"';
  if (v.endsWith('/')) return { problem: `OIDC issuer ${show(v)} ends with "/": ${expected}` };
  if (!v.startsWith('https://')) {
    const hint = v.startsWith('oidc.eks.') ? ' (add "https://")' : '';
    return { problem: `OIDC issuer ${show(v)} is not an https URL${hint}: ${expected}` };
  }
  const m = OIDC_ISSUER.exec(v);
  if (!m?.[1]) return { problem: `${show(v)} is not an EKS OIDC issuer URL: ${expected}` };
  return { region: m[1] };
}
