import { test } from "node:test";
import assert from "node:assert/strict";

await import("../../src/content/extract.js");
const { stripSiteName, chooseHeadline, similarity, isHeadlineLike } = globalThis.HeadlineCheck.extract;

test("stripSiteName removes site names after the usual separators", () => {
  assert.equal(stripSiteName("Storm hits the coast overnight | The Daily Ledger"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight - BBC News"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight — example.com"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight · Ledger · Weather"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("The Daily Ledger | Storm hits the coast overnight", ["The Daily Ledger"]), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast - dailyledger", ["www.dailyledger.co.uk"]), "Storm hits the coast");
});

test("stripSiteName leaves headlines that merely contain a dash alone", () => {
  assert.equal(stripSiteName("Storm hits the coast - live updates"), "Storm hits the coast - live updates");
  assert.equal(stripSiteName("Year-end sales rise"), "Year-end sales rise");
  assert.equal(stripSiteName("Brexit - What Next"), "Brexit - What Next"); // too little left to be a headline
  assert.equal(stripSiteName("  Many   spaces\n here  "), "Many spaces here");
  assert.equal(stripSiteName(""), "");
});

test("similarity compares titles by shared words", () => {
  assert.equal(similarity("Storm hits coast", "storm HITS coast!"), 1);
  assert.ok(similarity("Storm hits coast", "Storm hits coast | Ledger") === 1);
  assert.ok(similarity("Storm hits coast", "Election results") === 0);
  assert.equal(similarity("", "x"), 0);
});

test("isHeadlineLike rejects logos, site names and one-word labels", () => {
  assert.ok(isHeadlineLike("Council approves cycle lanes"));
  assert.ok(!isHeadlineLike("News"));
  assert.ok(!isHeadlineLike("The Daily Ledger", ["The Daily Ledger"]));
  assert.ok(!isHeadlineLike("x ".repeat(300)));
});

test("chooseHeadline prefers the h1 that agrees with the page's metadata", () => {
  const choice = chooseHeadline({
    h1s: [{ text: "The Daily Ledger" }, { text: "  Storm hits the coast overnight ", inArticle: true }],
    ogTitle: "Storm hits the coast overnight",
    documentTitle: "Storm hits the coast overnight | The Daily Ledger",
    siteNames: ["The Daily Ledger"],
  });
  assert.deepEqual(choice, { text: "Storm hits the coast overnight", source: "h1", index: 1 });
});

test("chooseHeadline takes the visible h1 over stale metadata (History API navigation)", () => {
  const choice = chooseHeadline({
    h1s: [{ text: "Second story replaces the first one", inArticle: true }],
    ogTitle: "First story on this single-page site",
    documentTitle: "First story on this single-page site - Site",
  });
  assert.equal(choice.text, "Second story replaces the first one");
  assert.equal(choice.source, "h1");
});

test("chooseHeadline falls back to og:title, then Readability's title, then the document title", () => {
  assert.deepEqual(chooseHeadline({ ogTitle: "Storm hits the coast | Ledger", documentTitle: "x" }), {
    text: "Storm hits the coast",
    source: "og:title",
    index: -1,
  });
  assert.equal(chooseHeadline({ readabilityTitle: "Storm hits the coast", documentTitle: "Other page title here" }).source, "readability");
  assert.equal(chooseHeadline({ documentTitle: "Storm hits the coast - The Ledger" }).text, "Storm hits the coast");
  // several unrelated h1s outside any article and no metadata: nothing trustworthy
  assert.deepEqual(chooseHeadline({ h1s: [{ text: "Section one heading" }, { text: "Section two heading" }] }), { text: "", source: "none", index: -1 });
  assert.deepEqual(chooseHeadline(), { text: "", source: "none", index: -1 });
});

test("chooseHeadline ignores a logo h1 and uses metadata instead", () => {
  const choice = chooseHeadline({ h1s: [{ text: "Ledger" }], ogTitle: "Storm hits the coast overnight" });
  assert.equal(choice.source, "og:title");
});
