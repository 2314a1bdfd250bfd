// Smoke test of the Firefox build in Debian's Firefox ESR, driven over WebDriver BiDi by
// puppeteer-core (no downloaded browser). WebDriver BiDi cannot open moz-extension:// pages, so
// the extension keeps its default server URL: the counting proxy takes 127.0.0.1:8000 in front
// of the real service. Optional: skipped (with the reason) without Firefox or with port 8000 busy.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { EXTENSION_DIR, IN_CI, REPO_DIR, SHARED_SEED_PAGE } from "../helpers/paths.js";
import { SERVICE_BIN, portIsFree, startCountingProxy, startPageServer, startService } from "../helpers/servers.js";

const FIREFOX = process.env.FIREFOX_PATH || ["/usr/bin/firefox-esr", "/usr/bin/firefox"].find((p) => existsSync(p));
const CHECK = "/api/v1/check";
const DEFAULT_PORT = 8000; // the extension's default server URL

const reasons = [
  !FIREFOX && "Firefox is not installed (apt-get install firefox-esr)",
  !existsSync(SERVICE_BIN) && !IN_CI && `the service is not at ${SERVICE_BIN}`,
  !(await portIsFree(DEFAULT_PORT)) && `127.0.0.1:${DEFAULT_PORT} is busy (a running service?); the Firefox test needs it free`,
].filter(Boolean);
const sharedMissing = !existsSync(SHARED_SEED_PAGE) && `${SHARED_SEED_PAGE} is absent`;

describe("Firefox build in Firefox ESR against the real service", { skip: reasons.length ? reasons.join("; ") : false, timeout: 180_000 }, () => {
  let service;
  let proxy;
  let pages;
  let browser;

  before(async () => {
    const { default: puppeteer } = await import("puppeteer-core");
    execFileSync(process.execPath, [join(EXTENSION_DIR, "scripts", "build.mjs"), "--quiet"], { stdio: "inherit" });
    service = await startService({ freshDatabase: true });
    proxy = await startCountingProxy(service.url, { port: DEFAULT_PORT });
    pages = await startPageServer();
    browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true });
    await browser.installExtension(join(EXTENSION_DIR, "build", "firefox"));
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await proxy?.close();
    await service?.stop();
  });

  async function settle(page, predicate, timeoutMs = 15_000) {
    const start = Date.now();
    while (!(await predicate())) {
      if (Date.now() - start > timeoutMs) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const bannerText = (page) =>
    page.evaluate(() => {
      const host = document.querySelector("[data-headline-check]");
      return host && host.shadowRoot ? host.shadowRoot.querySelector("section").textContent : null;
    });

  test("seed page: one request, banner in a shadow root after the h1", { skip: sharedMissing && !IN_CI ? sharedMissing : false }, async () => {
    if (sharedMissing) throw new Error(`CI=true but ${sharedMissing}`);
    const page = await browser.newPage();
    await page.goto(pages.url("/shared/seed-page.html"));
    await settle(page, async () => (await bannerText(page)) !== null);
    assert.match(await bannerText(page), /does not appear to be about its headline/);
    assert.equal(await page.evaluate(() => document.querySelector("[data-headline-check]").previousElementSibling.tagName), "H1");
    assert.equal(proxy.count(CHECK), 1);
    assert.match(proxy.requests.at(-1).headers.origin || "", /^moz-extension:\/\//);
    mkdirSync(join(REPO_DIR, "test-output"), { recursive: true });
    await page.screenshot({ path: join(REPO_DIR, "test-output", "firefox-seed-page-warned.png") });
    await page.close();
  });

  test("matching article: checked, no banner; site index: no request", async () => {
    const before = proxy.count(CHECK);
    const page = await browser.newPage();
    await page.goto(pages.url("/pages/matching-article.html"));
    await settle(page, async () => proxy.count(CHECK) === before + 1);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await bannerText(page), null);
    await page.goto(pages.url("/pages/site-index.html"));
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(proxy.count(CHECK), before + 1);
    await page.close();
  });
});
