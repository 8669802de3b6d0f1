/**
 * Escaping for XML and HTML text and attribute values. Plan text is user input (cluster
 * names, labels, role paths), so every renderer passes it through here.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** True for code units XML 1.0 cannot carry: C0 controls except tab, LF and CR; U+FFFE; U+FFFF. */
function isInvalidUnit(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Replace what XML forbids (controls, lone surrogates) with U+FFFD; escape markup characters. */
function slowEscape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHigh(c) && isLow(text.charCodeAt(i + 1))) {
      out += text.slice(i, i + 2);
      i++;
    } else if (isInvalidUnit(c) || isHigh(c) || isLow(c)) out += '\uFFFD';
    else out += ENTITIES[text[i]!] ?? text[i];
  }
  return out;
}

/** Safe inside element text and inside single- or double-quoted attribute values, in XML and HTML. */
export function escapeXml(text: string): string {
  // Most plan text is plain; the report escapes ~100k strings at 1,000 spokes, so check first.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27 || c >= 0xd800)
      return slowEscape(text);
  }
  return text;
}

/** Shorten to `max` characters with an ellipsis (the full text goes into a tooltip). */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
