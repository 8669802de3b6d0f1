/**
 * One line of `fleetlink simulate --jsonl`: request JSON in, decision JSON out. Pure; the CLI
 * streams lines through it. The output shapes are a stable scripting interface:
 *   {"decision":"Allowed"|"ExplicitlyDenied"|"ImplicitlyDenied","explain":{…}}
 *   {"error":"line 3: $.identityPolicies[0].Statement[1].Effect: expected \"Allow\" or \"Deny\""}
 */
import { evaluate } from './evaluate.js';
import { PolicyError } from './policy.js';
import { parseRequest } from './request.js';

export interface JsonlOptions {
  /** `full` (default): per-statement explanations; `summary`: the summary sentence only. */
  readonly explain?: 'full' | 'summary';
}

export interface LineResult {
  /** The output line, without the newline. */
  readonly output: string;
  readonly ok: boolean;
}

export function simulateJsonLine(text: string, lineNumber: number, options: JsonlOptions = {}): LineResult {
  const fail = (message: string): LineResult => ({
    output: JSON.stringify({ error: `line ${lineNumber}: ${message}` }),
    ok: false,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseRequest(value);
  if (!parsed.request) return fail(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  try {
    const result = evaluate(parsed.request, { explain: options.explain !== 'summary' });
    return { output: JSON.stringify({ decision: result.decision, explain: result.explain }), ok: true };
  } catch (error) {
    // parseRequest validates every policy, so this is a safety net: one bad line never ends the stream.
    if (error instanceof PolicyError) return fail(error.message);
    throw error;
  }
}
