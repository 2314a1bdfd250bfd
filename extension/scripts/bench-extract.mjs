/* global document -- used inside page.evaluate */
// Prints how long the content script's extraction (isProbablyReaderable + Readability on a
// clone + headline choice) takes on the seed page and the ~10,000-word page: in jsdom (Node)
// and in Debian's Chromium, plus page-load timings with and without the extension.
//   node scripts/bench-extract.mjs [--runs N] [--no-browser]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import { JSDOM } from "jsdom";
import { Readability, isProbablyReaderable } from "@mozilla/readability";
import { EXTENSION_DIR, PAGES_DIR, SHARED_SEED_PAGE } from "../test/helpers/paths.js";

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf("--runs") + 1]) || 30;
const BROWSER = !args.includes("--no-browser");

const pages = [
  ["seed page", SHARED_SEED_PAGE],
  ["10,000-word page", join(PAGES_DIR, "long-article.html")],
].filter(([name, path]) => existsSync(path) || console.log(`(skipping ${name}: ${path} is absent)`));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

await import("../src/content/headline.js");
await import("../src/content/language.js");
await import("../src/content/extract.js");
const { extractPage } = globalThis.HeadlineCheck.extract;

console.log(`Extraction time, ${RUNS} runs each (first run, then median / p90 of the rest)\n`);
console.log("jsdom (Node " + process.version + ")");
for (const [name, path] of pages) {
  const doc = new JSDOM(readFileSync(path, "utf8"), { url: "http://127.0.0.1/page.html" }).window.document;
  const times = [];
  let page;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    page = extractPage(doc, { Readability, isProbablyReaderable });
    times.push(performance.now() - t0);
  }
  const words = page.body.split(/\s+/).length;
  console.log(`  ${name.padEnd(18)} first ${fmt(times[0])}, median ${fmt(median(times.slice(1)))}, p90 ${fmt(p90(times.slice(1)))}  (${words} words, ${page.body.length} chars)`);
}

if (BROWSER && existsSync("/usr/bin/chromium")) {
  const { chromium } = await import("playwright-core");
  const server = createServer((req, res) => {
    const file = req.url.startsWith("/seed") ? SHARED_SEED_PAGE : join(PAGES_DIR, "long-article.html");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const urls = { "seed page": `${base}/seed`, "10,000-word page": `${base}/long` };
  const scripts = [
    join(EXTENSION_DIR, "node_modules/@mozilla/readability/Readability-readerable.js"),
    join(EXTENSION_DIR, "node_modules/@mozilla/readability/Readability.js"),
    join(EXTENSION_DIR, "src/content/headline.js"),
    join(EXTENSION_DIR, "src/content/language.js"),
    join(EXTENSION_DIR, "src/content/extract.js"),
  ].map((f) => readFileSync(f, "utf8"));

  const launch = async (ext = null) => {
    const dir = mkdtempSync(join(tmpdir(), "hc-bench-"));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"].concat(
        ext ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : [],
      ),
    });
    return { context, close: async () => (await context.close(), rmSync(dir, { recursive: true, force: true })) };
  };

  const browser = await launch();
  const version = browser.context.browser()?.version() ?? "";
  console.log(`\nChromium ${version} (headless, same engine as the content script)`);
  for (const [name] of pages) {
    const page = await browser.context.newPage();
    await page.goto(urls[name]);
    for (const s of scripts) await page.addScriptTag({ content: s });
    const times = await page.evaluate((runs) => {
      const out = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        globalThis.HeadlineCheck.extract.extractPage(document, { Readability: globalThis.Readability, isProbablyReaderable: globalThis.isProbablyReaderable });
        out.push(performance.now() - t0);
      }
      return out;
    }, RUNS);
    console.log(`  ${name.padEnd(18)} first ${fmt(times[0])}, median ${fmt(median(times.slice(1)))}, p90 ${fmt(p90(times.slice(1)))}`);
    await page.close();
  }

  // Page load with and without the extension. The check itself waits for the load event and
  // an idle moment; a variant whose only content script is an empty file shows what Chrome's
  // document_idle injection costs by itself.
  const built = join(EXTENSION_DIR, "build", "chrome");
  if (existsSync(join(built, "manifest.json"))) {
    const empty = mkdtempSync(join(tmpdir(), "hc-bench-empty-"));
    cpSync(built, empty, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(empty, "manifest.json"), "utf8"));
    writeFileSync(join(empty, "empty.js"), "");
    manifest.content_scripts[0].js = ["empty.js"];
    writeFileSync(join(empty, "manifest.json"), JSON.stringify(manifest));
    const variants = [
      ["no extension", browser],
      ["empty document_idle script", await launch(empty)],
      ["Headline Check", await launch(built)],
    ];
    const LOADS = 20;
    console.log(`\nPage load, median of ${LOADS} (DOMContentLoaded / load event end; loads alternate between browsers)`);
    for (const [name] of pages) {
      const results = variants.map(() => []);
      for (let i = 0; i < LOADS; i++) {
        for (const [v, [, b]] of variants.entries()) {
          const page = await b.context.newPage();
          await page.goto(urls[name], { waitUntil: "load" });
          results[v].push(await page.evaluate(() => {
            const nav = performance.getEntriesByType("navigation")[0];
            return [nav.domContentLoadedEventEnd, nav.loadEventEnd];
          }));
          await page.close();
        }
      }
      console.log(`  ${name}`);
      for (const [v, [label]] of variants.entries()) {
        console.log(`    ${label.padEnd(28)} ${fmt(median(results[v].map((r) => r[0])))} / ${fmt(median(results[v].map((r) => r[1])))}`);
      }
    }
    for (const [, b] of variants.slice(1)) await b.close();
    rmSync(empty, { recursive: true, force: true });
  } else {
    console.log("\n(run `npm run build` first to time page loads with the extension)");
  }
  await browser.close();
  server.close();
} else if (BROWSER) {
  console.log("\n(no /usr/bin/chromium: browser timings skipped)");
}
