import { minify } from 'terser';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';

/** The page tap's file in the build: it runs in every frame of every page, within a 15 KB budget. */
const TAP_SCRIPT = 'content-scripts/tap.js';

/**
 * Minifies the page tap a second time with terser (two compress passes), which takes
 * about 600 bytes (4 %) more off it than Vite's esbuild pass; only the tap, whose size
 * every page pays, and not the panel bundle, whose build time would triple.
 */
function squeezeTap(): Plugin {
  return {
    name: 'sse-hub-squeeze-tap',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const chunk = bundle[TAP_SCRIPT];
      if (chunk?.type !== 'chunk') return;
      const result = await minify(chunk.code, { ecma: 2020, compress: { passes: 2, hoist_funs: true }, mangle: true, format: { comments: false } });
      if (result.code) chunk.code = result.code;
    },
  };
}

/** The bridge content script's file in the build (an unlisted script: `entrypoints/bridge.ts`). */
const BRIDGE_SCRIPT = 'bridge.js';

/**
 * `SSE_HUB_FULL_CAPTURE=1` (`npm run build:full`) builds the full-capture variant into
 * `.output/chrome-mv3-full`: the same code with the `debugger` permission, which full
 * capture needs. Chrome grants `debugger` only at install (it refuses it as an optional
 * permission: "Only permissions specified in the manifest may be requested"), so the
 * default build leaves it out and its install asks for nothing more.
 */
const FULL_CAPTURE = process.env.SSE_HUB_FULL_CAPTURE === '1';

/**
 * WXT build configuration for SSE Hub DevTools.
 * `imports: false` keeps every name's origin explicit (see STYLE.md).
 */
export default defineConfig({
  imports: false,
  outDirTemplate: FULL_CAPTURE ? '{{browser}}-mv{{manifestVersion}}-full' : '{{browser}}-mv{{manifestVersion}}',
  modules: ['@wxt-dev/module-react'],
  // The panel bundle (React, recharts) loads from the extension package, not the network.
  // `SSE_HUB_NO_MINIFY=1` keeps names for CPU profiles (`npm run bench:profile`).
  vite: () => ({ build: { chunkSizeWarningLimit: 1500, ...(process.env.SSE_HUB_NO_MINIFY === '1' ? { minify: false } : {}) }, plugins: [squeezeTap()] }),
  hooks: {
    // The bridge (entrypoints/bridge.ts) is built as an unlisted script and declared here,
    // beside the tap, because WXT's content-script wrapper posts a message to every page.
    'build:manifestGenerated': (_wxt, manifest) => {
      // Extension messaging by structured clone (Chrome 148+; older versions ignore the key and
      // keep JSON, which every message also survives): a tap batch, already one string, crosses
      // the bridge's port as a copy instead of being JSON-escaped on the page's thread, and the
      // relay's batches reach the panel without a JSON round trip (README, "How it works").
      (manifest as Record<string, unknown>).message_serialization = 'structured_clone';
      manifest.content_scripts = [
        ...(manifest.content_scripts ?? []),
        { matches: ['<all_urls>'], js: [BRIDGE_SCRIPT], run_at: 'document_start', all_frames: true },
      ];
    },
  },
  manifest: {
    // Name, description and the button's title come from public/_locales (English and German, like the panel).
    name: FULL_CAPTURE ? '__MSG_extNameFull__' : '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: each tab's flags survive worker restarts (storage.session).
    // declarativeNetRequestWithHostAccess + host_permissions: the opt-in per-tab flag
    // header (modifyHeaders needs host access; the content scripts already run on all
    // URLs, so the install warning is unchanged).
    // debugger (full-capture variant only): Chrome's debugger reports every EventSource message.
    permissions: ['storage', 'declarativeNetRequestWithHostAccess', ...(FULL_CAPTURE ? (['debugger'] as const) : [])],
    host_permissions: ['<all_urls>'],
    action: { default_title: '__MSG_actionTitle__' },
    minimum_chrome_version: '116',
  },
});
