/**
 * Just enough Markdown for link checking: headings and inline links outside code fences and code
 * spans, and GitHub's heading anchors (github-slugger: lower-case, punctuation other than `-` and
 * `_` dropped, each space a hyphen, repeats numbered -1, -2, …).
 */

export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((l, i) => {
    const m = /^\s*(```+|~~~+)/.exec(l);
    if (m?.[1]) {
      if (fence === undefined) fence = m[1];
      else if (m[1].startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ text: l, line: i + 1 });
  });
  return out;
}

const withoutCodeSpans = (s: string): string => s.replace(/`[^`]*`/g, '');

export function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text
    .replace(/<[^>]+>/g, '');
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page defines: heading slugs (numbered on repeats) and `<a id|name="…">`. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text: l } of proseLines(text)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(l);
    if (h) {
      const base = slug(h[1] ?? '');
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const a of l.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) if (a[1]) anchors.add(a[1]);
  }
  return anchors;
}

/** Inline links `[text](target "title")` and images, outside code. */
export function linksOf(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text: l, line } of proseLines(text)) {
    for (const m of withoutCodeSpans(l).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      if (m[1]) links.push({ target: m[1], line });
    }
  }
  return links;
}
