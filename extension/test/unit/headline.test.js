// The headline chooser (src/content/headline.js) on hand-made signals: each rule, and the
// ways real pages mislead (logos, greetings, labels, teasers, misfilled fields, stale metadata).
import { test } from "node:test";
import assert from "node:assert/strict";

await import("../../src/content/headline.js");
const { stripSiteName, chooseHeadline, similarity, isHeadlineLike, agreement, readJsonLd, SOURCES } = globalThis.HeadlineCheck.headline;

const h1 = (text, extra = {}) => ({ text, tag: "h1", level: 1, inArticle: false, inNav: false, homeLink: false, ...extra });
const h2 = (text, extra = {}) => ({ ...h1(text, extra), tag: "h2", level: 2 });

test("stripSiteName removes site names after the usual separators", () => {
  assert.equal(stripSiteName("Storm hits the coast overnight | The Daily Ledger"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight - BBC News"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight — example.com"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast overnight · Ledger · Weather"), "Storm hits the coast overnight");
  assert.equal(stripSiteName("The Daily Ledger | Storm hits the coast overnight", ["The Daily Ledger"]), "Storm hits the coast overnight");
  assert.equal(stripSiteName("Storm hits the coast - dailyledger", ["www.dailyledger.co.uk"]), "Storm hits the coast");
  assert.equal(stripSiteName("Mozilla - Wikipedia", ["en.wikipedia.org"]), "Mozilla");
});

test("stripSiteName leaves headlines that merely contain a dash alone", () => {
  assert.equal(stripSiteName("Storm hits the coast - live updates"), "Storm hits the coast - live updates");
  assert.equal(stripSiteName("Year-end sales rise"), "Year-end sales rise");
  assert.equal(stripSiteName("Brexit - What Next"), "Brexit - What Next"); // too little left to be a headline
  assert.equal(stripSiteName("  Many   spaces\n here  "), "Many spaces here");
  assert.equal(stripSiteName(""), "");
});

test("similarity and agreement compare titles by their words", () => {
  assert.equal(similarity("Storm hits coast", "storm HITS coast!"), 1);
  assert.equal(similarity("Storm hits coast", "Election results"), 0);
  assert.equal(agreement("Storm hits the coast", "storm HITS the coast!"), "same");
  assert.equal(agreement("How we designed Dropbox ATF: an async task framework", "How we designed Dropbox’s ATF - an async task framework"), "same");
  // the leading part of a title, before its section and site names
  assert.ok(agreement("Get your Frontend JavaScript Code Covered", "Get your Frontend JavaScript Code Covered | Code | Section | Nicolas Perriault"));
  // ... but not a trailing one (that is where site names live)
  assert.equal(agreement("Nicolas Perriault", "Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault"), null);
  assert.equal(agreement("Colophon", "Daring Fireball: Colophon"), null);
  assert.equal(agreement("About This Site", "Daring Fireball: Colophon"), null);
});

test("isHeadlineLike rejects logos, site names, greetings and navigation labels", () => {
  assert.ok(isHeadlineLike("Council approves cycle lanes"));
  assert.ok(!isHeadlineLike("News"));
  assert.ok(!isHeadlineLike("The Daily Ledger", ["The Daily Ledger"]));
  assert.ok(!isHeadlineLike("x ".repeat(300)));
  for (const label of ["Hi, I'm Nicolas.", "About This Site", "msn back to msn home news", "Information and Resources", "Most popular stories", "Site Navigation"]) {
    assert.ok(!isHeadlineLike(label), label);
  }
});

test("the visible h1 that agrees with the metadata is the headline, not the logo h1", () => {
  const choice = chooseHeadline({
    headings: [h1("The Daily Ledger", { homeLink: true }), h1("  Storm hits the coast overnight ", { inArticle: true })],
    ogTitle: "Storm hits the coast overnight",
    documentTitle: "Storm hits the coast overnight | The Daily Ledger",
    siteNames: ["The Daily Ledger"],
  });
  assert.equal(choice.text, "Storm hits the coast overnight");
  assert.equal(choice.source, "h1");
  assert.equal(choice.index, 1);
  assert.equal(choice.confident, true);
  assert.deepEqual(choice.support.sort(), ["og:title", "title"]);
});

test("a greeting h1 loses to the h2 that says what the title says (001)", () => {
  const choice = chooseHeadline({
    headings: [h1("Hi, I'm Nicolas."), h2("Get your Frontend JavaScript Code Covered")],
    documentTitle: "Get your Frontend JavaScript Code Covered | Code | Nicolas Perriault",
  });
  assert.equal(choice.text, "Get your Frontend JavaScript Code Covered");
  assert.equal(choice.source, "heading");
});

test("a section-name h1 and teasers for other stories are never chosen", () => {
  const choice = chooseHeadline({
    headings: [
      h1("Allergies Health Center"),
      h2("Babies Who Eat Peanuts Early May Avoid Allergy"),
      h2("Ten foods that cause allergies in adults"), // a teaser: agrees with nothing
    ],
    documentTitle: "Babies Who Eat Peanuts Early May Avoid Allergy",
  });
  assert.equal(choice.text, "Babies Who Eat Peanuts Early May Avoid Allergy");
  const teaserOnly = chooseHeadline({ headings: [h1("Allergies Health Center"), h2("Ten foods that cause allergies in adults")], documentTitle: "Babies Who Eat Peanuts Early May Avoid Allergy" });
  assert.equal(teaserOnly.confident, false);
  assert.equal(teaserOnly.reason, "no-headline");
});

test("nothing agrees: not judged, whatever the h1 says (daringfireball-1)", () => {
  const choice = chooseHeadline({ headings: [h1("About This Site")], documentTitle: "Daring Fireball: Colophon", readabilityTitle: "Daring Fireball: Colophon" });
  assert.equal(choice.confident, false);
  assert.equal(choice.reason, "no-headline");
  assert.notEqual(choice.text, "About This Site"); // the best guess is never a label
});

test("a headline misfilled as a site name (application-name) is still the headline (msn)", () => {
  const title = "Nintendo's first iPhone game will launch in December for $10";
  const choice = chooseHeadline({
    headings: [h1("msn back to msn home news"), h1(title)],
    ogTitle: title,
    documentTitle: title,
    siteNames: ["MSN", title],
  });
  assert.equal(choice.text, title);
  assert.equal(choice.index, 1);
});

test("two metadata fields that agree make a headline when no heading shows it", () => {
  const choice = chooseHeadline({ headings: [h1("Minecraft News")], ogTitle: "Minecraft 1.8 - The Bountiful Update", documentTitle: "Minecraft 1.8 - The Bountiful Update - Minecraft Update News" });
  assert.equal(choice.text, "Minecraft 1.8 - The Bountiful Update");
  assert.equal(choice.source, "og:title");
  assert.equal(choice.confident, true);
  const ld = chooseHeadline({ jsonLd: ["Storm hits the coast overnight"], twitterTitle: "Storm hits the coast overnight" });
  assert.equal(ld.source, "json-ld");
  // one field alone is not enough
  assert.equal(chooseHeadline({ ogTitle: "Storm hits the coast overnight" }).confident, false);
});

test("stale metadata after a History API navigation is ignored; the new article's h1 is used", () => {
  const choice = chooseHeadline({
    headings: [h1("Second story replaces the first one", { inArticle: true })],
    ogTitle: "First story on this single-page site",
    documentTitle: "First story on this single-page site - Site",
    staleTitles: ["First story on this single-page site", "First story on this single-page site - Site"],
  });
  assert.equal(choice.text, "Second story replaces the first one");
  assert.equal(choice.confident, true);
  // an h1 outside any article element, with only stale metadata, is the page's one h1
  const outside = chooseHeadline({
    headings: [h1("Second story replaces the first one")],
    ogTitle: "First story on this single-page site",
    staleTitles: ["First story on this single-page site"],
  });
  assert.equal(outside.confident, true);
  // without knowing it is stale, the disagreement means "not judged"
  assert.equal(chooseHeadline({ headings: [h1("Second story replaces the first one", { inArticle: true })], ogTitle: "First story on this single-page site" }).confident, false);
});

test("a page with no metadata at all: its one h1 in the article", () => {
  assert.equal(chooseHeadline({ headings: [h1("Storm hits the coast overnight", { inArticle: true })] }).text, "Storm hits the coast overnight");
  assert.equal(chooseHeadline({ headings: [h1("Section one heading"), h1("Section two heading")] }).confident, false);
  assert.deepEqual(chooseHeadline().source, "none");
});

test("a one-word title counts only when two signals say exactly it (Wikipedia)", () => {
  const choice = chooseHeadline({ headings: [h1("Mozilla", { inArticle: true })], documentTitle: "Mozilla - Wikipedia", siteNames: ["en.wikipedia.org"] });
  assert.equal(choice.text, "Mozilla");
  assert.equal(choice.confident, true);
  assert.equal(chooseHeadline({ headings: [h1("Ledger")], ogTitle: "Storm hits the coast overnight" }).confident, false);
});

test("readJsonLd finds Article headlines in objects, arrays, @graph and mainEntity, and publisher names", () => {
  const texts = [
    JSON.stringify({ "@context": "https://schema.org", "@type": "NewsArticle", headline: "One", publisher: { "@type": "Organization", name: "Ledger" } }),
    JSON.stringify([{ "@type": "WebPage" }, { "@type": ["BlogPosting"], headline: "Two" }]),
    JSON.stringify({ "@graph": [{ "@type": "WebSite", name: "Site Name" }, { "@type": "ReportageNewsArticle", headline: "Three" }] }),
    JSON.stringify({ "@type": "WebPage", mainEntity: { "@type": "Article", headline: "Four" } }),
    JSON.stringify({ "@type": "Recipe", headline: "Not an article" }),
    "{ not json",
  ];
  const { headlines, siteNames } = readJsonLd(texts);
  assert.deepEqual(headlines, ["One", "Two", "Three", "Four"]);
  assert.deepEqual(siteNames.sort(), ["Ledger", "Site Name"]);
});

test("sources are the service's headline_source enum", () => {
  assert.deepEqual([...SOURCES], ["h1", "heading", "og:title", "twitter:title", "json-ld", "title", "readability"]);
});
