import type { Decision, EvalRequest } from '../../src/iam/types.js';

export declare function toSimulation(request: EvalRequest): unknown;
export declare function oracleDecision(request: EvalRequest): Decision;
export declare function oracleValidationErrors(request: EvalRequest): { message: string; path: string }[];
