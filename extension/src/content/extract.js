/**
 * Page extraction for the content script: is this an article, what is its headline (the one
 * the reader sees), and what is its text. Pure functions over a Document, no browser APIs,
 * so they are unit-tested with jsdom. Classic script (content scripts cannot be modules):
 * everything hangs off globalThis.HeadlineCheck.
 */
(function (root) {
  "use strict";

  const ns = (root.HeadlineCheck = root.HeadlineCheck || {});
  if (ns.extract) return; // loaded twice: keep the first copy

  /** Below this many characters of article text a page is not judged (service: "too_short"). */
  const MIN_BODY_CHARS = 250;
  const MAX_HEADLINE_CHARS = 400;
  /** Readability gives up on bigger documents, so a giant page is skipped rather than stalled. */
  const MAX_ELEMENTS = 30000;

  function clean(text) {
    return typeof text === "string" ? text.replace(/\s+/g, " ").trim() : "";
  }

  function words(text) {
    return clean(text).split(" ").filter(Boolean);
  }

  function squash(text) {
    return clean(text)
      .toLowerCase()
      .replace(/^www\./, "")
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /** Lower-case word tokens, for comparing two titles. */
  function tokens(text) {
    return clean(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  /** Overlap of two titles, 0-1: shared tokens over the smaller title's tokens. */
  function similarity(a, b) {
    const ta = new Set(tokens(a));
    const tb = new Set(tokens(b));
    if (!ta.size || !tb.size) return 0;
    let shared = 0;
    for (const t of ta) if (tb.has(t)) shared += 1;
    return shared / Math.min(ta.size, tb.size);
  }

  // " | ", " - ", " – ", " — ", " · ", " • ", " » ", " :: " between a headline and a site name.
  const SEPARATOR = /(\s+(?:\||-|–|—|·|•|»|::)\s+)/;

  function isKnownSite(segment, siteNames) {
    const s = squash(segment);
    if (!s) return false;
    return siteNames.some((name) => {
      const n = squash(name);
      if (!n) return false;
      if (s === n) return true;
      // a host name ("dailyledger.co.uk") against "The Daily Ledger" / "DailyLedger.co.uk"
      const label = clean(name).toLowerCase().replace(/^www\./, "").split(".")[0].replace(/[^\p{L}\p{N}]+/gu, "");
      return label.length > 2 && (s === label || s === `the${label}`);
    });
  }

  function looksLikeSiteName(segment) {
    const w = words(segment);
    if (!w.length || w.length > 4) return false;
    if (w.some((x) => /\.[a-z]{2,}$/i.test(x))) return true; // example.com
    return w.every((x) => /^[\p{Lu}\p{N}&]/u.test(x) || /^(of|the|and|on|de|la|le)$/.test(x));
  }

  /**
   * Remove a site name joined to a headline: "Storm hits coast | The Daily Ledger" -> "Storm hits coast".
   * Known names (og:site_name, the host) always go; otherwise a short Title Case segment after
   * a separator is taken for a site name, as long as a real headline remains.
   */
  function stripSiteName(title, siteNames = []) {
    const text = clean(title);
    const parts = text.split(SEPARATOR); // [segment, separator, segment, ...]
    if (parts.length < 3) return text;
    const names = siteNames.filter(Boolean);
    const known = (segment) => isKnownSite(segment, names);
    const wordsAfter = (i) => words(parts.slice(i).join("")).length;
    const wordsBefore = (i) => words(parts.slice(0, i).join("")).length;

    // Names the page itself gives (og:site_name, the host), at either end.
    while (parts.length >= 3 && known(parts[0])) parts.splice(0, 2);
    while (parts.length >= 3 && known(parts[parts.length - 1])) parts.length -= 2;
    // Otherwise: a short, name-like segment at the end (or before a "|" at the start), as long
    // as a longer headline remains.
    while (parts.length >= 3) {
      const last = parts[parts.length - 1];
      const sep = parts[parts.length - 2].trim();
      const rest = wordsBefore(parts.length - 2);
      const n = words(last).length;
      if (!(rest >= 3 && n < rest && ((sep === "|" && n <= 5) || looksLikeSiteName(last)))) break;
      parts.length -= 2;
    }
    while (parts.length >= 3) {
      const rest = wordsAfter(2);
      if (!(rest >= 3 && parts[1].trim() === "|" && looksLikeSiteName(parts[0]) && words(parts[0]).length < rest)) break;
      parts.splice(0, 2);
    }
    return clean(parts.join(""));
  }

  /** Could this text be a headline (not a logo, not a section name, not a paragraph)? */
  function isHeadlineLike(text, siteNames = []) {
    const t = clean(text);
    const n = words(t).length;
    return n >= 2 && n <= 60 && t.length >= 10 && t.length <= MAX_HEADLINE_CHARS && !isKnownSite(t, siteNames);
  }

  /**
   * Choose the headline the reader sees.
   *   h1s: [{text, inArticle}] visible h1 elements in page order;
   *   ogTitle / readabilityTitle / documentTitle: metadata titles (may carry the site name);
   *   siteNames: og:site_name, the host name, ...
   * Returns {text, source: "h1"|"og:title"|"readability"|"document.title"|"none", index} where
   * index is the chosen h1's position in `h1s` (-1 when the headline came from metadata).
   */
  function chooseHeadline({ h1s = [], ogTitle = "", readabilityTitle = "", documentTitle = "", siteNames = [] } = {}) {
    const metas = [
      ["og:title", ogTitle],
      ["readability", readabilityTitle],
      ["document.title", documentTitle],
    ]
      .map(([source, text]) => [source, stripSiteName(text, siteNames)])
      .filter(([, text]) => isHeadlineLike(text, siteNames));
    const candidates = h1s
      .map((h, index) => ({ text: clean(typeof h === "string" ? h : h.text), inArticle: Boolean(h && h.inArticle), index }))
      .filter((h) => isHeadlineLike(h.text, siteNames));

    // 1. An h1 that agrees with the page's own title metadata is the headline on show.
    let best = null;
    for (const h of candidates) {
      for (const [, meta] of metas) {
        const score = similarity(h.text, meta);
        if (score >= 0.6 && (!best || score > best.score)) best = { h, score };
      }
    }
    if (best) return { text: best.h.text, source: "h1", index: best.h.index };

    // 2. No agreement (metadata missing, generic, or stale after a History API navigation):
    //    the h1 inside the article, else the only h1.
    const inArticle = candidates.filter((h) => h.inArticle);
    const pick = inArticle.length ? inArticle[0] : candidates.length === 1 ? candidates[0] : null;
    if (pick) return { text: pick.text, source: "h1", index: pick.index };

    // 3. Metadata, best first.
    if (metas.length) return { text: metas[0][1], source: metas[0][0], index: -1 };
    return { text: "", source: "none", index: -1 };
  }

  function isVisible(el) {
    const view = el.ownerDocument && el.ownerDocument.defaultView;
    for (let node = el, depth = 0; node && node.nodeType === 1 && depth < 25; node = node.parentElement, depth += 1) {
      if (node.hidden || node.getAttribute("aria-hidden") === "true") return false;
      if (view && view.getComputedStyle) {
        const style = view.getComputedStyle(node);
        if (style.display === "none" || style.visibility === "hidden") return false;
      }
    }
    return true;
  }

  function meta(doc, selector) {
    const el = doc.querySelector(selector);
    return el ? clean(el.getAttribute("content")) : "";
  }

  /** The headline candidates on a live document (read only). */
  function headlineSources(doc) {
    const elements = [...doc.querySelectorAll("h1")].filter((el) => !el.closest("[data-headline-check]") && isVisible(el));
    const host = doc.location && doc.location.hostname ? doc.location.hostname : "";
    return {
      elements,
      h1s: elements.map((el) => ({ text: el.textContent, inArticle: Boolean(el.closest("article, main, [role=main], [itemprop=articleBody]")) })),
      ogTitle: meta(doc, 'meta[property="og:title"]') || meta(doc, 'meta[name="twitter:title"]'),
      documentTitle: clean(doc.title),
      siteNames: [meta(doc, 'meta[property="og:site_name"]'), meta(doc, 'meta[name="application-name"]'), host].filter(Boolean),
    };
  }

  const BLOCK = new Set(
    "ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DETAILS DIV DL DT FIGCAPTION FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TD TH TR UL".split(" "),
  );
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "BUTTON", "SELECT", "TEXTAREA"]);

  /** Text of an element with one line per block (textContent would glue "end.Next" together). */
  function blockText(rootEl) {
    const out = [];
    const stack = [rootEl];
    while (stack.length) {
      const node = stack.pop();
      if (typeof node === "string") {
        out.push(node);
        continue;
      }
      if (node.nodeType === 3) {
        out.push(node.nodeValue.replace(/\s+/g, " ")); // source line breaks are not text breaks
        continue;
      }
      if (node.nodeType !== 1 || SKIP.has(node.nodeName.toUpperCase())) continue;
      const block = BLOCK.has(node.nodeName.toUpperCase());
      if (block) stack.push("\n");
      for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
      if (block) stack.push("\n");
    }
    return out
      .join("")
      .split("\n")
      .map((line) => line.replace(/[\s\u00a0]+/g, " ").trim())
      .filter(Boolean)
      .join("\n");
  }

  /**
   * The body without lines that repeat the headline (Readability keeps the h1 on some pages):
   * the body is the text below the headline, and a copy of the headline in it would make any
   * headline look like it matches.
   */
  function withoutHeadline(body, headline) {
    const h = squash(headline);
    if (!h) return body;
    return body
      .split("\n")
      .filter((line) => squash(line) !== h)
      .join("\n");
  }

  /**
   * Decide whether `doc` is an article and extract {headline, body}. `lib` supplies Mozilla
   * Readability: {Readability, isProbablyReaderable}. Never changes `doc` (Readability works
   * on a clone, as parse() rewrites the DOM it is given).
   */
  function extractPage(doc, lib, { minBodyChars = MIN_BODY_CHARS, maxElements = MAX_ELEMENTS } = {}) {
    const notArticle = (reason) => ({ isArticle: false, reason, headline: "", body: "", source: "none", headlineElement: null });
    if (!doc || !doc.body) return notArticle("no-document");
    if (!lib.isProbablyReaderable(doc)) return notArticle("not-readerable");

    const clone = doc.cloneNode(true);
    for (const banner of clone.querySelectorAll("[data-headline-check]")) banner.remove();
    let article;
    try {
      article = new lib.Readability(clone, { serializer: (el) => el, maxElemsToParse: maxElements }).parse();
    } catch {
      article = null;
    }
    if (!article || !article.content) return notArticle("no-article");

    const sources = headlineSources(doc);
    const choice = chooseHeadline({
      h1s: sources.h1s,
      ogTitle: sources.ogTitle,
      readabilityTitle: article.title || "",
      documentTitle: sources.documentTitle,
      siteNames: [article.siteName, ...sources.siteNames].filter(Boolean),
    });

    const body = withoutHeadline(blockText(article.content) || clean(article.textContent), choice.text);
    if (body.length < minBodyChars) return notArticle("too-short");
    if (!choice.text) return notArticle("no-headline");
    return {
      isArticle: true,
      reason: null,
      headline: choice.text.slice(0, MAX_HEADLINE_CHARS),
      source: choice.source,
      headlineElement: choice.index >= 0 ? sources.elements[choice.index] : null,
      body,
    };
  }

  ns.extract = { clean, similarity, stripSiteName, withoutHeadline, isHeadlineLike, chooseHeadline, headlineSources, blockText, extractPage, MIN_BODY_CHARS };
})(globalThis);
