/**
 * Plain-text rendering of the evaluator's explanations (for `fleetlink simulate FILE`, the JSONL
 * `reason` field and prove's hop reasons). The explanation itself is data (`StatementDecider`);
 * this is the one place that turns it into words.
 */
import type { EvalResult, StatementDecider } from './types.js';

const VIA_TEXT = {
  account: ' (Principal names the account: delegated to its identity policies)',
  'session-role': ' (Principal names the role of this session)',
  'session-user': ' (Principal names the user of this federated session)',
} as const;

/** One statement's reason, e.g. `action sts:AssumeRole not in Action ["eks:*"]`. */
export function statementReason(effect: 'Allow' | 'Deny', d: StatementDecider): string {
  switch (d.element) {
    case 'Statement':
      return `${effect === 'Allow' ? 'allows' : 'denies'} ${d.action} on ${d.resource}${d.principalVia ? VIA_TEXT[d.principalVia] : ''}`;
    case 'Action':
      return `action ${d.action} not in Action ${JSON.stringify(d.patterns)}`;
    case 'NotAction':
      return `action ${d.action} is in NotAction ${JSON.stringify(d.patterns)}`;
    case 'Resource':
      return `resource ${d.resource} not in Resource ${JSON.stringify(d.patterns)}`;
    case 'NotResource':
      return d.unresolvedVariable
        ? `NotResource ${JSON.stringify(d.patterns)} has a policy variable not in the request`
        : `resource ${d.resource} is in NotResource ${JSON.stringify(d.patterns)}`;
    case 'Principal':
      return d.written === undefined
        ? 'no Principal element (a resource policy statement needs one)'
        : `principal ${d.principal} not in Principal ${JSON.stringify(d.written)}`;
    case 'NotPrincipal':
      return `principal ${d.principal} is in NotPrincipal ${JSON.stringify(d.written)}`;
    case 'Condition':
      return `condition ${d.detail}`;
  }
}

export function formatEvalResult(result: EvalResult): string {
  const lines = [`${result.explain.summary}`, `cross-account: ${result.explain.crossAccount ? 'yes' : 'no'}`];
  for (const set of result.explain.policySets) {
    lines.push('', `${set.kind}: ${set.decision}`);
    for (const st of set.statements) {
      const id = `${st.policy} statement ${st.index}${st.sid ? ` (${st.sid})` : ''}`;
      lines.push(
        `  ${st.matched ? '✔' : '·'} ${st.effect} ${id}: ${statementReason(st.effect, st.decidedBy)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
