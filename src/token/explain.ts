/**
 * What a failed credential lookup or AssumeRole means, in a few lines the user can act on. kubectl
 * shows an exec plugin's stderr as it is (client-go exec.go passes it through) before its own
 * "getting credentials: exec: executable … failed", so the text is short, says what was tried and
 * names the next command. Pure; never sees a secret (SDK error names and messages only).
 */
import type { Env } from './credentials.js';

export interface ExplainContext {
  readonly region: string;
  readonly env: Env;
  readonly roleArn?: string;
}

/**
 * The SDK v3 default chain, in order (credential-provider-node defaultProvider): environment keys,
 * the shared config and credentials files (including SSO and credential_process), web identity
 * (IRSA), container credentials (ECS / EKS Pod Identity), then EC2 instance metadata.
 */
const CHAIN =
  'environment (AWS_ACCESS_KEY_ID), shared config/SSO (~/.aws/config), web identity (IRSA), container (Pod Identity), instance metadata';

function profileOf(env: Env): string {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
}

/** The message for `error`, or undefined when it is none of the known credential failures. */
export function explainCredentialError(error: unknown, ctx: ExplainContext): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const text = `${error.name}: ${error.message}`;
  const profile = profileOf(ctx.env);
  const login = `aws sso login --profile ${profile}`;
  if (/SSO session .*(expired|invalid)|Token is expired|refresh.*sso|SSOTokenProvider/i.test(text))
    return [
      `the AWS SSO session of profile ${profile} has expired (region ${ctx.region}).`,
      `  fix: ${login}, then retry`,
    ].join('\n');
  if (/Could not load credentials from any providers|Unable to locate credentials/i.test(text))
    return [
      `no AWS credentials found for profile ${profile} (region ${ctx.region}); tried: ${CHAIN}.`,
      `  fix: ${login} (SSO), or set AWS_PROFILE to a profile in ~/.aws/config, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    ].join('\n');
  if (/Profile .* (could not be found|not found)/i.test(text))
    return [
      `AWS profile ${profile} is not in ~/.aws/config or ~/.aws/credentials (region ${ctx.region}).`,
      '  fix: set AWS_PROFILE to a profile that exists (aws configure list-profiles), or aws configure sso',
    ].join('\n');
  if (ctx.roleArn !== undefined && /AccessDenied/i.test(text) && /AssumeRole/i.test(text))
    return [
      `sts:AssumeRole on ${ctx.roleArn} was denied (region ${ctx.region}): ${error.message.split('\n')[0]}`,
      "  fix: the role's trust policy must allow the caller (aws sts get-caller-identity shows who that is), and the caller's policy must allow sts:AssumeRole on it",
    ].join('\n');
  if (/ExpiredToken|security token included in the request is expired/i.test(text))
    return [
      `the AWS credentials of profile ${profile} have expired (region ${ctx.region}).`,
      `  fix: ${login} (SSO), or refresh the keys in your environment`,
    ].join('\n');
  return undefined;
}
