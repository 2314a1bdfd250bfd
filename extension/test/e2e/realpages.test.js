// Real saved pages (../shared/data/real-pages) in Debian's Chromium with the built extension
// and the real service: every page that once got a false alarm from a wrongly chosen headline,
// a non-English page, and the popup's "That is not the headline".
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { EXTENSION_DIR, IN_CI, REAL_PAGES_DIR, REPO_DIR } from "../helpers/paths.js";
import { SERVICE_BIN, startCountingProxy, startService } from "../helpers/servers.js";
import { CHROMIUM, chromiumAvailable, launchWithExtension, rgba, setOptions, tabStateFor } from "../helpers/browser.js";

const OUTPUT_DIR = join(REPO_DIR, "test-output");
const CHECK = "/api/v1/check";
const FEEDBACK = "/api/v1/feedback";

const missing = [
  !chromiumAvailable() && `Chromium is not at ${CHROMIUM} (apt-get install chromium)`,
  !existsSync(SERVICE_BIN) && `the service is not at ${SERVICE_BIN} (set HEADLINE_CHECK_BIN or run make)`,
  !existsSync(join(REAL_PAGES_DIR, "SOURCE.md")) && `${REAL_PAGES_DIR} is absent (../shared is not beside this checkout)`,
].filter(Boolean);
const skip = missing.length && !IN_CI ? missing.join("; ") : false;

// What the extension must send for each page (source: the chooser's headline_source).
const JUDGED = {
  "001": { title: "Get your Frontend JavaScript Code Covered", source: "heading" },
  msn: { title: "Nintendo's first iPhone game will launch in December for $10", source: "h1" },
  "webmd-2": { title: "Superbugs: What They Are and How You Get Them", source: "heading" },
  "yahoo-3": { title: "Veteran Wraps Baby in American Flag, Photo Sparks Controversy", source: "h1" },
  "archive-of-our-own": { title: "Conversations with a Cryptid", source: "heading" },
};

describe("real pages in Chromium against the real service", { skip, timeout: 240_000 }, () => {
  let service;
  let proxy;
  let server;
  let browser;
  const pageUrl = (name) => `http://127.0.0.1:${server.address().port}/${name}/`;

  before(async () => {
    if (missing.length) throw new Error(`CI=true but ${missing.join("; ")}`);
    execFileSync(process.execPath, [join(EXTENSION_DIR, "scripts", "build.mjs"), "--quiet"], { stdio: "inherit" });
    service = await startService({ freshDatabase: true });
    proxy = await startCountingProxy(service.url);
    // /NAME/ is the page's source.html; nothing else exists (its images and scripts 404).
    server = createServer((req, res) => {
      const name = new URL(req.url, "http://x").pathname.split("/")[1];
      const file = /^[\w-]+$/.test(name || "") ? join(REAL_PAGES_DIR, name, "source.html") : null;
      if (!file || !existsSync(file) || !req.url.endsWith(`/${name}/`)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(readFileSync(file));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    browser = await launchWithExtension(join(EXTENSION_DIR, "build", "chrome"));
    await setOptions(browser.worker, { serverUrl: proxy.url });
    // Loopback only: the pages' fonts, ads and CDNs are blocked.
    await browser.context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const local = !/^https?:$/.test(url.protocol) || ["127.0.0.1", "localhost"].includes(url.hostname);
      return local ? route.continue() : route.abort();
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
    await proxy?.close();
    await service?.stop();
  });

  async function open(t, name) {
    const url = pageUrl(name);
    const page = await browser.context.newPage();
    t.after(() => page.close());
    await page.goto(url, { waitUntil: "load" });
    return { page, url, ...(await tabStateFor(browser.worker, url, { timeoutMs: 20_000 })) };
  }

  for (const [name, want] of Object.entries(JUDGED)) {
    test(`${name}: the article's headline is sent, never a logo, greeting or label`, async (t) => {
      const before = proxy.count(CHECK);
      const { state } = await open(t, name);
      assert.equal(state.status, "done", JSON.stringify(state));
      assert.equal(proxy.count(CHECK), before + 1);
      const sent = proxy.requests.filter((r) => r.path === CHECK).at(-1).json;
      assert.equal(sent.title, want.title);
      assert.equal(sent.headline_source, want.source);
      assert.ok(sent.body.length > 500);
      assert.equal(sent.url, pageUrl(name));
    });
  }

  test("daringfireball-1: no text is confidently the headline, so nothing is sent and the badge is grey", async (t) => {
    const before = proxy.count(CHECK);
    const { page, state, badge } = await open(t, "daringfireball-1");
    assert.equal(state.status, "not-judged");
    assert.equal(state.reason, "no-headline");
    assert.equal(badge.text, "–");
    assert.deepEqual(badge.color, rgba("#5f6368"));
    assert.equal(badge.title, "Headline Check could not tell which text is this page's headline.");
    assert.equal(proxy.count(CHECK), before);
    assert.equal(await page.locator("[data-headline-check]").count(), 0);
  });

  test("a French page (lemonde-1) gets no verdict at all: nothing sent", async (t) => {
    const before = proxy.count(CHECK);
    const { state, badge } = await open(t, "lemonde-1");
    assert.equal(state.status, "not-judged");
    assert.equal(state.reason, "not-english");
    assert.match(badge.title, /only judges English pages/);
    assert.equal(proxy.count(CHECK), before);
  });

  test("the popup names the judged headline and its source; 'That is not the headline' records a headline-choice error", async (t) => {
    const { tabId } = await open(t, "msn");
    const popup = await browser.context.newPage();
    t.after(() => popup.close());
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/popup.html?tabId=${tabId}`);
    await popup.getByRole("heading", { name: "Headline judged" }).waitFor();
    await popup.getByText("Nintendo's first iPhone game will launch in December for $10").waitFor();
    await popup.getByText("From the page's main heading.").waitFor();
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await popup.screenshot({ path: join(OUTPUT_DIR, "popup-judged-headline.png") });
    const before = proxy.count(FEEDBACK);
    await popup.getByRole("button", { name: "That is not the headline" }).click();
    await popup.getByText("Thank you: recorded as a wrong choice of headline.").waitFor();
    assert.equal(proxy.count(FEEDBACK), before + 1);
    const sent = proxy.requests.filter((r) => r.path === FEEDBACK).at(-1).json;
    assert.equal(sent.kind, "headline");
    assert.equal(sent.headline_source, "h1");
    assert.equal(sent.correct, false);
    assert.ok(!("stance" in sent));
    assert.equal(sent.share_text, false);
  });
});
