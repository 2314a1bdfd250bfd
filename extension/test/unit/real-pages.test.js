// The headline chooser and the language gate on real saved pages (../shared/data/real-pages,
// Readability's test pages): the headline-choice bar of issue 7 and a regression test for
// every page that once got a false alarm from a wrongly chosen headline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readability, isProbablyReaderable } from "@mozilla/readability";
import { realPagesAvailable } from "../helpers/paths.js";

await import("../../src/content/headline.js");
await import("../../src/content/language.js");
await import("../../src/content/extract.js");
const { extractPage } = globalThis.HeadlineCheck.extract;
const lib = { Readability, isProbablyReaderable };

// Loaded only when the pages are there (the module reads them at import).
async function realPages() {
  return import("../../scripts/lib/real-pages.mjs");
}

const cache = new Map();
async function extracted(name) {
  if (!cache.has(name)) {
    const rp = await realPages();
    const html = readFileSync(join(rp.REAL_PAGES_DIR, name, "source.html"), "utf8");
    cache.set(name, extractPage(rp.parse(html, `http://127.0.0.1/${name}/source.html`), lib));
  }
  return cache.get(name);
}

test("the chosen headline is the expected title on at least 95 % of the English article pages", async (t) => {
  if (!realPagesAvailable(t)) return;
  const rp = await realPages();
  const pages = rp.englishArticlePages();
  assert.ok(pages.length >= 55, `${pages.length} English article pages`);
  const misses = [];
  let exact = 0;
  let confidentWrong = 0;
  for (const page of pages) {
    const result = await extracted(page.name);
    const choice = result.judged ? result.headline : result.guess || "";
    const match = rp.headlineMatch(choice, page.meta.title);
    if (match === "exact") exact += 1;
    if (!match) misses.push(`${page.name}: chose ${JSON.stringify(choice)} (${result.source}), expected ${JSON.stringify(page.meta.title)}`);
    if (!match && result.judged) confidentWrong += 1;
  }
  const share = (pages.length - misses.length) / pages.length;
  t.diagnostic(`matched ${pages.length - misses.length}/${pages.length} (${(share * 100).toFixed(1)} %), exact ${exact}; misses: ${misses.join("; ")}`);
  assert.ok(share >= 0.95, `only ${(share * 100).toFixed(1)} % matched:\n${misses.join("\n")}`);
  assert.ok(confidentWrong <= 2, `${confidentWrong} confident choices differ from the expected title`);
});

test("the body is Readability's article text: token F1 against expected.html >= 0.95 on every judged English page", async (t) => {
  if (!realPagesAvailable(t)) return;
  const rp = await realPages();
  const scores = [];
  for (const page of rp.englishArticlePages()) {
    const result = await extracted(page.name);
    if (result.judged) scores.push([page.name, rp.tokenF1(result.body, rp.expectedText(page.name))]);
  }
  const low = scores.filter(([, f1]) => f1 < 0.95);
  t.diagnostic(`token F1 over ${scores.length} pages: min ${Math.min(...scores.map(([, f]) => f)).toFixed(3)}`);
  assert.ok(scores.length >= 50);
  assert.deepEqual(low, []);
});

// The pages that got a red warning because the extension sent a text that is not the headline.
const REGRESSIONS = {
  "001": { headline: "Get your Frontend JavaScript Code Covered", not: "Hi, I'm Nicolas." },
  "daringfireball-1": { judged: false, not: "About This Site" },
  msn: { headline: "Nintendo's first iPhone game will launch in December for $10", not: "msn back to msn home news" },
  "webmd-2": { headline: "Superbugs: What They Are and How You Get Them", not: "Information and Resources" },
  "yahoo-3": { headline: "Veteran Wraps Baby in American Flag, Photo Sparks Controversy", not: "Good Morning America" },
  "archive-of-our-own": { headline: "Conversations with a Cryptid", not: "Archive of Our Own beta" },
};

for (const [name, want] of Object.entries(REGRESSIONS)) {
  test(`regression ${name}: never sends ${JSON.stringify(want.not)}`, async (t) => {
    if (!realPagesAvailable(t)) return;
    const page = await extracted(name);
    assert.notEqual(page.headline, want.not);
    if (want.judged === false) {
      assert.equal(page.judged, false);
      assert.equal(page.reason, "no-headline");
      assert.equal(page.headline, "");
    } else {
      assert.equal(page.judged, true, `${name}: ${page.reason}`);
      assert.equal(page.headline, want.headline);
      assert.ok(page.body.length > 500);
      assert.ok(!page.body.split("\n").includes(want.headline), "the body does not repeat the headline");
    }
  });
}

test("no non-English page is judged (declared in expected-metadata.json, or not English text)", async (t) => {
  if (!realPagesAvailable(t)) return;
  const rp = await realPages();
  const pages = rp.allPages().filter(rp.isNonEnglish);
  assert.ok(pages.length >= 10, `${pages.length} non-English pages`);
  const judged = [];
  for (const page of pages) {
    const result = await extracted(page.name);
    if (result.judged) judged.push(`${page.name}: ${result.headline}`);
  }
  assert.deepEqual(judged, []);
});
