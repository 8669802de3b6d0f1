import { it } from 'vitest';
import { analyzeSnapshot } from '../../src/doctor/analyze.js';
import { formatDoctorText } from '../../src/doctor/format-text.js';
import { healthySnapshot, healthyPodIdentitySnapshot, healthyCapabilitySnapshot } from './helpers/healthy.js';
it('x', () => {
  for (const s of [healthySnapshot(), healthyPodIdentitySnapshot(), healthyCapabilitySnapshot()]) {
    const r = analyzeSnapshot(s);
    console.log(formatDoctorText(r));
  }
});
