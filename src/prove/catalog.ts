/**
 * How prove reports: a thin view of the findings registry (src/findings/registry.ts), where every
 * id prove can report is declared with its title, link, severity and generic fix. The sink keeps
 * one finding per (id, subject).
 */

import { definition, type FindingDefinition, type FindingId, REGISTRY } from '../findings/registry.js';
import type { Evidence, Finding, Link, Severity } from '../findings.js';

/** A registry entry (the shape prove's catalog had). */
export type CatalogEntry = FindingDefinition;

/** Every registered id (prove's and the others): SARIF rules are drawn from it. */
export const CATALOG: ReadonlyMap<string, CatalogEntry> = REGISTRY;

export function catalogEntry(id: string): CatalogEntry {
  return definition(id);
}

export interface FindingInput {
  readonly id: FindingId;
  readonly subject: string;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Overrides the catalog fix with a concrete one. */
  readonly fix?: string;
  readonly severity?: Severity;
  readonly link?: Link;
}

/** Collects findings, one per (id, subject): later reports of the same pair add evidence. */
export class FindingSink {
  private readonly byKey = new Map<string, Finding>();

  add(input: FindingInput): void {
    this.put(input);
  }

  /** A finding already built with the registry's `report` (the plan's scale findings). */
  addFinding(f: Finding): void {
    this.put(f);
  }

  private put(input: Omit<FindingInput, 'id'> & { readonly id: string }): void {
    const entry = catalogEntry(input.id);
    const key = `${input.id}\u0000${input.subject}`;
    const existing = this.byKey.get(key);
    if (existing) {
      if (existing.evidence.length < 8) {
        const merged = [...existing.evidence];
        for (const e of input.evidence)
          if (!merged.some((m) => m.source === e.source && m.path === e.path)) merged.push(e);
        this.byKey.set(key, { ...existing, evidence: merged.slice(0, 8) });
      }
      return;
    }
    this.byKey.set(key, {
      id: input.id,
      severity: input.severity ?? entry.severity,
      link: input.link ?? entry.link,
      subject: input.subject,
      message: input.message,
      evidence: input.evidence,
      fix: input.fix ?? entry.fix,
    });
  }

  has(id: string, subject?: string): boolean {
    if (subject !== undefined) return this.byKey.has(`${id}\u0000${subject}`);
    for (const f of this.byKey.values()) if (f.id === id) return true;
    return false;
  }

  list(): Finding[] {
    return [...this.byKey.values()];
  }
}
