/**
 * `fleetlink/token`: EKS bearer tokens — make them byte-for-byte like `aws eks get-token`, wrap them
 * as ExecCredentials, and verify them the way the EKS authenticator does. Pure functions; the
 * credential chain lives in ./credentials.ts (an edge module, not exported here).
 */
export {
  chooseApiVersion,
  EXEC_CREDENTIAL_API_VERSIONS,
  EXEC_CREDENTIAL_V1,
  EXEC_CREDENTIAL_V1BETA1,
  type ExecCredential,
  type ExecCredentialApiVersion,
  execCredential,
  isExecCredentialApiVersion,
} from './exec-credential.js';
export {
  PARTITIONS,
  type Partition,
  partitionOfRegion,
  stsHostRegion,
  stsRegionalHost,
} from './partition.js';
export {
  type AwsCredentials,
  CLUSTER_ID_HEADER,
  CREDENTIAL_EXPIRY_MARGIN_SECONDS,
  type CreateTokenInput,
  createToken,
  type EksToken,
  PRESIGN_EXPIRES_SECONDS,
  TOKEN_LIFETIME_SECONDS,
  TOKEN_PREFIX,
  tokenExpiry,
} from './sign.js';
export {
  ALLOWED_QUERY_PARAMETERS,
  MAX_TOKEN_BYTES,
  PRESIGNED_URL_LIFETIME_SECONDS,
  type SignatureCheck,
  VERIFY_RULES,
  type VerifyOptions,
  type VerifyResult,
  type VerifyRule,
  type VerifyRuleInfo,
  verifySignature,
  verifyToken,
} from './verify.js';
