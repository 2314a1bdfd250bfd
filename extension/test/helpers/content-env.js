// Loads the content scripts (Readability + ours) into a jsdom window, as the browser does:
// classic scripts sharing one global, with a fake `chrome` runtime that records messages.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { EXTENSION_DIR } from "./paths.js";

const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, "manifest.json"), "utf8"));
const SOURCES = {
  "vendor/readability/Readability-readerable.js": join(EXTENSION_DIR, "node_modules/@mozilla/readability/Readability-readerable.js"),
  "vendor/readability/Readability.js": join(EXTENSION_DIR, "node_modules/@mozilla/readability/Readability.js"),
};

export const CONTENT_SCRIPTS = manifest.content_scripts[0].js;

/**
 * A window (closed when test `t` ends) with `html` at `url` and the manifest's content scripts run in it.
 * `respond(message)` answers each runtime.sendMessage (default: check everything, no warning).
 */
export function loadContent(t, html, { url = "https://news.example/story", respond, injections = 1 } = {}) {
  const dom = new JSDOM(html, { url, runScripts: "outside-only", pretendToBeVisual: true });
  const { window } = dom;
  t.after(() => window.close()); // stops the content script's timers so the test process can exit
  const sent = [];
  const listeners = [];
  window.chrome = {
    runtime: {
      id: "test-extension",
      sendMessage: async (message) => {
        sent.push(message);
        if (respond) return respond(message);
        if (message.type === "should-check") return { check: true };
        return { ok: true };
      },
      onMessage: { addListener: (fn) => listeners.push(fn) },
    },
  };
  for (let i = 0; i < injections; i++) {
    for (const file of CONTENT_SCRIPTS) {
      const path = SOURCES[file] || join(EXTENSION_DIR, file);
      window.eval(readFileSync(path, "utf8"));
    }
  }
  /** Deliver a message from the background, as tabs.sendMessage would. */
  const deliver = (message) =>
    new Promise((resolve) => {
      let answered = false;
      for (const fn of listeners) {
        const async = fn(message, { id: "test-extension" }, (reply) => {
          answered = true;
          resolve(reply);
        });
        if (async === true) return;
      }
      if (!answered) resolve(undefined);
    });
  return { dom, window, sent, listeners, deliver };
}

/** Wait until `predicate()` is true (polling), or fail after `timeoutMs`. */
export async function until(predicate, timeoutMs = 3000, what = "condition") {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
