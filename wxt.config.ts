import { defineConfig } from 'wxt';

/**
 * WXT build configuration for SSE Hub DevTools.
 * `imports: false` keeps every name's origin explicit (see STYLE.md).
 */
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/module-react'],
  // The panel bundle (React, recharts) loads from the extension package, not the network.
  vite: () => ({ build: { chunkSizeWarningLimit: 1500 } }),
  manifest: {
    name: 'SSE Hub DevTools',
    description:
      'Inspect a page’s Server-Sent-Events streams and hub migration per tab, from a DevTools panel.',
    // No API permissions yet: ports, tabs.onRemoved and devtools.* need none.
    permissions: [],
    minimum_chrome_version: '116',
  },
});
