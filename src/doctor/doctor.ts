/**
 * doctor orchestration (edge): collect the hub (Kubernetes), every account (AWS), optionally
 * probe the chain live, and analyse the resulting Snapshot. Everything after collection is the
 * pure analysis in analyze.ts — the same path `--snapshot FILE` takes offline.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { AccessPlan } from '../plan/types.js';
import { analyzeSnapshot } from './analyze.js';
import { type CollectAwsOptions, collectAws } from './collect-aws.js';
import { collectHub } from './collect-k8s.js';
import { collectionTargets } from './intent.js';
import type { ProbeOptions } from './probe.js';
import type { DoctorResult } from './report.js';
import { type HubSnapshot, type Intent, SNAPSHOT_API_VERSION, type Snapshot } from './snapshot.js';

export interface DoctorProgress {
  readonly phase: 'hub' | 'aws' | 'probe' | 'analyse';
  readonly done?: number;
  readonly total?: number;
}

export interface DoctorOptions {
  readonly intent: Intent;
  /** The fleet's plan (drift). */
  readonly plan?: AccessPlan;
  /** Only these Argo CD clusters (names). */
  readonly only?: readonly string[];
  readonly context?: string;
  readonly kubeConfig?: KubeConfig;
  /** Pre-collected hub state (skips the Kubernetes reads; bench / embedding). */
  readonly hub?: HubSnapshot;
  readonly aws?: CollectAwsOptions;
  readonly probe?: boolean;
  readonly probeOptions?: Omit<ProbeOptions, 'signal'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: DoctorProgress) => void;
  readonly now?: () => Date;
  readonly includeSnapshot?: boolean;
}

function onlyClusters(hub: HubSnapshot, only: readonly string[] | undefined): HubSnapshot {
  if (!only?.length || !hub.clusterSecrets) return hub;
  return { ...hub, clusterSecrets: hub.clusterSecrets.filter((s) => only.includes(s.data.name ?? s.name)) };
}

export async function collectSnapshot(o: DoctorOptions): Promise<Snapshot> {
  const now = o.now ?? (() => new Date());
  o.onProgress?.({ phase: 'hub' });
  const hubRaw =
    o.hub ??
    (await collectHub({
      namespace: o.intent.argocdNamespace,
      ...(o.context && { context: o.context }),
      ...(o.kubeConfig && { kubeConfig: o.kubeConfig }),
      ...(o.signal && { signal: o.signal }),
    }));
  const hub = onlyClusters(hubRaw, o.only);
  const targets = collectionTargets(o.intent, hub);
  const accounts = await collectAws(targets, {
    ...o.aws,
    ...(o.signal && { signal: o.signal }),
    onProgress: (p) => o.onProgress?.({ phase: 'aws', done: p.done, total: p.total }),
  });
  let snapshot: Snapshot = {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'Snapshot',
    collectedAt: now().toISOString(),
    intent: o.intent,
    accounts,
    hub,
  };
  if (o.probe) {
    o.onProgress?.({ phase: 'probe' });
    const { runProbe } = await import('./probe.js');
    snapshot = {
      ...snapshot,
      probe: await runProbe(snapshot, {
        ...o.probeOptions,
        ...(o.context && { context: o.context }),
        ...(o.kubeConfig && !o.probeOptions?.kubeConfig && { kubeConfig: o.kubeConfig }),
        ...(o.signal && { signal: o.signal }),
      }),
    };
  }
  return snapshot;
}

export async function runDoctor(o: DoctorOptions): Promise<{ result: DoctorResult; snapshot: Snapshot }> {
  const snapshot = await collectSnapshot(o);
  o.onProgress?.({ phase: 'analyse' });
  const result = analyzeSnapshot(snapshot, {
    ...(o.plan && { plan: o.plan }),
    ...(o.includeSnapshot && { includeSnapshot: true }),
  });
  return { result, snapshot };
}
