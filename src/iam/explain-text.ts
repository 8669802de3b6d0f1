/** Plain-text rendering of an evaluation result (for `fleetlink simulate FILE`). */
import type { EvalResult } from './types.js';

export function formatEvalResult(result: EvalResult): string {
  const lines = [`${result.explain.summary}`, `cross-account: ${result.explain.crossAccount ? 'yes' : 'no'}`];
  for (const set of result.explain.policySets) {
    lines.push('', `${set.kind}: ${set.decision}`);
    for (const st of set.statements) {
      const id = `${st.policy} statement ${st.index}${st.sid ? ` (${st.sid})` : ''}`;
      lines.push(`  ${st.matched ? '✔' : '·'} ${st.effect} ${id}: ${st.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
