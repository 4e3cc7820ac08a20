/**
 * DevTools page. Context: the extension's devtools_page, one per open DevTools.
 * Touches: devtools.panels only. Creates the "SSE Hub" panel.
 */
import { createDevtoolsPanel } from '../../lib/ext/devtools';

createDevtoolsPanel('SSE Hub', '/devtools-panel.html');
