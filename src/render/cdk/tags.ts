/**
 * Tags on everything Fleetlink creates: the plan's tags plus `managed-by: fleetlink`, applied
 * with CDK's tag aspect so every taggable resource below the scope gets them (roles, OIDC
 * provider, access entries, Pod Identity associations, StackSets).
 */
import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { MANAGED_BY_TAG, type Tags as TagMap } from './slices.js';

export function applyTags(scope: IConstruct, tags: TagMap): void {
  for (const key of Object.keys(tags).sort()) Tags.of(scope).add(key, tags[key] as string);
  // Last, so a plan tag of the same key cannot hide who manages the resource.
  Tags.of(scope).add(MANAGED_BY_TAG.key, MANAGED_BY_TAG.value);
}
