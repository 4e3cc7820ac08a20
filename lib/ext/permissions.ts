/** What the extension was installed with, where a feature depends on it. */
import { browser } from 'wxt/browser';

/**
 * Whether this build has the `debugger` permission (full capture). Chrome grants it only
 * at install, so only the full-capture build (`npm run build:full`) has it.
 */
export async function hasDebuggerPermission(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['debugger'] });
  } catch {
    return false;
  }
}
