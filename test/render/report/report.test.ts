import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseDoctorResultView, proofDisagreements } from '../../../src/render/report/doctor-view.js';
import { REPORT_CSP, renderReport } from '../../../src/render/report/report.js';
import { buildPlan, buildProve, finding, samplePlan } from '../diagram/fixture-plan.js';

const XSS = `<img src=x onerror=alert(1)>"'><script>alert(2)</script>`;

function problemReport() {
  const plan = samplePlan();
  const prove = buildProve(plan, {
    unintended: [['hub-root', 'staging']],
    blocked: [['sa:argocd/argocd-server', 'prod-us']],
    findings: [
      finding({
        id: 'FM-3.2',
        severity: 'error',
        link: 'manager',
        subject: 'argocd-management',
        fix: 'Remove the root principal.',
      }),
      finding({ id: 'LINT-2', severity: 'warning', link: 'access', subject: 'prod-eu', fix: 'Scope it.' }),
    ],
  });
  return { plan, prove };
}

/** Tag soup is enough here: we count our own, regular markup. */
function count(html: string, re: RegExp): number {
  return html.match(re)?.length ?? 0;
}

describe('renderReport', () => {
  it('is one self-contained file under a strict CSP', () => {
    const html = renderReport(problemReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP.replaceAll("'", '&#39;')}">`,
    );
    // Only our own script runs: allowed by its hash, never by 'unsafe-inline'.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(REPORT_CSP).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:`,
    );
    // Nothing to fetch: no src attributes, every href is data: or a fragment, no CSS imports or urls.
    expect(html).not.toMatch(/\ssrc=/i);
    for (const [, value] of html.matchAll(/\shref="([^"]*)"/g)) expect(value).toMatch(/^(data:|#)/);
    expect(html).not.toMatch(/@import|@font-face|url\((?!#)/i);
    expect(count(html, /<script/g)).toBe(1);
    // Pure and deterministic: the same input gives the same bytes.
    expect(renderReport(problemReport())).toBe(html);
  });

  it('has one matrix row per cluster, grouped by account, coloured by intent', () => {
    const { plan, prove } = problemReport();
    const html = renderReport({ plan, prove });
    expect(count(html, /<tr class="row[^"]*" data-q=/g)).toBe(plan.clusters.length);
    // cluster, access granted, 3 intended SAs, "other principals", 3 outsiders
    expect(html).toContain('<tr class="grp"><th colspan="9">account 222222222222 · 2 clusters</th></tr>');
    expect(html).toContain('<tr class="grp"><th colspan="9">account 333333333333 · 1 cluster</th></tr>');
    expect(html).toContain(
      '<td class="acc" title="intended path: argocd-management → argocd-deployer-prod-us">edit · ns apps, web</td>',
    );
    // 3 intended SAs × 3 clusters, one of them blocked; one unintended reach.
    expect(count(html, /<td class="ok"/g)).toBe(8);
    expect(count(html, /<td class="miss"/g)).toBe(1);
    // The outsider's own column, and the row's "other principals" summary.
    expect(html).toContain(
      '<td class="bad wx" title="UNINTENDED: via argocd-management → argocd-deployer-staging · groups argocd-deployers">✗ reaches<span class="why">group argocd-deployers</span></td>',
    );
    expect(html).toContain(
      '<td class="bad ws" title="UNINTENDED: hub account root (111111111111)">✗ 1 reach',
    );
    expect(count(html, /<td class="none ws">none reach<\/td>/g)).toBe(2);
    expect(html).toContain('at manager');
    // Rows with a red cell carry the problem class the "only problems" filter keys on; a
    // warning about a cluster marks its row and puts a badge after its name.
    expect(count(html, /<tr class="row problem"/g)).toBe(2);
    expect(html).toContain(
      '<tr class="row warn" data-q="prod-eu 222222222222 eu-west-1 eks-prod-eu"><td class="rowh"><b>prod-eu</b> <button type="button" class="fbadge warning" data-filter="prod-eu"',
    );
  });

  it('shows the summary: proof fails, paths reached, unintended reach', () => {
    const html = renderReport(problemReport());
    expect(html).toContain(
      '<div class="card bad" id="card-proof"><div class="k">Proof</div><div class="v">fails</div>',
    );
    expect(html).toContain('<div class="v">8 <small>of 9</small></div>');
    const ok = renderReport({ plan: samplePlan(), prove: buildProve(samplePlan()) });
    expect(ok).toContain('<div class="v">holds</div>');
    expect(ok).toContain('No findings — every intended path exists and nothing else does.');
  });

  it('groups findings by link in chain order, with severity badges and fixes', () => {
    const html = renderReport(problemReport());
    const manager = html.indexOf('data-link="manager"');
    const access = html.indexOf('data-link="access"');
    expect(manager).toBeGreaterThan(0);
    expect(access).toBeGreaterThan(manager);
    expect(html).toContain('<span class="badge error">error</span><code>FM-3.2</code>');
    expect(html).toContain('<div class="fix"><b>Fix:</b> Remove the root principal.</div>');
  });

  it('merges plan warnings without repeating those prove copied', () => {
    const w = finding({ id: 'LINT-9', subject: 'prod-eu', link: 'fleet' });
    const plan = buildPlan([{ name: 'prod-eu', account: '222222222222' }], { warnings: [w] });
    const html = renderReport({ plan, prove: buildProve(plan, { findings: [w] }) });
    expect(count(html, /<code>LINT-9<\/code>/g)).toBe(1);
  });

  it('renders the doctor result per cluster: ok, broken, unknown', () => {
    const { plan, prove } = problemReport();
    const html = renderReport({
      plan,
      prove,
      doctor: {
        clusters: [
          {
            name: 'prod-eu',
            links: [
              { link: 'identity', ok: true },
              { link: 'access', ok: false, reason: 'no access entry' },
            ],
          },
          {
            name: 'staging',
            links: [
              { link: 'identity', ok: true },
              { link: 'network', ok: null, reason: 'private endpoint' },
            ],
          },
        ],
        findings: [
          finding({ id: 'FM-5.1', severity: 'error', subject: 'prod-eu', fix: 'Create the access entry.' }),
        ],
      },
    });
    expect(html).toContain('id="doctor"');
    expect(html).toContain('<td class="bad">✗ broken<span class="why">no access entry</span></td>');
    expect(html).toContain('<td class="unk">? unknown<span class="why">private endpoint</span></td>');
    expect(html).toContain('<div class="v">0 <small>of 2</small></div>');
    expect(html).toContain('Create the access entry.');
  });

  it('escapes every piece of plan, prove and doctor text (XSS)', () => {
    const plan = buildPlan([{ name: XSS, account: '222222222222', groups: [XSS] }]);
    const base = buildProve(plan, {
      findings: [
        finding({
          id: XSS,
          subject: XSS,
          message: XSS,
          fix: XSS,
          evidence: [{ source: XSS, path: XSS, value: XSS }],
        }),
      ],
    });
    const prove = {
      ...base,
      matrix: {
        ...base.matrix,
        witnesses: base.matrix.witnesses.map((w) => ({ ...w, label: XSS, kind: XSS })),
      },
    };
    const html = renderReport({
      plan,
      prove,
      title: XSS,
      generatedAt: XSS,
      doctor: { clusters: [{ name: XSS, links: [{ link: XSS, ok: false, reason: XSS }] }], findings: [] },
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain(`"'>`);
    expect(count(html, /<script/g)).toBe(1);
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
  });
});

describe('parseDoctorResultView', () => {
  it('keeps the fields the report reads and ignores the rest', () => {
    const view = parseDoctorResultView({
      apiVersion: 'x',
      clusters: [
        { name: 'a', extra: 1, links: [{ link: 'token', ok: true, probe: {} }, { link: 'access' }] },
      ],
      findings: [
        {
          id: 'FM-1.1',
          severity: 'warning',
          link: 'identity',
          subject: 's',
          message: 'm',
          evidence: [],
          fix: 'f',
          more: 2,
        },
      ],
    });
    expect(view).toEqual({
      clusters: [
        {
          name: 'a',
          links: [
            { link: 'token', ok: true },
            { link: 'access', ok: null },
          ],
        },
      ],
      findings: [
        {
          id: 'FM-1.1',
          severity: 'warning',
          link: 'identity',
          subject: 's',
          message: 'm',
          evidence: [],
          fix: 'f',
        },
      ],
    });
  });

  it('names the file and JSON path of a wrong value', () => {
    const bad = () =>
      parseDoctorResultView({ clusters: [{ name: 'a', links: [{ link: 'x', ok: 'yes' }] }] }, 'doc.json');
    expect(bad).toThrow(UserError);
    expect(bad).toThrow('doc.json: clusters[0].links[0].ok: expected true, false or null');
    expect(() => parseDoctorResultView({ findings: [{ id: 'a', severity: 'fatal' }] }, 'd.json')).toThrow(
      'd.json: findings[0].severity: expected error, warning or info',
    );
    expect(() => parseDoctorResultView([], 'd.json')).toThrow('d.json: (root): expected an object');
  });
});

describe('offline proof vs live state', () => {
  const live = (
    clusters: { name: string; links: { link: string; ok: boolean | null; reason?: string }[] }[],
  ) => ({
    clusters,
    findings: [],
  });

  it('names each cluster where the fleet proof and the live links disagree, both ways, and the verdicts', () => {
    const { plan, prove } = problemReport();
    const doctor = {
      ...live([
        // offline: the intended identities reach prod-eu; live: its access link is broken
        { name: 'prod-eu', links: [{ link: 'access', ok: false, reason: 'no access entry' }] },
        // offline: argocd-server is blocked on prod-us; live: every link healthy
        {
          name: 'prod-us',
          links: [
            { link: 'identity', ok: true },
            { link: 'access', ok: true },
          ],
        },
        // unchecked live links disagree with nothing
        { name: 'staging', links: [{ link: 'network', ok: null, reason: 'private endpoint' }] },
        { name: 'ghost', links: [{ link: 'identity', ok: true }] },
      ]),
      proof: { verdict: 'holds' as const },
    };
    const rows = proofDisagreements(prove, doctor);
    expect(rows.map((r) => r.cluster ?? '(verdict)')).toEqual(['(verdict)', 'ghost', 'prod-eu', 'prod-us']);
    expect(rows[0]).toEqual({
      offline: 'the proof of the fleet file fails',
      live: 'the proof of the live state (the plan doctor observed) holds',
    });
    expect(rows[2]).toEqual({
      cluster: 'prod-eu',
      offline: 'the intended identities reach it',
      live: 'the access link is broken: no access entry',
    });
    expect(rows[3]?.offline).toMatch(/^it is not reached \(sa:argocd\/argocd-server is blocked at /);
    expect(rows[3]?.live).toBe('doctor saw every link healthy');
    const html = renderReport({ plan, prove, doctor });
    expect(html).toContain('id="sec-disagree"');
    expect(html).toContain(
      '<b>prod-eu</b>: offline, the intended identities reach it; live, the access link is broken: no access entry.',
    );
  });

  it('says plainly when they agree, and a planned cluster doctor did not find is a disagreement', () => {
    const { plan, prove } = problemReport();
    const names = prove.matrix.clusters;
    const healthyWhereReached = live(
      names.map((name) => ({ name, links: [{ link: 'identity', ok: null }] })),
    );
    expect(proofDisagreements(prove, healthyWhereReached)).toEqual([]);
    expect(renderReport({ plan, prove, doctor: healthyWhereReached })).toContain(
      'Where both were checked, the offline proof and the live state agree.',
    );
    const missing = live(names.slice(1).map((name) => ({ name, links: [] })));
    expect(proofDisagreements(prove, missing)).toEqual([
      { cluster: names[0], offline: 'the fleet plans this cluster', live: 'doctor found no such cluster' },
    ]);
  });

  it("reads doctor's proof verdict (and the first shape's holds) from its JSON", () => {
    expect(
      parseDoctorResultView({ clusters: [], findings: [], proof: { verdict: 'inconclusive' } }).proof,
    ).toEqual({
      verdict: 'inconclusive',
    });
    expect(parseDoctorResultView({ proof: { holds: false } }).proof).toEqual({ verdict: 'fails' });
    expect(() => parseDoctorResultView({ proof: { verdict: 'maybe' } }, 'd.json')).toThrow(
      'd.json: proof.verdict: expected holds, fails or inconclusive',
    );
  });
});
