/**
 * The layer direction of docs/architecture.md, enforced: imports point downwards only.
 * domain imports nothing of ours; graph, cards and importer build on domain; only the CLI,
 * scripts and tests may import the emulator; tab and server never import each other.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Import cycles hide layering mistakes.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds pure rules and imports nothing of ours outside itself.',
      from: { path: '^src/domain' },
      to: { path: '^(src/(?!domain)|manifest/)' },
    },
    {
      name: 'only-cli-and-tests-import-the-emulator',
      severity: 'error',
      from: { path: '^src/(?!emulator|cli)' },
      to: { path: '^src/emulator' },
    },
    {
      name: 'emulator-knows-nothing-of-the-app',
      severity: 'error',
      comment: 'The emulator is a generic stand-in for Graph; it receives lists through provisioning.',
      from: { path: '^src/emulator' },
      to: { path: '^(src/(?!emulator)|manifest/)' },
    },
    {
      name: 'graph-and-cards-build-on-domain-only',
      severity: 'error',
      from: { path: '^src/(graph|cards)' },
      to: { path: '^src/(server|tab|cli|importer|emulator)' },
    },
    {
      name: 'importer-below-cli',
      severity: 'error',
      from: { path: '^src/importer' },
      to: { path: '^src/(server|tab|cli|emulator)' },
    },
    { name: 'tab-not-server', severity: 'error', from: { path: '^src/tab' }, to: { path: '^src/(server|cli)' } },
    { name: 'server-not-tab', severity: 'error', from: { path: '^src/server' }, to: { path: '^src/(tab|cli)' } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
