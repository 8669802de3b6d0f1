/**
 * Link 6 — network and TLS from the hub pods to each spoke API server (docs/failure-modes.md#link-6).
 */

import { X509Certificate } from 'node:crypto';
import { report } from '../../findings/registry.js';
import type { Finding } from '../../findings.js';
import { hasUserInfo, normalizeServer } from '../server-url.js';
import { type Ctx, envValue, type SpokeView, secretEvidence, spokeCallers } from './context.js';

const PEM_HEADER = '-----BEGIN CERTIFICATE-----';
const BASE64_RE = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

function decode(b64: string): string | undefined {
  if (!BASE64_RE.test(b64)) return undefined;
  return Buffer.from(b64, 'base64').toString('utf8');
}

function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function endpointRules(s: SpokeView): Finding[] {
  const c = s.cluster;
  if (!c) return [];
  const out: Finding[] = [];
  const describe = `eks:DescribeCluster ${c.name}`;
  if (c.endpointPublicAccess === false)
    out.push(
      report('FM-6.1', {
        subject: s.name,
        message:
          'the spoke endpoint is private only: the hub needs a routed path (peering / Transit Gateway) and an inbound 443 rule on the cluster security group',
        evidence: [
          { source: describe, path: 'cluster.resourcesVpcConfig.endpointPublicAccess', value: false },
        ],
        fix: 'run doctor --probe to test reachability; add routes and an SG rule for the hub CIDRs',
        severity: 'warning',
      }),
    );
  const cidrs = c.publicAccessCidrs ?? [];
  if (c.endpointPublicAccess !== false && cidrs.length > 0 && !cidrs.includes('0.0.0.0/0'))
    out.push(
      report('FM-6.2', {
        subject: s.name,
        message: `the public endpoint only admits ${cidrs.join(', ')}: the hub's NAT gateway addresses must be among them (clients outside the spoke VPC resolve the public IPs)`,
        evidence: [{ source: describe, path: 'cluster.resourcesVpcConfig.publicAccessCidrs', value: cidrs }],
        fix: 'add the hub NAT gateway EIPs (/32) to publicAccessCidrs',
      }),
    );
  return out;
}

/** FM-6.3: the Secret's server must be the cluster endpoint exactly. */
function serverRules(s: SpokeView): Finding[] {
  const server = s.secret?.data.server;
  const endpoint = s.cluster?.endpoint;
  if (!server || server.startsWith('arn:')) return [];
  const ev = secretEvidence(s, 'server', server);
  if (!/^https:\/\/[^/]+$/.test(server.replace(/\/+$/, '')))
    return [
      report('FM-6.3', {
        subject: s.name,
        message: `server "${server}" is not an https URL without a path`,
        evidence: [ev],
        fix: `set server to ${endpoint ?? 'the EKS endpoint'}`,
      }),
    ];
  if (!endpoint) return [];
  if (server === endpoint) return [];
  const eksEv = {
    source: `eks:DescribeCluster ${s.cluster!.name}`,
    path: 'cluster.endpoint',
    value: endpoint,
  };
  // Same URL in another spelling (case, :443, userinfo): the same host, so the probe still runs
  // (server-url.ts), but Argo CD matches Application destinations by the exact string.
  const same = normalizeServer(server) !== undefined && normalizeServer(server) === normalizeServer(endpoint);
  if (same && hasUserInfo(server))
    return [
      report('FM-6.3', {
        subject: s.name,
        message:
          'server carries userinfo (user:password@, redacted in the snapshot): EKS ignores it, and it puts a credential into the cluster URL',
        evidence: [ev, eksEv],
        fix: `set server to ${endpoint}`,
        severity: 'warning',
      }),
    ];
  if (server.replace(/\/+$/, '') === endpoint)
    return [
      report('FM-6.3', {
        subject: s.name,
        message:
          'server has a trailing slash: Argo CD trims it, but Application destinations written without it may not match',
        evidence: [ev, eksEv],
        fix: `set server to ${endpoint}`,
        severity: 'warning',
      }),
    ];
  if (same)
    return [
      report('FM-6.3', {
        subject: s.name,
        message: `server ${server} is the endpoint of ${s.cluster!.name} spelled differently (case or port): Application destinations must use the same string`,
        evidence: [ev, eksEv],
        fix: `set server to ${endpoint}`,
        severity: 'warning',
      }),
    ];
  return [
    report('FM-6.3', {
      subject: s.name,
      message: `server ${server} is not the endpoint of ${s.cluster!.name} (${endpoint}): another cluster or a stale DNS name`,
      evidence: [
        ev,
        { source: `eks:DescribeCluster ${s.cluster!.name}`, path: 'cluster.endpoint', value: endpoint },
      ],
      fix: `set server to ${endpoint}`,
    }),
  ];
}

/** FM-6.4: caData must be base64 of the cluster's PEM CA (EKS certificateAuthority.data verbatim). */
function caRules(s: SpokeView): Finding[] {
  const tls = s.secret?.config?.tlsClientConfig;
  if (!s.secret || s.secret.data.server?.startsWith('arn:')) return [];
  const src = `cluster Secret ${s.secret.name}`;
  const want = s.cluster?.certificateAuthorityData;
  const fix = want
    ? 'set tlsClientConfig.caData to eks:DescribeCluster cluster.certificateAuthority.data as is (no extra base64)'
    : 'set tlsClientConfig.caData to the cluster certificateAuthority.data';
  if (tls?.insecure === true)
    return [
      report('FM-6.4', {
        subject: s.name,
        message: 'tlsClientConfig.insecure is true: the spoke certificate is not verified',
        evidence: [{ source: src, path: 'config.tlsClientConfig.insecure', value: true }],
        fix: fix,
        severity: 'warning',
      }),
    ];
  const ca = tls?.caData;
  if (!ca)
    return [
      report('FM-6.4', {
        subject: s.name,
        message:
          'no tlsClientConfig.caData: the EKS CA is private, so TLS fails with "x509: certificate signed by unknown authority"',
        evidence: [{ source: src, path: 'config.tlsClientConfig.caData', value: null }],
        fix: fix,
      }),
    ];
  const ev = { source: src, path: 'config.tlsClientConfig.caData', value: `${ca.slice(0, 24)}…` };
  const pem = decode(ca);
  if (pem === undefined)
    return [
      report('FM-6.4', {
        subject: s.name,
        message: 'caData is not base64: "unable to load root certificates"',
        evidence: [ev],
        fix: fix,
      }),
    ];
  if (!pem.includes(PEM_HEADER)) {
    const twice = decode(pem.trim());
    const msg = twice?.includes(PEM_HEADER)
      ? 'caData is base64-encoded twice (base64 of EKS certificateAuthority.data): "unable to parse bytes as PEM block"'
      : 'caData does not decode to a PEM certificate: "unable to parse bytes as PEM block"';
    return [report('FM-6.4', { subject: s.name, message: msg, evidence: [ev], fix: fix })];
  }
  try {
    for (const b of pemBlocks(pem)) new X509Certificate(b);
  } catch (e) {
    return [
      report('FM-6.4', {
        subject: s.name,
        message: `caData holds an unparseable certificate (${e instanceof Error ? e.message : String(e)})`,
        evidence: [ev],
        fix: fix,
      }),
    ];
  }
  if (want) {
    const wantPem = decode(want);
    const norm = (p: string) =>
      pemBlocks(p)
        .map((b) => b.replace(/\s+/g, ''))
        .sort()
        .join('|');
    if (wantPem && norm(wantPem) !== norm(pem))
      return [
        report('FM-6.4', {
          subject: s.name,
          message: `caData is not the CA of ${s.cluster!.name}: "x509: certificate signed by unknown authority"`,
          evidence: [
            ev,
            {
              source: `eks:DescribeCluster ${s.cluster!.name}`,
              path: 'cluster.certificateAuthority.data',
              value: `${want.slice(0, 24)}…`,
            },
          ],
          fix: fix,
        }),
      ];
  }
  return [];
}

/** FM-6.5: an egress proxy without NO_PROXY for EKS/STS (and the Pod Identity agent). */
function proxyRules(ctx: Ctx): Finding[] {
  const out: Finding[] = [];
  for (const { pod } of spokeCallers(ctx)) {
    const proxy = envValue(pod, 'HTTPS_PROXY') ?? envValue(pod, 'https_proxy');
    if (!proxy) continue;
    const noProxy = (envValue(pod, 'NO_PROXY') ?? envValue(pod, 'no_proxy') ?? '')
      .split(',')
      .map((x) => x.trim());
    const missing = ['.eks.amazonaws.com', '.amazonaws.com'].some(
      (d) => noProxy.includes(d) || noProxy.includes(d.slice(1)),
    )
      ? []
      : ['.eks.amazonaws.com', `sts.${ctx.intent.hub.region}.amazonaws.com`];
    if (ctx.intent.identity === 'pod-identity' && !noProxy.includes('169.254.170.23'))
      missing.push('169.254.170.23');
    if (missing.length > 0)
      out.push(
        report('FM-6.5', {
          subject: `${pod.namespace}/${pod.name}`,
          message: `pod ${pod.name} sends HTTPS through a proxy and NO_PROXY lacks ${missing.join(', ')}`,
          evidence: [
            {
              source: `Pod ${pod.namespace}/${pod.name}`,
              path: 'env[NO_PROXY]',
              value: noProxy.filter(Boolean),
            },
          ],
          fix: `add ${missing.join(',')} to NO_PROXY on the controller and server`,
          severity:
            ctx.intent.identity === 'pod-identity' && missing.includes('169.254.170.23')
              ? 'error'
              : 'warning',
        }),
      );
  }
  for (const s of ctx.spokes) {
    const p = s.secret?.config?.proxyUrl;
    if (p)
      out.push(
        report('FM-6.5', {
          subject: s.name,
          message: `the cluster is reached through proxy ${p}`,
          evidence: [secretEvidence(s, 'config.proxyUrl', p)],
          fix: 'make sure the proxy allows CONNECT to the EKS endpoint',
        }),
      );
  }
  return out;
}

export function networkRules(ctx: Ctx): Finding[] {
  return [
    ...ctx.spokes.flatMap((s) => [...endpointRules(s), ...serverRules(s), ...caRules(s)]),
    ...proxyRules(ctx),
  ];
}
