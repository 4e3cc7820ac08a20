/**
 * Import rules that keep the extension's shape (STYLE.md, "Import rules").
 * Run by `npm test`; a wrong arrow fails CI.
 */
module.exports = {
  forbidden: [
    {
      name: 'tap-stays-small',
      comment: 'The page tap imports only lib/protocol and lib/tap: no React, zustand, lz-string, recharts or components.',
      severity: 'error',
      from: { path: '^(entrypoints/tap[^/]*|lib/tap/)' },
      to: {
        pathNot: '^(lib/protocol/|lib/tap/|node_modules/wxt/|wxt/utils/define-content-script$)',
      },
    },
    {
      name: 'relay-engine-and-protocol-are-pure',
      comment: 'lib/relay, lib/engine and lib/protocol import nothing from lib/ext, entrypoints or components.',
      severity: 'error',
      from: { path: '^lib/(relay|engine|protocol)/' },
      to: { path: '^(lib/ext/|entrypoints/|components/)' },
    },
    {
      name: 'engine-knows-no-relay',
      comment: 'lib/engine is the strategy\'s logic alone: it imports nothing from lib/relay.',
      severity: 'error',
      from: { path: '^lib/engine/' },
      to: { path: '^lib/relay/' },
    },
    {
      name: 'protocol-imports-no-lib',
      comment: 'lib/protocol imports nothing else from lib/.',
      severity: 'error',
      from: { path: '^lib/protocol/' },
      to: { path: '^lib/', pathNot: '^lib/protocol/' },
    },
    {
      name: 'components-reach-the-extension-through-the-store',
      comment: 'components/ never imports lib/ext.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^lib/ext/' },
    },
    {
      name: 'lib-is-below-entrypoints-and-components',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(entrypoints/|components/)' },
    },
    {
      name: 'only-lib-ext-calls-browser',
      comment: 'Only lib/ext and entrypoints import wxt/browser.',
      severity: 'error',
      from: { pathNot: '^(lib/ext/|entrypoints/|tests/)' },
      to: { path: 'node_modules/(wxt/dist/browser|@wxt-dev/browser)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^\\.wxt/' },
  },
};
