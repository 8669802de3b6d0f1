/** The Argo CD layer of prove (src/prove/project-layer.ts) and the AppProjects plan generates. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planFleet } from '../../src/plan/plan.js';
import { globMatch, intersect, projectLayer } from '../../src/prove/project-layer.js';
import { prove } from '../../src/prove/prove.js';
import { renderProject } from '../../src/render/argocd/index.js';
import { fleet, spoke } from '../plan/fixtures.js';
import { examplePlan, mutate } from './helpers.js';

describe('globs and intersections', () => {
  it('matches Argo CD-style globs', () => {
    expect(globMatch('team-*', 'team-a')).toBe(true);
    expect(globMatch('team-*', 'other')).toBe(false);
    expect(globMatch('*', 'anything')).toBe(true);
    expect(globMatch('a.b', 'axb')).toBe(false);
  });
  it('intersects namespace lists with patterns on either side', () => {
    expect(intersect(['*'], ['a', 'b'])).toEqual(['a', 'b']);
    expect(intersect(['team-*'], ['team-a', 'ops'])).toEqual(['team-a']);
    expect(intersect(['a'], ['b'])).toEqual([]);
  });
});

describe('plan: AppProjects from the access scope', () => {
  const plan = planFleet(
    fleet({
      spokes: [
        spoke('ns', {
          project: 'team',
          access: { policy: 'edit', namespaces: ['apps', 'jobs'], groups: [] },
        }),
        spoke('wide', { project: 'team' }),
        spoke('free'),
      ],
    }),
  );

  it('one project, destinations = the access entry namespaces, or * for cluster scope', () => {
    expect(plan.projects).toHaveLength(1);
    const p = plan.projects![0]!;
    const server = (n: string) => plan.clusters.find((c) => c.name === n)!.server;
    expect(p.permitOnlyProjectScopedClusters).toBe(true);
    expect(p.destinations).toEqual(
      [
        { server: server('ns'), namespace: 'apps' },
        { server: server('ns'), namespace: 'jobs' },
        { server: server('wide'), namespace: '*' },
      ].sort((a, b) =>
        a.server < b.server ? -1 : a.server > b.server ? 1 : a.namespace < b.namespace ? -1 : 1,
      ),
    );
    const manifest = parse(renderProject(plan, p));
    expect(manifest.kind).toBe('AppProject');
    expect(manifest.spec.destinations).toHaveLength(3);
    expect(manifest.spec.sourceRepos).toEqual([]);
  });

  it('prove shows which project reaches which namespaces, composed with the access entry', () => {
    const rows = projectLayer(plan);
    const ns = rows.find((r) => r.cluster === 'ns')!;
    // The Secret lists no namespaces: Argo CD permits every namespace (argo-cd#28272) …
    expect(ns.argocd).toEqual(['*']);
    // … the access entry allows two; together, two.
    expect(ns.access).toEqual(['apps', 'jobs']);
    expect(ns.effective).toEqual(['apps', 'jobs']);
    expect(rows.find((r) => r.cluster === 'free')).toBeUndefined();
    const result = prove(plan);
    expect(result.projects).toEqual(rows);
    expect(result.findings.map((f) => `${f.id} ${f.subject}`)).toContain('LINT-PROJECT-SCOPED-NAMESPACES ns');
  });

  it('matches destinations by literal server, by glob on server or name, in their declared order', () => {
    const server = (n: string) => plan.clusters.find((c) => c.name === n)!.server;
    const mixed = mutate(plan, (p) => {
      p.projects!.push({
        name: 'ops',
        permitOnlyProjectScopedClusters: false,
        destinations: [
          { server: server('free'), namespace: 'b' },
          { server: 'w?de', namespace: 'a' },
          { server: '*', namespace: 'z' },
          { server: server('free'), namespace: 'a' },
        ],
      });
      // A glob listed before a literal: the lint names them in this order.
      p.projects![0]!.destinations = [
        { server: 'n*', namespace: 'jobs' },
        { server: server('ns'), namespace: 'apps' },
      ];
    });
    const ops = projectLayer(mixed).filter((r) => r.project === 'ops');
    expect(ops.map((r) => [r.cluster, r.argocd]).sort()).toEqual([
      ['free', ['a', 'b', 'z']],
      ['ns', ['z']],
      ['wide', ['a', 'z']],
    ]);
    const lint = prove(mixed).findings.find(
      (f) => f.id === 'LINT-PROJECT-SCOPED-NAMESPACES' && f.subject === 'ns',
    );
    expect(lint?.message).toContain('AppProject destinations say (jobs, apps)');
  });

  it('no lint once the Secret lists the namespaces', () => {
    const fixed = planFleet(
      fleet({
        spokes: [
          spoke('ns', {
            project: 'team',
            namespaces: ['apps', 'jobs'],
            access: { policy: 'edit', namespaces: ['apps', 'jobs'], groups: [] },
          }),
        ],
      }),
    );
    expect(prove(fixed).findings.map((f) => f.id)).not.toContain('LINT-PROJECT-SCOPED-NAMESPACES');
    expect(projectLayer(fixed)[0]?.argocd).toEqual(['apps', 'jobs']);
  });

  it('an observed AppProject narrower than a scoped cluster without namespaces is the #28272 bypass', async () => {
    const base = await examplePlan('sharded');
    const plan = mutate(base, (p) => {
      const payments = p.projects!.find((x) => x.name === 'payments')!;
      for (const d of payments.destinations) d.namespace = 'payments';
    });
    const ids = prove(plan).findings.map((f) => `${f.id} ${f.subject}`);
    expect(ids).toContain('LINT-PROJECT-SCOPED-NAMESPACES payments-prod');
  });
});
