// Evaluator throughput: Fleetlink's evaluate() vs the oracle's unchecked mode (runUnsafeSimulation
// of @cloud-copilot/iam-simulate, a devDependency) on the same generated cases, in one run.
// Cases come from the differential test's generator (test/iam/cases.mjs), without session policies
// (runUnsafeSimulation ignores them). Oracle inputs are built before timing; our warm runs reuse the
// compiled-policy cache (per document object), the cold run evaluates fresh copies of every document.
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { evaluate } from '../dist/iam/evaluate.js';
import { normalizeForOracle, sampleCases } from '../test/iam/cases.mjs';
import { toSimulation } from '../test/iam/oracle.mjs';

const N = Number(process.env.IAM_BENCH_CASES ?? 2000);
const SECONDS = Number(process.env.IAM_BENCH_SECONDS ?? 2);
const cases = sampleCases(N * 2, 20260101)
  .filter((c) => !c.sessionPolicies)
  .slice(0, N);
const simulations = cases.map((c) => toSimulation(normalizeForOracle(c)));

/** Runs `fn` over all cases repeatedly for about SECONDS; returns evaluations per second. */
function measure(fn, inputs) {
  for (const x of inputs) fn(x); // warm-up pass (JIT, lazy data loading)
  let count = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(SECONDS * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const x of inputs) fn(x);
    count += inputs.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return count / elapsed;
}

// Both parsing every policy on every call: fresh copies of every case (made before the clock starts)
// for ours, and the oracle, which parses its JSON inputs on every call anyway. Alternating rounds,
// CPU time, best round of each: on a shared machine that is the figure load disturbs least.
function measureCold(rounds = 8) {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let ours = Number.POSITIVE_INFINITY;
  let theirs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const copies = structuredClone(cases);
    let t = cpu();
    for (const c of copies) evaluate(c, { explain: false });
    ours = Math.min(ours, cpu() - t);
    t = cpu();
    for (const x of simulations) runUnsafeSimulation(x, {});
    theirs = Math.min(theirs, cpu() - t);
  }
  return { ours: (cases.length / ours) * 1000, oracle: (simulations.length / theirs) * 1000 };
}

const fast = measure((c) => evaluate(c, { explain: false }), cases);
const explained = measure((c) => evaluate(c), cases);
const coldPair = measureCold();
const cold = coldPair.ours;
const oracle = measure((s) => runUnsafeSimulation(s, {}), simulations);

// Prove-shaped requests: the two hops of the chain, as prove asks them for many witnesses and spokes.
const A = '111111111111';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
const MANAGER = `arn:aws:iam::${A}:role/fleetlink/argocd-manager`;
const irsaTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/${ISSUER}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
        StringLike: {
          [`${ISSUER}:sub`]: [
            'system:serviceaccount:argocd:argocd-server',
            'system:serviceaccount:argocd:argocd-application-controller',
          ],
        },
      },
    },
  ],
};
const spokes = Array.from(
  { length: 100 },
  (_, i) => `arn:aws:iam::${String(200000000000 + i)}:role/fleetlink/argocd-deployer`,
);
const managerPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: spokes }],
};
const deployerTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: MANAGER }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
};
const proveShaped = [];
for (const sa of ['argocd-server', 'argocd-application-controller', 'default', 'argocd-repo-server']) {
  proveShaped.push({
    principal: `arn:aws:iam::${A}:oidc-provider/${ISSUER}`,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: MANAGER,
    context: {
      [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      [`${ISSUER}:sub`]: `system:serviceaccount:argocd:${sa}`,
    },
    resourcePolicy: irsaTrust,
  });
}
for (const spoke of spokes.slice(0, 20)) {
  proveShaped.push({
    principal: `arn:aws:sts::${A}:assumed-role/argocd-manager/argocd`,
    action: 'sts:AssumeRole',
    resource: spoke,
    identityPolicies: [managerPolicy],
    resourcePolicy: deployerTrust,
  });
}
const proveSims = proveShaped.map((c) => toSimulation(c));
const proveFast = measure((c) => evaluate(c, { explain: false }), proveShaped);
const proveOracle = measure((s) => runUnsafeSimulation(s, {}), proveSims);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rows = [
  ['fleetlink evaluate (explain: false)', fast],
  ['fleetlink evaluate (full explain)', explained],
  ['fleetlink evaluate (cold: policies parsed on every call; CPU, best round)', cold],
  ['iam-simulate runUnsafeSimulation (same rounds, CPU, best round)', coldPair.oracle],
  ['iam-simulate runUnsafeSimulation (oracle)', oracle],
];
process.stdout.write(`${cases.length} generated cases, ${SECONDS}s per row, Node ${process.version}\n\n`);
process.stdout.write('| engine | evaluations/s | × oracle |\n|---|---:|---:|\n');
for (const [name, rate] of rows)
  process.stdout.write(`| ${name} | ${fmt(rate)} | ${(rate / oracle).toFixed(1)}× |\n`);
process.stdout.write(
  `\nProve-shaped requests (IRSA web identity → manager, manager session → 100-spoke deployer trust):\n\n`,
);
process.stdout.write('| engine | evaluations/s | × oracle |\n|---|---:|---:|\n');
process.stdout.write(
  `| fleetlink evaluate (explain: false) | ${fmt(proveFast)} | ${(proveFast / proveOracle).toFixed(1)}× |\n`,
);
process.stdout.write(`| iam-simulate runUnsafeSimulation (oracle) | ${fmt(proveOracle)} | 1.0× |\n`);
const coldRatio = coldPair.ours / coldPair.oracle;
process.stdout.write(
  `\nboth parsing policies per call (CPU, best of 8 alternating rounds): ${coldRatio.toFixed(2)}× the oracle (target ≥ 5×) ${coldRatio >= 5 ? 'OK' : 'MISSED'}; with compiled policies cached: ${(fast / oracle).toFixed(1)}×\n`,
);
