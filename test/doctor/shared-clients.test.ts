import { EKSClient } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedClients } from '../../src/doctor/collect-aws.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['AWS_USE_FIPS_ENDPOINT', 'AWS_USE_DUALSTACK_ENDPOINT', 'AWS_SDK_UA_APP_ID'])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});

const creds = (id: string) => async () => ({ accessKeyId: id, secretAccessKey: 'test' });

describe('client settings shared by every account of a run', () => {
  it('still honours the SDK settings a user sets in the environment', async () => {
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    process.env.AWS_SDK_UA_APP_ID = 'fleet-ops';
    const shared = await sharedClients(12);
    try {
      const eks = new EKSClient({ ...shared.config, region: 'eu-west-1', credentials: creds('A') });
      expect(await eks.config.useFipsEndpoint()).toBe(true);
      expect(await eks.config.useDualstackEndpoint()).toBe(true);
      expect(await eks.config.userAgentAppId()).toBe('fleet-ops');
    } finally {
      shared.destroy();
    }
  });

  it('leaves unset settings unset, and credentials and region per client', async () => {
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    delete process.env.AWS_SDK_UA_APP_ID;
    const shared = await sharedClients(12);
    try {
      const a = new IAMClient({ ...shared.config, region: 'us-east-1', credentials: creds('A') });
      const b = new EKSClient({ ...shared.config, region: 'ap-south-1', credentials: creds('B') });
      expect(await a.config.useFipsEndpoint()).toBe(false);
      expect(await a.config.userAgentAppId()).toBeUndefined();
      expect((await a.config.credentials()).accessKeyId).toBe('A');
      expect((await b.config.credentials()).accessKeyId).toBe('B');
      expect(await b.config.region()).toBe('ap-south-1');
      // One connection pool for the run, not one per client.
      expect(a.config.requestHandler).toBe(b.config.requestHandler);
    } finally {
      shared.destroy();
    }
  });
});
