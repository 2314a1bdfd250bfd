// End to end in a real browser: Debian's Chromium with the built extension, the real check
// service (started here), a counting proxy in front of it and a local page server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { EXTENSION_DIR, IN_CI, REPO_DIR, SHARED_SEED_PAGE } from "../helpers/paths.js";
import { SERVICE_BIN, startCountingProxy, startPageServer, startService } from "../helpers/servers.js";
import { CHROMIUM, chromiumAvailable, launchWithExtension, rgba, setOptions, tabStateFor } from "../helpers/browser.js";

const OUTPUT_DIR = join(REPO_DIR, "test-output");
const CHECK = "/api/v1/check";
const FEEDBACK = "/api/v1/feedback";
const GREY = rgba("#5f6368");

// Missing prerequisites skip the suite with the reason, except in CI, where they fail it.
const missing = [
  !chromiumAvailable() && `Chromium is not at ${CHROMIUM} (apt-get install chromium)`,
  !existsSync(SERVICE_BIN) && `the service is not at ${SERVICE_BIN} (set HEADLINE_CHECK_BIN or run make)`,
].filter(Boolean);
const sharedMissing = !existsSync(SHARED_SEED_PAGE) && `${SHARED_SEED_PAGE} is absent (../shared is not beside this checkout)`;
const skipSuite = missing.length && !IN_CI ? missing.join("; ") : false;
const skipShared = sharedMissing && !IN_CI ? sharedMissing : false;

describe("extension in Chromium against the real service", { skip: skipSuite, timeout: 240_000 }, () => {
  let service;
  let proxy;
  let pages;
  let browser;

  before(async () => {
    if (missing.length) throw new Error(`CI=true but ${missing.join("; ")}`);
    execFileSync(process.execPath, [join(EXTENSION_DIR, "scripts", "build.mjs"), "--quiet"], { stdio: "inherit" });
    service = await startService({ freshDatabase: true });
    proxy = await startCountingProxy(service.url);
    pages = await startPageServer();
    browser = await launchWithExtension(join(EXTENSION_DIR, "build", "chrome"));
    await setOptions(browser.worker, { serverUrl: proxy.url });
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await proxy?.close();
    await service?.stop();
  });

  // Each test's tabs close when it ends, pass or fail, so no tab outlives its test.
  async function open(t, path, host) {
    const url = pages.url(path, host);
    const page = await browser.context.newPage();
    t.after(() => page.close());
    await page.goto(url, { waitUntil: "load" });
    return { page, url };
  }

  test("seed page: danger badge, and the banner in a shadow root right after its h1", { skip: skipShared }, async (t) => {
    if (sharedMissing) throw new Error(`CI=true but ${sharedMissing}`);
    const before = proxy.count(CHECK);
    const { page, url } = await open(t, "/shared/seed-page.html");
    const { state, badge } = await tabStateFor(browser.worker, url);
    assert.equal(state.status, "done", JSON.stringify(state.error));
    assert.equal(state.result.verdict, "mismatch");
    assert.ok(["danger", "warning"].includes(state.result.badge.level));
    assert.equal(badge.text, state.result.badge.text);
    assert.ok(["!", "!?"].includes(badge.text));
    assert.deepEqual(badge.color, rgba(state.result.badge.color));
    assert.match(badge.title, /^Headline Check: /);
    assert.equal(proxy.count(CHECK), before + 1, "one request per page load");
    assert.equal(proxy.requests.at(-1).json.title, "Reform UK Candidate Apologises for Racist Tweet Aimed at David Lammy");

    const host = page.locator("[data-headline-check]");
    await host.waitFor({ timeout: 10_000 });
    const placement = await page.evaluate(() => {
      const el = document.querySelector("[data-headline-check]");
      return { previous: el.previousElementSibling.tagName, shadow: Boolean(el.shadowRoot), light: el.childNodes.length };
    });
    assert.deepEqual(placement, { previous: "H1", shadow: true, light: 0 });
    const banner = page.getByRole("status", { name: "Headline Check warning" });
    await assert.doesNotReject(banner.waitFor());
    assert.match(await banner.textContent(), /This article does not appear to be about its headline\.\s*Confidence >?\d+%/);

    // Keyboard: from the headline, Tab reaches "Why?" (inside the shadow root); Enter opens it.
    await page.locator("h1").click();
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const host = document.activeElement;
      return host && host.shadowRoot && host.shadowRoot.activeElement ? host.shadowRoot.activeElement.textContent : null;
    });
    assert.equal(focused, "Why?");
    await page.keyboard.press("Enter");
    const why = page.getByRole("button", { name: "Why?" });
    assert.equal(await why.getAttribute("aria-expanded"), "true");
    const evidence = page.getByRole("region", { name: "Why Headline Check warns" });
    assert.ok(await evidence.isVisible());
    assert.ok((await evidence.locator("li").count()) >= 1);
    // The service ranks a mismatch's evidence by meaning: the seed's closest sentences tell the
    // Grok story the body is really about.
    assert.match(await evidence.innerText(), /closest in meaning to the headline/);
    assert.match(await evidence.locator("li").allInnerTexts().then((items) => items.join(" ")), /Grok/);

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, "seed-page-warned.png"), fullPage: true });

    // The popup (opened as a page for the same tab) shows the verdict and sends feedback.
    const popup = await browser.context.newPage();
    t.after(() => popup.close());
    const { tabId } = await tabStateFor(browser.worker, url);
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/popup.html?tabId=${tabId}`);
    await popup.getByRole("heading", { name: "The headline does not match the article" }).waitFor();
    const share = popup.getByRole("checkbox", { name: /Share this page's text/ });
    assert.equal(await share.isChecked(), false, "sharing the text is off by default");
    const feedbackBefore = proxy.count(FEEDBACK);
    await popup.getByRole("button", { name: "Warning is right" }).waitFor();
    await popup.screenshot({ path: join(OUTPUT_DIR, "popup-warned.png") });
    await popup.getByLabel("If it is wrong, what does the article do? (optional)").selectOption("discuss");
    await popup.getByRole("button", { name: "Warning is wrong" }).click();
    await popup.getByText("Thank you: your feedback was sent.").waitFor();
    assert.equal(proxy.count(FEEDBACK), feedbackBefore + 1);
    const sent = proxy.requests.filter((r) => r.path === FEEDBACK).at(-1).json;
    assert.equal(sent.correct, false);
    assert.equal(sent.share_text, false);
    assert.equal(sent.verdict, "mismatch");
    assert.equal(sent.stance, "discuss");
    assert.equal(sent.predicted_stance, "unrelated");

    await page.getByRole("button", { name: "Dismiss the Headline Check warning" }).click();
    assert.equal(await page.locator("[data-headline-check]").count(), 0);
  });

  test("matching article: checked, no warning, no banner", async (t) => {
    const before = proxy.count(CHECK);
    const { page, url } = await open(t, "/pages/matching-article.html");
    const { state, badge } = await tabStateFor(browser.worker, url);
    assert.equal(state.status, "done", JSON.stringify(state.error));
    assert.equal(proxy.count(CHECK), before + 1);
    assert.equal(proxy.requests.at(-1).json.title, "Council Approves Riverside Road Cycle Lanes After Two-Year Consultation");
    assert.equal(state.result.verdict, "consistent", `verdict ${state.result.verdict} (${state.result.stance})`);
    assert.ok(!["danger", "warning"].includes(state.result.badge.level));
    assert.equal(badge.text, state.result.badge.text);
    await page.waitForTimeout(300);
    assert.equal(await page.locator("[data-headline-check]").count(), 0);
  });

  test("non-article page (a site index): no request at all, empty badge", async (t) => {
    const proxyBefore = proxy.count(CHECK);
    const serviceBefore = service.count(CHECK);
    const { page, url } = await open(t, "/pages/site-index.html");
    const { state, badge } = await tabStateFor(browser.worker, url);
    assert.equal(state.status, "not-article");
    await page.waitForTimeout(500);
    assert.equal(proxy.count(CHECK), proxyBefore, "the proxy saw no check");
    assert.equal(service.count(CHECK), serviceBefore, "the service logged no check");
    assert.equal(badge.text, "");
  });

  test("long article (~10,000 words): one request, not truncated, no false alarm", async (t) => {
    const before = proxy.count(CHECK);
    const { url } = await open(t, "/pages/long-article.html");
    const { state } = await tabStateFor(browser.worker, url);
    assert.equal(state.status, "done", JSON.stringify(state.error));
    assert.equal(proxy.count(CHECK), before + 1);
    assert.ok(proxy.requests.at(-1).json.body.split(/\s+/).length > 9500);
    assert.equal(state.result.truncated, false);
    assert.ok(!["danger", "warning"].includes(state.result.badge.level), `verdict ${state.result.verdict}`);
  });

  test("History API navigation to another story is checked again", { skip: skipShared }, async (t) => {
    const { page, url } = await open(t, "/spa/ferry-timetable");
    const first = await tabStateFor(browser.worker, url);
    assert.equal(first.state.status, "done", JSON.stringify(first.state.error));
    assert.equal(await page.locator("[data-headline-check]").count(), 0);
    await page.getByRole("button", { name: "Next story" }).click();
    const next = pages.url("/spa/seed-story");
    const second = await tabStateFor(browser.worker, next);
    assert.equal(second.state.status, "done", JSON.stringify(second.state.error));
    assert.equal(second.state.result.verdict, "mismatch", JSON.stringify(proxy.requests.at(-1).json).slice(0, 600));
    assert.equal(second.tabId, first.tabId, "same tab, same document");
    await page.locator("[data-headline-check]").waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => document.querySelector("[data-headline-check]").previousElementSibling.textContent), "Reform UK Candidate Apologises for Racist Tweet Aimed at David Lammy");
    // Following a #fragment link is not a new page: the verdict and badge stay.
    const checks = proxy.count(CHECK);
    await page.evaluate(() => (location.hash = "#comments"));
    await page.waitForTimeout(1500);
    const same = await tabStateFor(browser.worker, next);
    assert.equal(same.state.status, "done");
    assert.equal(same.badge.text, second.badge.text);
    assert.equal(proxy.count(CHECK), checks);
  });

  test("excluded sites send nothing", async (t) => {
    await setOptions(browser.worker, { excludedSites: ["localhost"] });
    try {
      const before = proxy.count(CHECK);
      const { page, url } = await open(t, "/pages/matching-article.html", "localhost");
      const { state, badge } = await tabStateFor(browser.worker, url);
      assert.deepEqual([state.status, state.reason], ["skipped", "excluded"]);
      await page.waitForTimeout(300);
      assert.equal(proxy.count(CHECK), before);
      assert.equal(badge.text, "");
    } finally {
      await setOptions(browser.worker, { excludedSites: [] });
    }
  });

  test("click-only mode: nothing until the reader asks from the popup", async (t) => {
    await setOptions(browser.worker, { clickOnly: true });
    try {
      const before = proxy.count(CHECK);
      const { url } = await open(t, "/pages/matching-article.html");
      const skipped = await tabStateFor(browser.worker, url);
      assert.deepEqual([skipped.state.status, skipped.state.reason], ["skipped", "click-only"]);
      assert.equal(proxy.count(CHECK), before);
      const popup = await browser.context.newPage();
      t.after(() => popup.close());
      await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/popup.html?tabId=${skipped.tabId}`);
      await popup.getByRole("button", { name: "Check this page" }).click();
      await popup.getByRole("heading", { name: "The headline matches the article" }).waitFor();
      assert.equal(proxy.count(CHECK), before + 1);
    } finally {
      await setOptions(browser.worker, { clickOnly: false });
    }
  });

  test("options page: saves normalised options to storage.sync", async (t) => {
    const options = await browser.context.newPage();
    t.after(() => options.close());
    await options.goto(`chrome-extension://${browser.extensionId}/src/options/options.html`);
    const server = options.getByLabel("Check server URL");
    assert.equal(await server.inputValue(), proxy.url);
    assert.equal(await options.getByLabel("Check article pages").isChecked(), true);
    await options.getByLabel(/High: warn more often/).check();
    await options.getByLabel("Sites never to check (one per line)").fill("https://www.Example.com/news\nnews.example.org, example.com");
    await options.getByRole("button", { name: "Save" }).click();
    await options.getByText("Saved.").waitFor();
    const stored = await browser.worker.evaluate(() => chrome.storage.sync.get(null));
    assert.equal(stored.sensitivity, "high");
    assert.deepEqual(stored.excludedSites, ["example.com", "news.example.org"]);
    assert.equal(stored.serverUrl, proxy.url);
    // A bad URL is refused and nothing changes.
    await server.fill("ftp://example.org");
    await options.getByRole("button", { name: "Save" }).click();
    await options.getByText(/must start with http/).waitFor();
    assert.equal((await browser.worker.evaluate(() => chrome.storage.sync.get("serverUrl"))).serverUrl, proxy.url);
    await setOptions(browser.worker, { sensitivity: "normal", excludedSites: [] });
  });

  test("a server that does not answer within 5 s: grey '?' badge, page untouched", async (t) => {
    proxy.setMode("hang");
    try {
      const { page, url } = await open(t, "/pages/matching-article.html");
      const { state, badge } = await tabStateFor(browser.worker, url, { timeoutMs: 15_000 });
      assert.equal(state.status, "failed");
      assert.equal(state.error.kind, "timeout");
      assert.equal(badge.text, "?");
      assert.deepEqual(badge.color, GREY);
      assert.match(badge.title, /did not answer in time/);
      assert.equal(await page.locator("[data-headline-check]").count(), 0);
    } finally {
      proxy.setMode("pass");
    }
  });

  test("service stopped: grey 'off' badge with a tooltip, page untouched", async (t) => {
    await service.stop();
    const { page, url } = await open(t, "/pages/matching-article.html");
    const { state, badge } = await tabStateFor(browser.worker, url);
    assert.equal(state.status, "failed");
    assert.equal(state.error.kind, "offline");
    assert.equal(badge.text, "off");
    assert.deepEqual(badge.color, GREY);
    assert.match(badge.title, /is not reachable/);
    assert.equal(await page.locator("[data-headline-check]").count(), 0);
    assert.equal(await page.locator("h1").textContent(), "Council Approves Riverside Road Cycle Lanes After Two-Year Consultation");
  });
});
