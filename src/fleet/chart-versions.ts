/**
 * Which Argo CD a given argo-cd Helm chart version ships: the chart's `appVersion`.
 *
 * Source: the history of `charts/argo-cd/Chart.yaml` in github.com/argoproj/argo-helm (every
 * commit that changed the file, from chart 0.1.0 of 2019-02-14 to chart 10.1.1 of 2026-07-02,
 * commit af0a9310), reduced to the chart versions where the appVersion's MAJOR.MINOR changes.
 * Across those 911 releases the appVersion never goes back, so a chart version ships the Argo CD
 * minor of the last row at or below it. Pre-release chart versions are compared by their numbers.
 */
import { versionParts } from './rules.js';

/** [first chart version, Argo CD minor it and the chart versions after it ship] */
const SHIPS: readonly (readonly [string, string])[] = [
  ['0.1.0', 'v0.11'],
  ['0.2.0', 'v0.12'],
  ['0.3.0', 'v1.1'],
  ['0.4.0', 'v1.2'],
  ['1.2.0', 'v1.3'],
  ['1.6.4', 'v1.4'],
  ['2.1.0', 'v1.5'],
  ['2.4.0', 'v1.6'],
  ['2.7.0', 'v1.7'],
  ['2.14.0', 'v1.8'],
  ['3.0.0', 'v2.0'],
  ['3.13.0', 'v2.1'],
  ['3.29.0', 'v2.2'],
  ['4.0.0', 'v2.3'],
  ['4.9.0', 'v2.4'],
  ['5.8.0', 'v2.5'],
  ['5.20.0', 'v2.6'],
  ['5.30.0', 'v2.7'],
  ['5.43.0', 'v2.8'],
  ['5.51.0', 'v2.9'],
  ['5.55.0', 'v2.10'],
  ['6.8.0', 'v2.11'],
  ['7.4.0', 'v2.12'],
  ['7.7.0', 'v2.13'],
  ['7.8.0', 'v2.14'],
  ['8.0.0', 'v3.0'],
  ['8.3.0', 'v3.1'],
  ['9.1.0', 'v3.2'],
  ['9.4.0', 'v3.3'],
  ['9.5.12', 'v3.4'],
];

/** The newest chart version the table knows; later charts may ship a later Argo CD. */
export const NEWEST_KNOWN_CHART = '10.1.1';

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `v3.4.4` or `v3.4` → [3, 4]. */
function minorOf(v: string): number[] {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)];
}

/** The Argo CD minor (`v3.4`) the chart version ships, or undefined below the first chart. */
export function argoMinorOfChart(chartVersion: string): string | undefined {
  const c = versionParts(chartVersion);
  let found: string | undefined;
  for (const [first, minor] of SHIPS) if (compare(c, versionParts(first)) >= 0) found = minor;
  return found;
}

/** The chart versions that ship an Argo CD minor, in words: `9.5.12 and later`, `5.51.0 to 5.54.x`. */
export function chartsShipping(argoVersion: string): string | undefined {
  const wanted = minorOf(argoVersion);
  const i = SHIPS.findIndex(([, minor]) => compare(minorOf(minor), wanted) === 0);
  if (i < 0) return undefined;
  const next = SHIPS[i + 1];
  const first = SHIPS[i]![0];
  if (next === undefined) return `${first} and later`;
  const [major, minor, patch] = versionParts(next[0]);
  const last =
    patch > 0 ? `${major}.${minor}.${patch - 1}` : minor > 0 ? `${major}.${minor - 1}.x` : `${major - 1}.x`;
  return `${first} to ${last}`;
}

/**
 * A problem when the chart cannot ship the Argo CD version (`chartVersion: 6.11.1` with
 * `version: v3.4.4`), else undefined. Past the newest known chart, any Argo CD at least as new
 * as the newest known one is accepted.
 */
export function checkChartShipsArgo(chartVersion: string, argoVersion: string): string | undefined {
  const ships = argoMinorOfChart(chartVersion);
  if (ships === undefined) return undefined;
  const newer = compare(versionParts(chartVersion), versionParts(NEWEST_KNOWN_CHART)) > 0;
  const diff = compare(minorOf(argoVersion), minorOf(ships));
  if (diff === 0 || (newer && diff > 0)) return undefined;
  const charts = chartsShipping(argoVersion);
  return `argo-cd chart ${chartVersion} ships Argo CD ${ships}.x (its appVersion), not ${argoVersion}: expected argocd.version ${ships}.x${charts ? `, or a chart that ships ${argoVersion} (${charts})` : ''}`;
}
