/**
 * doctor fails fast once an endpoint is known unreachable: the first DNS or connection failure for
 * a host short-circuits every later call to it, and none is retried. Asserted by counting what
 * reaches the network (the SDK's HTTP handler, and a real refused connection), never by timing.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../src/doctor/collect-aws.js';
import { collectionTargets } from '../../src/doctor/intent.js';
import { isEndpointDown, reachability } from '../../src/doctor/reachability.js';
import { testCredentials } from './helpers/fake-aws.js';
import { healthySnapshot } from './helpers/healthy.js';

/** A Node network error as the http module raises it (dns.lookup ENOTFOUND / connect ECONNREFUSED). */
function netError(code: string, host: string) {
  return Object.assign(
    new Error(code === 'ENOTFOUND' ? `getaddrinfo ENOTFOUND ${host}` : `connect ${code} 127.0.0.1:443`),
    {
      code,
      errno: code === 'ENOTFOUND' ? -3008 : -111,
      syscall: code === 'ENOTFOUND' ? 'getaddrinfo' : 'connect',
      hostname: host,
    },
  );
}

/** An SDK request handler that sends nothing: it counts the requests per host and fails them like a machine without DNS. */
function noDnsHandler(code = 'ENOTFOUND') {
  const sent = new Map<string, number>();
  return {
    sent,
    handler: {
      metadata: { handlerProtocol: 'http/1.1' },
      handle: async (request: { hostname: string }) => {
        sent.set(request.hostname, (sent.get(request.hostname) ?? 0) + 1);
        throw netError(code, request.hostname);
      },
      updateHttpClientConfig: () => {},
      httpHandlerConfigs: () => ({}),
      destroy: () => {},
    },
  };
}

function targets() {
  const snap = healthySnapshot();
  return collectionTargets(snap.intent, snap.hub).map((t) => ({ ...t, credentials: { profile: t.account } }));
}

const options = {
  credentialsFor: (c: { profile?: string } | undefined) => testCredentials(c?.profile ?? 'none'),
  perAccount: 1,
  concurrency: 1,
  sleep: async () => {},
};

describe('fail fast on unreachable endpoints', () => {
  it('with no DNS, one request per host reaches the network; every other call fails at once, unretried', async () => {
    for (const code of ['ENOTFOUND', 'ECONNREFUSED']) {
      const { sent, handler } = noDnsHandler(code);
      const accounts = await collectAws(targets(), { ...options, clientConfig: { requestHandler: handler } });
      const errors = accounts.flatMap((a) => a.errors);
      expect(errors.length).toBeGreaterThan(8);
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set([code]));
      // One attempt per host: the global IAM endpoint and each region's EKS endpoint.
      expect(Object.fromEntries(sent)).toEqual({
        'iam.amazonaws.com': 1,
        'eks.eu-west-1.amazonaws.com': 1,
        'eks.us-east-1.amazonaws.com': 1,
      });
      expect(errors.filter((e) => e.message.includes('unreachable earlier in this run')).length).toBe(
        errors.length - sent.size,
      );
    }
  });

  it('throttling and 5xx are still retried (only unreachable hosts fail fast)', async () => {
    const r = reachability();
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(r.guard('eks.eu-central-1.amazonaws.com', () => Promise.reject(throttled))).rejects.toBe(
      throttled,
    );
    expect(isEndpointDown(throttled)).toBe(false);
    expect(r.down().size).toBe(0);
  });

  it('a real refused connection is recorded once and short-circuits the next call to that host', async () => {
    // A port nothing listens on: bind, read the port, close.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = reachability();
    const { connect } = await import('node:net');
    let attempts = 0;
    const dial = () =>
      new Promise<void>((resolve, reject) => {
        attempts++;
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          resolve();
        });
        s.once('error', reject);
      });
    const first = await r.guard(`127.0.0.1:${port}`, dial).catch((e: unknown) => e);
    const second = await r.guard(`127.0.0.1:${port}`, dial).catch((e: unknown) => e);
    expect((first as { code: string }).code).toBe('ECONNREFUSED');
    expect((second as { code: string }).code).toBe('ECONNREFUSED');
    expect(isEndpointDown(second)).toBe(true);
    expect(attempts).toBe(1);
  });
});
