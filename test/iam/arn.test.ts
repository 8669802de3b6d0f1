/** ARN parsing and principal facts (reference-arns.html, reference_identifiers.html). */
import { describe, expect, it } from 'vitest';
import {
  accountRootArn,
  federatedUserToUserArn,
  parseArn,
  principalAccount,
  principalKind,
  roleArnMatchesSession,
  roleSessionArn,
  sessionRoleName,
  sessionToRoleArn,
} from '../../src/iam/arn.js';

describe('ARNs', () => {
  it('parses six parts; the resource part keeps its colons and slashes', () => {
    expect(parseArn('arn:aws:eks:us-east-1:111111111111:cluster/prod')).toEqual({
      partition: 'aws',
      service: 'eks',
      region: 'us-east-1',
      account: '111111111111',
      resource: 'cluster/prod',
    });
    expect(parseArn('arn:aws:logs:us-east-1:1:log-group:a:b')?.resource).toBe('log-group:a:b');
    expect(parseArn('arn:aws:s3:::bucket')?.account).toBe('');
    expect(parseArn('not:an:arn')).toBeUndefined();
    expect(parseArn('arn:aws:iam')).toBeUndefined();
  });

  it('classifies principals', () => {
    expect(principalKind('arn:aws:sts::1:assumed-role/r/s')).toBe('other'); // account must be 12 digits
    expect(principalKind('arn:aws:sts::111111111111:assumed-role/r/s')).toBe('assumed-role');
    expect(principalKind('arn:aws-cn:iam::111111111111:role/path/r')).toBe('role');
    expect(principalKind('arn:aws:iam::111111111111:user/alice')).toBe('user');
    expect(principalKind('arn:aws:iam::111111111111:root')).toBe('root');
    expect(principalKind('111111111111')).toBe('root');
    expect(principalKind('arn:aws:sts::111111111111:federated-user/alice')).toBe('federated-user');
    expect(
      principalKind('arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X'),
    ).toBe('oidc-provider');
    expect(principalKind('arn:aws:iam::111111111111:saml-provider/okta')).toBe('saml-provider');
    expect(principalKind('pods.eks.amazonaws.com')).toBe('service');
    expect(principalKind('*')).toBe('anonymous');
    expect(principalKind('anonymous')).toBe('anonymous');
    expect(principalAccount('arn:aws:sts::111111111111:assumed-role/r/s')).toBe('111111111111');
    expect(principalAccount('pods.eks.amazonaws.com')).toBeUndefined();
    expect(accountRootArn('111111111111', 'aws-us-gov')).toBe('arn:aws-us-gov:iam::111111111111:root');
  });

  it('maps assumed-role sessions to roles; the session ARN drops the role path', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/argocd-manager/argocd';
    expect(sessionRoleName(session)).toBe('argocd-manager');
    expect(sessionToRoleArn(session)).toBe('arn:aws:iam::111111111111:role/argocd-manager');
    expect(sessionToRoleArn(session, '/fleetlink/')).toBe(
      'arn:aws:iam::111111111111:role/fleetlink/argocd-manager',
    );
    expect(sessionToRoleArn(session, 'fleetlink')).toBe(
      'arn:aws:iam::111111111111:role/fleetlink/argocd-manager',
    );
    expect(roleSessionArn('arn:aws:iam::111111111111:role/fleetlink/argocd-manager', 'argocd')).toBe(session);
    expect(roleArnMatchesSession('arn:aws:iam::111111111111:role/fleetlink/argocd-manager', session)).toBe(
      true,
    );
    expect(roleArnMatchesSession('arn:aws:iam::111111111111:role/ARGOCD-MANAGER', session)).toBe(true);
    expect(roleArnMatchesSession('arn:aws:iam::222222222222:role/argocd-manager', session)).toBe(false);
    expect(roleArnMatchesSession('arn:aws-cn:iam::111111111111:role/argocd-manager', session)).toBe(false);
    expect(roleArnMatchesSession('arn:aws:iam::111111111111:user/argocd-manager', session)).toBe(false);
    expect(federatedUserToUserArn('arn:aws:sts::111111111111:federated-user/alice')).toBe(
      'arn:aws:iam::111111111111:user/alice',
    );
  });
});
