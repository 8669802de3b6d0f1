/**
 * `fleetlink token` errors say what to do, once, in a few lines kubectl shows as they are. The
 * errors below carry the names and messages the AWS SDK v3 providers throw
 * (credential-provider-node, credential-provider-sso, token-providers).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainCredentialError } from '../../src/token/explain.js';

const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name });
const home = mkdtempSync(join(tmpdir(), 'fleetlink-token-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('explainCredentialError', () => {
  it('no credentials: names the chain it tried, the profile, aws sso login and the region', () => {
    const m = explainCredentialError(
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      { region: 'eu-central-1', env: { AWS_PROFILE: 'platform' } },
    );
    expect(m).toContain('no AWS credentials found for profile platform (region eu-central-1)');
    expect(m).toContain(
      'environment (AWS_ACCESS_KEY_ID), shared config/SSO (~/.aws/config), web identity (IRSA)',
    );
    expect(m).toContain('aws sso login --profile platform');
    expect(m?.split('\n')).toHaveLength(2);
  });

  it('an expired SSO session: aws sso login with the profile', () => {
    const m = explainCredentialError(
      sdkError(
        'CredentialsProviderError',
        'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      ),
      { region: 'us-east-1', env: {} },
    );
    expect(m).toBe(
      'the AWS SSO session of profile default has expired (region us-east-1).\n  fix: aws sso login --profile default, then retry',
    );
  });

  it('AssumeRole denied: names the role and what must allow it', () => {
    const m = explainCredentialError(
      sdkError(
        'AccessDenied',
        'User: arn:aws:sts::111111111111:assumed-role/dev/me is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/argocd-deployer',
      ),
      { region: 'eu-central-1', env: {}, roleArn: 'arn:aws:iam::222222222222:role/argocd-deployer' },
    );
    expect(m).toMatch(/^sts:AssumeRole on arn:aws:iam::222222222222:role\/argocd-deployer was denied/);
    expect(m).toContain("the role's trust policy must allow the caller");
  });

  it('leaves other errors to the caller', () => {
    expect(
      explainCredentialError(sdkError('InternalFailure', 'boom'), { region: 'eu-central-1', env: {} }),
    ).toBe(undefined);
  });
});

describe('fleetlink token without credentials', () => {
  it('prints one short explanation on stderr, nothing on stdout, exit 1', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js'),
        'token',
        '--cluster-name',
        'c',
        '--region',
        'eu-central-1',
      ],
      {
        encoding: 'utf8',
        // A bare machine: no keys, no profile files, no instance metadata to wait for.
        env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^fleetlink: no AWS credentials found for profile default \(region eu-central-1\); tried: /,
    );
    expect(r.stderr.match(/no AWS credentials/g)).toHaveLength(1);
    expect(lines[1]).toContain('aws sso login --profile default');
  });
});
