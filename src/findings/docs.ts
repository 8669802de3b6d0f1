/**
 * The generated references: docs/findings.md (every registered id, one anchor each) and
 * docs/failure-modes.md (the failure-mode catalog plus doctor's triage table). `npm run docs`
 * writes both; test/findings/registry.test.ts fails when a committed page is stale.
 */
import { triageTable } from '../doctor/classify.js';
import { CAVEATS, FAILURE_MODES, type FailureMode, PROBE_SEQUENCE } from './failure-modes.js';
import { anchorOf, FAILURE_MODE_CATALOG, REGISTRY } from './registry.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const firstLine = (s: string): string => s.split('\n')[0]!;

/** docs/findings.md: every id with its title, link, default severity, fix and source. */
export function findingsReference(): string {
  const out = [
    '# Findings reference',
    '',
    '<!-- Generated from src/findings/registry.ts (npm run docs); do not edit. -->',
    '',
    'Every id Fleetlink reports, with the link of the chain it is about, its default severity and the',
    'generic fix (a finding may carry a more concrete one). `FM-x.y` are failure modes of the Argo CD →',
    'EKS chain (symptom, cause and detection in [the failure-mode catalog](failure-modes.md)); `LINT-…`',
    "risky-but-working choices; `QUOTA-…` IAM size limits; `PROVE-…`, `POLICY-…` and `PLAN-…` prove's",
    "and the planner's own verdicts; `ARGOCD-…` Argo CD configuration the controller mishandles;",
    '`DOCTOR-…` what doctor could not do; `DRIFT-…` differences between the fleet and live state.',
    '',
    '| id | link | severity | title |',
    '| --- | --- | --- | --- |',
    ...[...REGISTRY.values()].map(
      (d) => `| [${d.id}](#${anchorOf(d.id)}) | ${d.link} | ${d.severity} | ${cell(d.title)} |`,
    ),
  ];
  for (const d of REGISTRY.values()) {
    out.push('', `## ${d.id}`, '', `<a id="${anchorOf(d.id)}"></a>`, '', `**${d.title}**`, '');
    out.push(`- Link: ${d.link}`, `- Default severity: ${d.severity}`, `- Fix: ${d.fix}`);
    if (d.why) out.push(`- Why: ${d.why}`);
    const mode = FAILURE_MODE_CATALOG.get(d.id);
    if (mode?.symptom) out.push(`- Symptom: ${firstLine(mode.symptom)}`);
    if (mode) out.push(`- Failure mode: [${mode.id} ${mode.title}](failure-modes.md#${anchorOf(mode.id)})`);
    if (d.helpUri) out.push(`- Documentation: <${d.helpUri}>`);
    if (d.source) out.push(`- Verified against: ${d.source}`);
  }
  return `${out.join('\n')}\n`;
}

const FIELDS: readonly (readonly [keyof FailureMode, string])[] = [
  ['symptom', 'Symptom'],
  ['cause', 'Cause'],
  ['detection', 'Detection'],
  ['fix', 'Fix'],
  ['notes', 'Notes'],
  ['evidence', 'Evidence'],
  ['confidence', 'Confidence'],
];

/** docs/failure-modes.md: the catalog, one anchor per mode, linked to the finding that reports it. */
export function failureModesReference(): string {
  const out = [
    '# Failure-mode catalog',
    '',
    '<!-- Generated from src/findings/failure-modes.ts (npm run docs); do not edit. -->',
    '',
    'How the Argo CD hub → EKS spoke chain breaks, link by link: what you see, why, how Fleetlink (or',
    'you) detects it and how to fix it. Confidence: **D** documented by AWS / Argo CD or verified in',
    'code; **R** reported by users in issues, fix confirmed in the thread; **I** inferred from code or',
    'docs, not seen reported. Modes Fleetlink reports have an entry in the',
    '[findings reference](findings.md) with the generic fix.',
  ];
  let section = '';
  for (const m of FAILURE_MODES) {
    if (m.section !== section) {
      section = m.section;
      const n = m.id.slice(3, m.id.indexOf('.'));
      out.push('', `## ${n}. ${section}`, '', `<a id="link-${n}"></a>`);
    }
    out.push('', `### ${m.id} ${m.title}`, '', `<a id="${anchorOf(m.id)}"></a>`, '');
    const reported = REGISTRY.get(m.id);
    for (const [key, label] of FIELDS) {
      const text = key === 'fix' ? (m.fix ?? reported?.fix) : m[key];
      if (text) out.push(`- **${label}:** ${text.replace(/\n/g, '\n  ')}`);
    }
    out.push(
      reported
        ? `- **Reported as:** [${m.id}](findings.md#${anchorOf(m.id)}) (${reported.severity}, link ${reported.link})`
        : '- **Reported as:** not reported by Fleetlink (no rule reads what would show it).',
    );
  }
  out.push(
    '',
    '## 0. Triage: error text → failure mode',
    '',
    '<a id="triage"></a>',
    '',
    'How `doctor --probe` names the failure mode behind an AWS, Kubernetes or network error (src/doctor/classify.ts):',
    'the first row whose pattern matches the error text of a step wins. Errors surface where the chain broke — an',
    "`exit code 20` from argocd-k8s-auth hides the AWS error, which the probe's own STS calls show.",
    '',
    '| pattern | only at steps | id |',
    '| --- | --- | --- |',
    ...triageTable().map(
      (r) => `| \`${cell(r.pattern)}\` | ${r.steps?.join(', ') ?? 'any'} | [${r.id}](#${anchorOf(r.id)}) |`,
    ),
  );
  out.push(
    '',
    '## 8. Probe sequence (cheap → definitive)',
    '',
    '<a id="probe-sequence"></a>',
    '',
    PROBE_SEQUENCE,
  );
  out.push('', '## 9. Gaps and caveats', '', '<a id="caveats"></a>', '', CAVEATS);
  return `${out.join('\n')}\n`;
}
