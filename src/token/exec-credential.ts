/**
 * The ExecCredential a Kubernetes client reads from an exec credential plugin's stdout
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins).
 * Same shape as `aws eks get-token`: `spec` is empty, `status` carries the token and its expiry.
 */

export const EXEC_CREDENTIAL_V1 = 'client.authentication.k8s.io/v1';
export const EXEC_CREDENTIAL_V1BETA1 = 'client.authentication.k8s.io/v1beta1';
export type ExecCredentialApiVersion = typeof EXEC_CREDENTIAL_V1 | typeof EXEC_CREDENTIAL_V1BETA1;
export const EXEC_CREDENTIAL_API_VERSIONS: readonly ExecCredentialApiVersion[] = [
  EXEC_CREDENTIAL_V1,
  EXEC_CREDENTIAL_V1BETA1,
];

export interface ExecCredential {
  readonly kind: 'ExecCredential';
  readonly apiVersion: ExecCredentialApiVersion;
  /** Input-only for plugins (client-go ignores it in the output); empty as the AWS CLI prints it. */
  readonly spec: Record<string, never>;
  readonly status: {
    /** RFC 3339; client-go re-runs the plugin once it has passed (or on a 401). */
    readonly expirationTimestamp: string;
    readonly token: string;
  };
}

export function isExecCredentialApiVersion(value: string): value is ExecCredentialApiVersion {
  return (EXEC_CREDENTIAL_API_VERSIONS as readonly string[]).includes(value);
}

export interface ApiVersionChoice {
  readonly apiVersion: ExecCredentialApiVersion;
  /** Set when KUBERNETES_EXEC_INFO was present but unusable; the CLI prints it on stderr. */
  readonly warning?: string;
}

/**
 * Which apiVersion to answer with: an explicit choice wins; otherwise the apiVersion in
 * `KUBERNETES_EXEC_INFO` (which client-go ≥ 1.20 always sets to the kubeconfig's exec apiVersion);
 * otherwise v1beta1, the AWS CLI's fallback (awscli `discover_api_version`).
 */
export function chooseApiVersion(input: {
  readonly explicit?: ExecCredentialApiVersion;
  readonly execInfo?: string;
}): ApiVersionChoice {
  if (input.explicit !== undefined) return { apiVersion: input.explicit };
  const raw = input.execInfo;
  if (raw === undefined || raw === '') return { apiVersion: EXEC_CREDENTIAL_V1BETA1 };
  let requested: unknown;
  try {
    requested = (JSON.parse(raw) as { apiVersion?: unknown } | null)?.apiVersion;
  } catch {
    return {
      apiVersion: EXEC_CREDENTIAL_V1BETA1,
      warning: `KUBERNETES_EXEC_INFO is not valid JSON; answering ${EXEC_CREDENTIAL_V1BETA1}`,
    };
  }
  if (typeof requested === 'string' && isExecCredentialApiVersion(requested))
    return { apiVersion: requested };
  return {
    apiVersion: EXEC_CREDENTIAL_V1BETA1,
    warning: `KUBERNETES_EXEC_INFO asks for unsupported apiVersion ${JSON.stringify(requested)}; answering ${EXEC_CREDENTIAL_V1BETA1}`,
  };
}

export function execCredential(input: {
  readonly token: string;
  readonly expirationTimestamp: string;
  readonly apiVersion: ExecCredentialApiVersion;
}): ExecCredential {
  return {
    kind: 'ExecCredential',
    apiVersion: input.apiVersion,
    spec: {},
    status: { expirationTimestamp: input.expirationTimestamp, token: input.token },
  };
}
