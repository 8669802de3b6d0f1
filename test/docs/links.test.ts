/**
 * Every relative link and anchor in README.md and docs/*.md resolves: the file exists, and an
 * anchor names a heading of that file (GitHub's slugs) or an explicit `<a id>`. Moving text
 * between pages must not leave a link behind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, linksOf } from '../helpers/markdown.js';

const root = resolve(import.meta.dirname, '../..');
const pages = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f)),
];

describe('markdown links', () => {
  it('GitHub slugs: punctuation dropped, spaces to hyphens, duplicates numbered', () => {
    const md =
      '# A `b` c\n\n## synth --target terraform\n\n## A b c\n\n```sh\n# not a heading\n```\n<a id="x-1"></a>\n';
    expect([...anchorsOf(md)]).toEqual(['a-b-c', 'synth---target-terraform', 'a-b-c-1', 'x-1']);
  });

  it('finds links outside code, not inside it', () => {
    const md = 'see [a](b.md#c) and `[x](y)`\n\n```\n[p](q)\n```\n[r](#s "title")\n';
    expect(linksOf(md).map((l) => l.target)).toEqual(['b.md#c', '#s']);
  });

  it('every relative link and anchor in README.md and docs/ resolves', () => {
    const broken: string[] = [];
    const anchorCache = new Map<string, Set<string>>();
    const anchorsIn = (file: string): Set<string> => {
      let set = anchorCache.get(file);
      if (!set) {
        set = anchorsOf(readFileSync(file, 'utf8'));
        anchorCache.set(file, set);
      }
      return set;
    };
    for (const page of pages) {
      for (const { target, line } of linksOf(readFileSync(page, 'utf8'))) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path = '', anchor] = target.split('#', 2);
        const file = path === '' ? page : resolve(dirname(page), decodeURIComponent(path));
        const where = `${relative(root, page)}:${line}: ${target}`;
        if (!existsSync(file)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor !== undefined && anchor !== '') {
          if (statSync(file).isDirectory() || !file.endsWith('.md'))
            broken.push(`${where} (anchor on a non-markdown target)`);
          else if (!anchorsIn(file).has(decodeURIComponent(anchor))) broken.push(`${where} (no such anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
