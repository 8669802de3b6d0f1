/**
 * SARIF 2.1.0 rendering of prove findings, for code scanning in CI (GitHub code scanning and others).
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html — required: `version`,
 * `runs[].tool.driver.name`, `results[].message.text`; rules carry the help text, results point at
 * the fleet file (with the spoke's line when known) or the plan file.
 */

import { findingReference, findingUrl } from '../findings/registry.js';
import type { Finding, Severity } from '../findings.js';
import { CATALOG, type CatalogEntry } from './catalog.js';
import type { ProveResult } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** The file findings are reported against (fleet.yaml or plan.json), relative to the repository root. */
  readonly artifactUri: string;
  /** Subject (cluster name) → 1-based line in that file. */
  readonly lines?: ReadonlyMap<string, number>;
  readonly toolVersion?: string;
  /**
   * package.json `homepage`, when the package declares one: each rule's `helpUri` is then the id's
   * entry in docs/findings.md under it (see `findingUrl`); otherwise the upstream documentation.
   */
  readonly homepage?: string;
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function formatSarif(result: ProveResult, options: SarifOptions): object {
  const ids = [...new Set(result.findings.map((f) => f.id))].sort();
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const rules = ids.map((id) => {
    const entry = CATALOG.get(id);
    const sample = result.findings.find((f) => f.id === id);
    const title = entry?.title ?? id;
    const fix = entry?.fix ?? sample?.fix ?? '';
    const reference = entry && options.homepage ? findingUrl(id, options.homepage) : undefined;
    const helpUri = reference ?? entry?.helpUri;
    return {
      id,
      name: ruleName(id),
      shortDescription: { text: title },
      fullDescription: { text: `${title}. Fix: ${fix}` },
      help: entry
        ? ruleHelp(entry, reference)
        : { text: `${title}\n\nFix: ${fix}`, markdown: `**${title}**\n\nFix: ${fix}` },
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level: LEVEL[entry?.severity ?? sample?.severity ?? 'warning'] },
      properties: { tags: ['security', entry?.link ?? sample?.link ?? 'fleet'] },
    };
  });
  const results = result.findings.map((f) => sarifResult(f, ruleIndex.get(f.id) ?? 0, options));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fleetlink',
            version: options.toolVersion ?? '0.1.0',
            rules,
          },
        },
        results,
        properties: { holds: result.holds, verdict: result.verdict, causes: result.causes },
      },
    ],
  };
}

/**
 * A rule's help, from the registry: title, why, fix, source, the upstream documentation and the
 * id's entry in docs/findings.md (shipped in the package, so the reference holds offline and
 * without a published docs site).
 */
export function ruleHelp(entry: CatalogEntry, referenceUrl?: string): { text: string; markdown: string } {
  const reference = findingReference(entry.id);
  const text = [entry.title, ''];
  const md = [`**${entry.title}**`, ''];
  if (entry.why) {
    text.push(`Why: ${entry.why}`);
    md.push(`**Why:** ${entry.why}`, '');
  }
  text.push(`Fix: ${entry.fix}`);
  md.push(`**Fix:** ${entry.fix}`, '');
  if (entry.source) {
    text.push(`Source: ${entry.source}`);
    md.push(`**Source:** ${entry.source}`, '');
  }
  if (entry.helpUri) {
    text.push(`Documentation: ${entry.helpUri}`);
    md.push(`**Documentation:** <${entry.helpUri}>`, '');
  }
  text.push(`Reference: ${reference} (shipped in the fleetlink package)`);
  md.push(
    `**Reference:** ${referenceUrl ? `[${reference}](${referenceUrl})` : `\`${reference}\``} (shipped in the fleetlink package)`,
  );
  if (referenceUrl) text.push(`Online: ${referenceUrl}`);
  return { text: text.join('\n'), markdown: md.join('\n') };
}

function sarifResult(f: Finding, ruleIndex: number, options: SarifOptions): object {
  const line = options.lines?.get(f.subject);
  return {
    ruleId: f.id,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: `${f.subject}: ${f.message} Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: options.artifactUri },
          region: { startLine: line !== undefined && line >= 1 ? line : 1 },
        },
        logicalLocations: [{ name: f.subject, kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'fleetlinkFinding/v1': fingerprint(`${f.id}|${f.subject}`) },
    properties: { link: f.link, subject: f.subject, evidence: f.evidence },
  };
}

/** `FM-1.2` → `FM_1_2`; rule names must be identifiers for some SARIF consumers. */
function ruleName(id: string): string {
  return id.replace(/[^A-Za-z0-9]+/g, '_');
}

/** FNV-1a, hex: a stable fingerprint so CI can track a finding across runs. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
