/**
 * Fail fast on endpoints known to be unreachable. On a machine without DNS or network, every
 * AWS call of a doctor run (dozens per account) would otherwise look the host up again and wait
 * for its own failure, and ECONNREFUSED would be retried with backoff. Once one request to a host
 * fails with a network error that another attempt cannot fix soon (the name does not resolve,
 * nothing listens, no route), later requests to that host fail at once with the same error,
 * without touching the network, and are not retried.
 */

/** Node's network error codes that mean "this host cannot be reached now" (not a transient blip). */
export const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Set on an error when its host is known to be unreachable: retrying cannot help. */
export const ENDPOINT_DOWN = 'fleetlinkEndpointDown';

export function isEndpointDown(e: unknown): boolean {
  return (e as Record<string, unknown> | null)?.[ENDPOINT_DOWN] === true;
}

function codeOf(e: unknown): string | undefined {
  const o = e as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = o?.code ?? o?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

export interface Reachability {
  /** Run `send` for `host` unless the host is known down; record a failure that makes it so. */
  guard<T>(host: string, send: () => Promise<T>): Promise<T>;
  /** Hosts found unreachable, with the error code that showed it. */
  down(): ReadonlyMap<string, string>;
}

export function reachability(): Reachability {
  const known = new Map<string, { code: string; message: string }>();
  return {
    async guard(host, send) {
      const seen = known.get(host);
      if (seen)
        throw Object.assign(
          new Error(`${seen.message} (not retried: ${host} was unreachable earlier in this run)`),
          {
            name: seen.code,
            code: seen.code,
            [ENDPOINT_DOWN]: true,
          },
        );
      try {
        return await send();
      } catch (e) {
        const code = codeOf(e);
        if (code !== undefined && UNREACHABLE.has(code) && typeof e === 'object' && e !== null) {
          if (!known.has(host))
            known.set(host, { code, message: e instanceof Error ? e.message : String(e) });
          Object.assign(e, { [ENDPOINT_DOWN]: true });
        }
        throw e;
      }
    },
    down: () => new Map([...known].map(([h, v]) => [h, v.code])),
  };
}

/** The smallest shape of an SDK v3 client's middleware stack this module needs. */
interface MiddlewareStack {
  add(
    middleware: (
      next: (args: { request: unknown }) => Promise<unknown>,
    ) => (args: { request: unknown }) => Promise<unknown>,
    options: { step: 'finalizeRequest'; name: string; priority?: 'low' },
  ): void;
}

/**
 * Guard every request of an AWS SDK v3 client. The middleware sits at the end of the
 * finalizeRequest step, right before the HTTP handler sends the signed request, so it sees the
 * resolved host (`request.hostname`) and the handler's network errors.
 */
export function guardClient(client: { middlewareStack: unknown }, r: Reachability): void {
  (client.middlewareStack as MiddlewareStack).add(
    (next) => (args) => {
      const host = (args.request as { hostname?: string } | undefined)?.hostname ?? '';
      return r.guard(host, () => next(args));
    },
    { step: 'finalizeRequest', name: 'fleetlinkReachability', priority: 'low' },
  );
}
