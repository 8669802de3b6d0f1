import type { Arbitrary } from 'fast-check';
import type { EvalRequest } from '../../src/iam/types.js';

export declare const A: string;
export declare const B: string;
export declare const principalArb: Arbitrary<string>;
export declare const caseArb: Arbitrary<EvalRequest>;
export declare function normalizeForOracle(request: EvalRequest): EvalRequest;
export declare function sampleCases(n: number, seed?: number): EvalRequest[];
