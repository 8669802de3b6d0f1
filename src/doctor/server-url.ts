/**
 * The Argo CD cluster Secret's `server` compared with the EKS `cluster.endpoint` (FM-6.3), and the
 * probe's decision whether an EKS token may be sent there at all: a bearer token is a credential
 * for the spoke, so it only goes to the endpoint DescribeCluster returned for that spoke (or, when
 * DescribeCluster failed, to an https host under the EKS endpoint domains).
 * EKS endpoints: https://<id>.<suffix>.<region>.eks.amazonaws.com (.com.cn in China), see
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_Cluster.html (endpoint).
 */
import type { SpokeView } from './rules/context.js';

/**
 * Comparable form of a server URL: scheme and host lowercased (WHATWG URL does it), userinfo
 * dropped (the snapshot keeps only a REDACTED marker), default port dropped, trailing slashes
 * trimmed. `undefined` when it is not an absolute URL.
 */
export function normalizeServer(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (!u.host) return undefined;
  // URL already drops :443 for https and :80 for http.
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}${u.search}`;
}

/** Does the server URL carry userinfo (`https://user:pass@host`)? */
export function hasUserInfo(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^@/]*@/i.test(url.trim());
}

const EKS_HOST = /\.eks\.amazonaws\.com(\.cn)?$/;

/** An https URL whose host is under the EKS endpoint domains. */
export function isEksEndpointUrl(url: string): boolean {
  const n = normalizeServer(url);
  if (!n) return false;
  const u = new URL(n);
  return u.protocol === 'https:' && EKS_HOST.test(u.hostname);
}

export type ProbeTarget =
  | { readonly send: true; readonly url: string }
  | {
      readonly send: false;
      readonly reason: string;
      /** True when the snapshot rules already report this (FM-6.3 in rules/network.ts). */
      readonly reportedByRule: boolean;
    };

/**
 * Where the probe may send the spoke's EKS token, or why it must not. `server` may be the cluster
 * ARN (EKS capability Secrets): it maps to the endpoint collected for that cluster.
 */
export function probeTarget(s: SpokeView): ProbeTarget {
  const server = s.secret?.data.server;
  const endpoint = s.cluster?.endpoint;
  if (!server) return { send: false, reason: 'the cluster Secret has no server', reportedByRule: true };
  if (server.startsWith('arn:')) {
    if (s.cluster?.arn === server && endpoint && normalizeServer(endpoint))
      return { send: true, url: normalizeServer(endpoint)! };
    return {
      send: false,
      reason: `token not sent (FM-6.3): server is the ARN ${server} and no collected EKS endpoint belongs to it`,
      reportedByRule: false,
    };
  }
  const got = normalizeServer(server);
  if (endpoint) {
    const want = normalizeServer(endpoint);
    if (got && want && got === want) return { send: true, url: got };
    return {
      send: false,
      reason: `token not sent (FM-6.3): server ${server} is not the EKS endpoint ${endpoint} of ${s.cluster?.name ?? s.name}`,
      reportedByRule: true,
    };
  }
  if (got && isEksEndpointUrl(got)) return { send: true, url: got };
  return {
    send: false,
    reason: `token not sent (FM-6.3): the EKS endpoint is unknown (DescribeCluster failed) and server ${server} is not an https EKS endpoint (*.eks.amazonaws.com)`,
    reportedByRule: false,
  };
}
