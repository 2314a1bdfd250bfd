/**
 * Per-tab state, owned by the background alone. MV3 service workers are stopped when idle,
 * so the state is mirrored into storage.session (memory-only, cleared when the browser
 * closes, never synced) and read back on demand.
 *
 * A state is {status: "idle"|"checking"|"done"|"failed"|"not-article"|"skipped", url, ...}:
 *   done    -> result (the service's answer), page {title, body} kept for shared feedback
 *   failed  -> error {kind, status, detail}, serverUrl
 *   skipped -> reason ("excluded", "disabled", "click-only", ...)
 */

const KEY = (tabId) => `tab:${tabId}`;

export function createTabStore(sessionArea = null) {
  const memory = new Map();

  async function get(tabId) {
    if (memory.has(tabId)) return memory.get(tabId);
    if (!sessionArea) return null;
    try {
      const stored = await sessionArea.get(KEY(tabId));
      const state = stored[KEY(tabId)] ?? null;
      if (state) memory.set(tabId, state);
      return state;
    } catch {
      return null;
    }
  }

  async function set(tabId, state) {
    memory.set(tabId, state);
    if (!sessionArea) return;
    try {
      await sessionArea.set({ [KEY(tabId)]: state });
    } catch {
      // Over quota (very long page text): keep the state without the text rather than fail.
      const { page, ...rest } = state;
      try {
        await sessionArea.set({ [KEY(tabId)]: { ...rest, page: page ? { title: page.title, body: null } : null } });
      } catch {
        /* memory copy still serves while the worker lives */
      }
    }
  }

  async function remove(tabId) {
    memory.delete(tabId);
    if (sessionArea) {
      try {
        await sessionArea.remove(KEY(tabId));
      } catch {
        /* nothing to clean */
      }
    }
  }

  return { get, set, remove };
}
