/**
 * The one rule for "this spoke looks like production" (LINT-PROD-CLUSTER-ADMIN, reported by the
 * fleet linter on the fleet file and by prove on any AccessPlan): a production word — prod,
 * production, prd, live — as a whole segment of the spoke's name or of one of its label values
 * (`payments-prod`, `env=production`, `tier=live`; not `product` or `olive`). Segments are split on
 * `-`, `_` and `.`, the separators Kubernetes names and label values allow.
 */

const PROD_WORD = /(^|[-_.])(prod|production|prd|live)([-_.]|$)/i;

/** Why the spoke looks like production, or undefined: the name first, then labels in order. */
export type ProductionMarker =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'label'; readonly key: string; readonly value: string };

export function productionMarker(
  name: string,
  labels: Readonly<Record<string, string>>,
): ProductionMarker | undefined {
  if (PROD_WORD.test(name)) return { kind: 'name', name };
  for (const [key, value] of Object.entries(labels))
    if (PROD_WORD.test(value)) return { kind: 'label', key, value };
  return undefined;
}

/** `its name "payments-prod"` / `its label env=production`, for messages. */
export function describeMarker(m: ProductionMarker): string {
  return m.kind === 'name' ? `its name "${m.name}"` : `its label ${m.key}=${m.value}`;
}
