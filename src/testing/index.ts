/**
 * `fleetlink/testing`: generators for benchmarks, property tests and downstream tests, kept apart
 * from the product's entry points so that nothing the CLI runs depends on them (issue 11: test-only
 * generators leave the core or become an explicit testing export).
 */
export { expectedSnapshot } from './expected-snapshot.js';
export { type GenerateOptions, generateFleet, SAMPLE_CA_DATA } from './generate-fleet.js';
