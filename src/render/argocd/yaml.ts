/**
 * YAML output that Kubernetes and Helm read back exactly as meant. Both parse YAML 1.1 (go-yaml),
 * where `yes`, `on`, `n`, `0x1f` are not strings; so strings are double-quoted, keys are quoted
 * whenever YAML 1.1 would coerce them, and long lines (caData) are never folded.
 */
import { Document, isScalar, parse, Scalar } from 'yaml';

const OPTIONS = {
  version: '1.1',
  lineWidth: 0,
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
} as const;

/** A YAML document with a leading comment block. `literal` paths are rendered as `|` block scalars. */
export function toYaml(
  value: unknown,
  comment: string,
  literal: readonly (readonly string[])[] = [],
): string {
  const doc = new Document(value, OPTIONS);
  for (const path of literal) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.type = Scalar.BLOCK_LITERAL;
  }
  if (comment)
    doc.commentBefore = comment
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => (l ? ` ${l}` : ''))
      .join('\n');
  return doc.toString(OPTIONS);
}

/** True when YAML 1.1 would not read `s` back as the same string if written unquoted. */
export function yamlCoerces(s: string): boolean {
  try {
    return parse(`k: ${s}`, { version: '1.1' })?.k !== s;
  } catch {
    return true;
  }
}
