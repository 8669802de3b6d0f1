/** The argo-cd chart → Argo CD table (argo-helm charts/argo-cd/Chart.yaml history). */
import { describe, expect, it } from 'vitest';
import {
  argoMinorOfChart,
  chartsShipping,
  checkChartShipsArgo,
  NEWEST_KNOWN_CHART,
} from '../../src/fleet/chart-versions.js';
import { DEFAULTS } from '../../src/fleet/defaults.js';

describe('argo-cd chart versions and the Argo CD they ship', () => {
  it('knows released pairs from argo-helm', () => {
    // Each pair is a release of charts/argo-cd/Chart.yaml (version → appVersion).
    const released: [string, string][] = [
      ['5.51.6', 'v2.9.3'],
      ['5.54.0', 'v2.9.6'],
      ['5.55.0', 'v2.10.0'],
      ['6.11.1', 'v2.11.3'],
      ['7.0.0', 'v2.11.3'],
      ['7.8.0', 'v2.14.0'],
      ['8.0.0', 'v3.0.0'],
      ['9.5.11', 'v3.3.9'],
      ['9.5.12', 'v3.4.1'],
      ['10.1.1', 'v3.4.4'],
    ];
    for (const [chart, argo] of released)
      expect(checkChartShipsArgo(chart, argo), `${chart} ${argo}`).toBeUndefined();
  });

  it('rejects impossible pairs and names the charts that would fit', () => {
    expect(checkChartShipsArgo('6.11.1', 'v3.4.4')).toBe(
      'argo-cd chart 6.11.1 ships Argo CD v2.11.x (its appVersion), not v3.4.4: expected argocd.version v2.11.x, or a chart that ships v3.4.4 (9.5.12 and later)',
    );
    expect(checkChartShipsArgo('10.1.1', 'v2.9.0')).toContain('a chart that ships v2.9.0 (5.51.0 to 5.54.x)');
    expect(checkChartShipsArgo('9.5.11', 'v3.4.0')).toContain('ships Argo CD v3.3.x');
  });

  it('accepts newer Argo CD with charts newer than the table, never older', () => {
    expect(checkChartShipsArgo('10.2.0', 'v3.5.0')).toBeUndefined();
    expect(checkChartShipsArgo('11.0.0', 'v3.4.4')).toBeUndefined();
    expect(checkChartShipsArgo('11.0.0', 'v3.3.0')).toContain('ships Argo CD v3.4.x');
    expect(argoMinorOfChart(NEWEST_KNOWN_CHART)).toBe('v3.4');
  });

  it('keeps the defaults a released pair', () => {
    expect(checkChartShipsArgo(DEFAULTS.argocd.chartVersion, DEFAULTS.argocd.version)).toBeUndefined();
  });

  it('words chart ranges', () => {
    expect(chartsShipping('v2.2.5')).toBe('3.29.0 to 3.x');
    expect(chartsShipping('v2.14.1')).toBe('7.8.0 to 7.x');
    expect(chartsShipping('v1.4.0')).toBe('1.6.4 to 2.0.x');
    expect(chartsShipping('v9.0.0')).toBeUndefined();
  });
});
