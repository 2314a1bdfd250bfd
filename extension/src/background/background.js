/**
 * Background worker (Chrome: MV3 service worker; Firefox: event page). It alone talks to the
 * service, owns per-tab state and paints the toolbar badge. Wiring only: the logic is in
 * router.js, badge.js, api.js and state.js.
 */

import { DEFAULT_OPTIONS, normalizeOptions } from "../shared/options.js";
import { checkPage, sendFeedback } from "./api.js";
import { createRouter } from "./router.js";
import { createTabStore } from "./state.js";

const ext = globalThis.browser ?? globalThis.chrome;

async function getOptions() {
  const stored = await ext.storage.sync.get({ ...DEFAULT_OPTIONS, excludedSites: [] });
  return normalizeOptions(stored);
}

async function setBadge(tabId, badge) {
  try {
    await ext.action.setBadgeText({ tabId, text: badge.text });
    await ext.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    if (ext.action.setBadgeTextColor) await ext.action.setBadgeTextColor({ tabId, color: "#ffffff" });
    await ext.action.setTitle({ tabId, title: badge.title });
  } catch {
    // The tab closed while the check was running: nothing to paint.
  }
}

const EXTENSION_ORIGIN = ext.runtime.getURL("");

const router = createRouter({
  isExtensionPage: (sender) => typeof sender.url === "string" && sender.url.startsWith(EXTENSION_ORIGIN),
  getOptions,
  store: createTabStore(ext.storage.session ?? null),
  checkPage,
  sendFeedback,
  setBadge,
  sendToTab: (tabId, message) => ext.tabs.sendMessage(tabId, message, { frameId: 0 }),
});

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== ext.runtime.id) return false;
  router
    .handle(message, sender)
    .then(sendResponse, (error) => sendResponse({ ok: false, error: { kind: "error", detail: String(error && error.message) } }));
  return true; // answer asynchronously (works in Chrome and Firefox)
});

// Another page in the tab: forget the old verdict (router.tabLoading keeps it for a mere
// #fragment). History API changes are re-checked by the content script, which watches the URL
// itself, so no webNavigation permission is needed.
ext.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === "loading") router.tabLoading(tabId, changeInfo.url);
});
ext.tabs.onRemoved.addListener((tabId) => router.resetTab(tabId, { clearBadge: false }));
