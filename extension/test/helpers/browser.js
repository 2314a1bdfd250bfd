// Debian's Chromium (never a downloaded browser) with the unpacked extension, via playwright-core.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function chromiumAvailable() {
  return existsSync(CHROMIUM);
}

/** Launch Chromium with the extension at `extensionDir`; returns {context, worker, extensionId, close}. */
export async function launchWithExtension(extensionDir) {
  const userDataDir = mkdtempSync(join(tmpdir(), "headline-check-e2e-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent("serviceworker", { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Run `fn(arg)` in the extension's service worker (where chrome.* is available). */
export function inWorker(worker, fn, arg) {
  return worker.evaluate(fn, arg);
}

/** Set reader options in storage.sync, as the options page would. */
export function setOptions(worker, options) {
  return worker.evaluate((o) => chrome.storage.sync.set(o), options);
}

/**
 * The background's state for the tab showing `url` plus that tab's toolbar badge, once
 * `ready(state)` holds; polls storage.session (the background mirrors per-tab state there).
 */
export async function tabStateFor(worker, url, { ready = (s) => s && s.status !== "checking", timeoutMs = 15_000 } = {}) {
  const start = Date.now();
  for (;;) {
    const found = await worker.evaluate(async (pageUrl) => {
      // Only live tabs (closed ones with the same URL do not count); the test pages are on
      // 127.0.0.1/localhost, which the extension has host access to, so tab URLs are visible.
      const tabs = await chrome.tabs.query({});
      for (const tab of tabs) {
        if (!tab.url || tab.url.split("#")[0] !== pageUrl) continue;
        const tabId = tab.id;
        const state = (await chrome.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
        if (!state || state.url !== pageUrl) continue;
        const [text, color, title] = await Promise.all([
          chrome.action.getBadgeText({ tabId }),
          chrome.action.getBadgeBackgroundColor({ tabId }),
          chrome.action.getTitle({ tabId }),
        ]);
        return { tabId, state, badge: { text, color, title } };
      }
      return null;
    }, url);
    if (found && ready(found.state)) return found;
    if (Date.now() - start > timeoutMs) throw new Error(`no settled state for ${url} within ${timeoutMs} ms (last: ${JSON.stringify(found && found.state && { status: found.state.status, error: found.state.error })})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "#c5221f" -> [197, 34, 31, 255], as chrome.action.getBadgeBackgroundColor answers. */
export function rgba(hex) {
  const h = hex.replace("#", "");
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(255);
}
