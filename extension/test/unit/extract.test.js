import { test } from "node:test";
import assert from "node:assert/strict";
import { JSDOM } from "jsdom";
import { Readability, isProbablyReaderable } from "@mozilla/readability";
import { readPage, sharedSeedPage } from "../helpers/paths.js";

await import("../../src/content/headline.js");
await import("../../src/content/language.js");
await import("../../src/content/extract.js");
const { extractPage, blockText, headlineSources, withoutHeadline } = globalThis.HeadlineCheck.extract;
const lib = { Readability, isProbablyReaderable };

function doc(html, url = "https://news.example/story") {
  return new JSDOM(html, { url }).window.document;
}

test("seed page: the h1 headline about the tweet and the body about the Grok scandal", (t) => {
  const html = sharedSeedPage(t);
  if (!html) return;
  const page = extractPage(doc(html), lib);
  assert.equal(page.isArticle, true);
  assert.equal(page.headline, "Reform UK Candidate Apologises for Racist Tweet Aimed at David Lammy");
  assert.equal(page.source, "h1");
  assert.equal(page.headlineElement.tagName, "H1");
  assert.match(page.body, /Grok AI sexualised deepfake images scandal/);
  assert.match(page.body, /Liz Kendall/);
  // navigation, sidebar, byline and comment form are not article text
  assert.doesNotMatch(page.body, /More From Author|Leave a Reply|Post Comment|Politics\s*Tech/);
  // paragraphs stay apart: no "images.At a lobby"
  assert.doesNotMatch(page.body, /[a-z]\.[A-Z]/);
});

test("matching article: headline from the h1 (not the title with its site name), body reports it", () => {
  const page = extractPage(doc(readPage("matching-article.html")), lib);
  assert.equal(page.isArticle, true);
  assert.equal(page.headline, "Council Approves Riverside Road Cycle Lanes After Two-Year Consultation");
  assert.equal(page.source, "h1");
  assert.match(page.body, /approved protected cycle lanes along the full length of Riverside Road/);
  assert.doesNotMatch(page.body, /Most read|Post comment/);
  assert.ok(page.body.length > 2500);
});

test("site index (a page of links) is not an article", () => {
  const page = extractPage(doc(readPage("site-index.html")), lib);
  assert.equal(page.isArticle, false);
  assert.equal(page.reason, "not-readerable");
  assert.equal(page.body, "");
});

test("long article: about 10,000 words extracted in full", () => {
  const page = extractPage(doc(readPage("long-article.html")), lib);
  assert.equal(page.isArticle, true);
  assert.equal(page.headline, "Inside the Decade-Long Effort to Rebuild Harbourside's Flood Defences");
  const words = page.body.split(/\s+/).length;
  assert.ok(words > 9500 && words < 11500, `${words} words`);
});

test("extraction never changes the live page", () => {
  const d = doc(readPage("matching-article.html"));
  const before = d.documentElement.outerHTML;
  extractPage(d, lib);
  assert.equal(d.documentElement.outerHTML, before);
});

test("hidden h1s and the extension's own banner are not headline candidates", () => {
  const d = doc(`<html><head><title>Real headline about the storm | Site</title></head><body>
    <h1 hidden>Hidden promo headline text</h1>
    <h1 style="display:none">Another hidden headline text</h1>
    <div data-headline-check><h1>Banner heading text here</h1></div>
    <article><h1>Real headline about the storm</h1></article></body></html>`);
  const sources = headlineSources(d);
  assert.deepEqual(sources.headings.map((h) => h.text), ["Real headline about the storm"]);
  assert.equal(sources.headings[0].inArticle, true);
  assert.ok(sources.siteNames.includes("news.example"));
});

test("headlineSources reads og:title, twitter:title, JSON-LD (with @graph), the canonical host and logo links", () => {
  const d = doc(`<html><head><title>Storm hits the coast | Ledger</title>
    <meta property="og:title" content="Storm hits the coast"><meta name="twitter:title" content="Storm hits coast">
    <link rel="canonical" href="https://www.ledger.example/2026/storm">
    <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Storm hits the coast tonight","publisher":{"name":"The Ledger"}}]}</script>
    </head><body><header><h1><a href="/">Ledger</a></h1></header><nav><h2>Storm hits the coast</h2></nav>
    <main><h2>Storm hits the coast</h2><h3>Unrelated teaser about football</h3></main></body></html>`);
  const s = headlineSources(d);
  assert.equal(s.ogTitle, "Storm hits the coast");
  assert.equal(s.twitterTitle, "Storm hits coast");
  assert.deepEqual(s.jsonLd, ["Storm hits the coast tonight"]);
  assert.ok(s.siteNames.includes("The Ledger") && s.siteNames.includes("www.ledger.example"));
  assert.deepEqual(
    s.headings.map((h) => [h.text, h.tag, h.homeLink, h.inNav, h.inArticle]),
    [
      ["Ledger", "h1", true, false, false],
      ["Storm hits the coast", "h2", false, true, false],
      ["Storm hits the coast", "h2", false, false, true],
    ],
  );
});

test("a document too big for Readability's limit is skipped, not parsed", () => {
  const page = extractPage(doc(readPage("long-article.html")), lib, { maxElements: 50 });
  assert.equal(page.isArticle, false);
  assert.equal(page.reason, "no-article");
});

test("short pages are not judged", () => {
  const d = doc(`<html><body><article><h1>A short note on the weather today</h1>
    <p>${"Rain is expected this afternoon across the region, with some sun later. ".repeat(2)}</p></article></body></html>`);
  const page = extractPage(d, { ...lib, isProbablyReaderable: () => true });
  assert.equal(page.isArticle, false);
  assert.equal(page.reason, "too-short");
});

test("a page without a usable headline is not judged", () => {
  const text = "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ";
  const d = doc(`<html><body><article><p>${text.repeat(8)}</p><p>${text.repeat(8)}</p></article></body></html>`);
  const page = extractPage(d, lib);
  assert.equal(page.isArticle, true);
  assert.equal(page.judged, false);
  assert.equal(page.reason, "no-headline");
  assert.equal(page.headline, "");
});

test("an article whose h1 and title disagree is not judged (no confident headline)", () => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(4) + "</p>";
  const d = doc(`<html><head><title>Something else entirely here</title></head><body><article><h1>Budget talks end without a deal</h1>${para}${para}</article></body></html>`);
  const page = extractPage(d, lib);
  assert.equal(page.judged, false);
  assert.equal(page.reason, "no-headline");
  assert.equal(page.body, "");
});

test("non-English pages are not judged, whether declared or only written so", () => {
  const fr = "<p>" + "Le conseil municipal a approuvé mardi le nouveau budget pour l'année prochaine, après un long débat sur les transports. ".repeat(5) + "</p>";
  const en = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(5) + "</p>";
  const page = (lang, body, title = "Le budget est approuvé par le conseil") =>
    extractPage(doc(`<html${lang ? ` lang="${lang}"` : ""}><head><title>${title}</title></head><body><article><h1>${title}</h1>${body}${body}</article></body></html>`), lib);
  assert.equal(page("fr", fr).reason, "not-english");
  assert.equal(page("", fr).reason, "not-english"); // undeclared: the text decides
  assert.equal(page("en", fr).reason, "not-english"); // declared English, written in French
  assert.equal(page("de", en, "Budget talks end without a deal").reason, "not-english"); // declared another language
  const ok = page("en-GB", en, "Budget talks end without a deal");
  assert.equal(ok.judged, true);
  assert.equal(ok.source, "h1");
});

test("the body never repeats the headline (Readability keeps the h1 on some pages)", () => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(4) + "</p>";
  const d = doc(`<html><head><title>Budget talks end without a deal | Ledger</title></head><body><article><h1>Budget talks end without a deal</h1>${para}${para}<p>Budget talks end without a deal</p></article></body></html>`);
  const page = extractPage(d, lib);
  assert.equal(page.headline, "Budget talks end without a deal");
  assert.doesNotMatch(page.body, /Budget talks end/);
  assert.equal(withoutHeadline("A\nHeadline here!\nB", "headline   here"), "A\nB");
});

test("blockText keeps one line per block and drops scripts", () => {
  const d = doc("<div><p>First sentence.</p><p>Second <b>bold</b>\n  sentence.</p><script>var x = 1;</script><ul><li>One</li><li>Two</li></ul>Tail</div>");
  assert.equal(blockText(d.querySelector("div")), "First sentence.\nSecond bold sentence.\nOne\nTwo\nTail");
});

test("a headline styled in a div (class 'headline') counts when it agrees with the metadata; its wrapper does not", () => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(4) + "</p>";
  const d = doc(`<html lang="en"><head><title>Budget talks end without a deal - The Ledger</title><meta property="og:site_name" content="The Ledger"></head><body>
    <h1><a href="/">The Ledger</a></h1>
    <div class="story-headline-wrap"><div class="story-headline">Budget talks end without a deal</div></div>
    <article>${para}${para}${para}</article></body></html>`);
  const page = extractPage(d, lib);
  assert.equal(page.judged, true);
  assert.equal(page.headline, "Budget talks end without a deal");
  assert.equal(page.source, "heading");
  assert.equal(page.headlineElement.className, "story-headline");
});

test("a permalink mark after a heading is not part of the headline", () => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(4) + "</p>";
  const d = doc(`<html lang="en"><head><title>Budget talks end without a deal — Ledger docs</title></head><body>
    <article><h1>Budget talks end without a deal<a href="#top">¶</a></h1>${para}${para}${para}</article></body></html>`);
  const page = extractPage(d, lib);
  assert.equal(page.headline, "Budget talks end without a deal");
  assert.equal(headlineSources(d).headings[0].homeLink, false);
});

test("an h1 just above the article text counts as the article's, one above navigation does not", () => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(3) + "</p>";
  const d = doc(`<html><body><div class="top"><h1>Our Town Gazette online</h1><ul><li>Home</li><li>News</li></ul></div>
    <div class="story"><h1>Budget talks end without a deal</h1><div class="byline">By A. Writer</div>${para}${para}</div></body></html>`);
  const [logo, headline] = headlineSources(d).headings;
  assert.equal(logo.inArticle, false);
  assert.equal(headline.inArticle, true);
  const page = extractPage(d, lib);
  assert.equal(page.headline, "Budget talks end without a deal"); // no metadata: the one h1 over the text
});
