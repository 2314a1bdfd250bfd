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

  function squash(text) {
    return clean(text)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "");
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

  const ARTICLE = "article, main, [role=main], [itemprop=articleBody], [itemtype*='Article'], [itemtype*='BlogPosting']";
  const NAV = "nav, footer, aside, [role=navigation], [role=contentinfo], [role=complementary]";
  const MAX_HEADINGS = 600;
  // Headings, microdata headlines, and elements styled as a headline ("article-headline").
  const HEADING = "h1, h2, h3, [itemprop=headline], [class*=headline i]";

  /** Does this heading link to the site's home page (a logo)? */
  function linksHome(el) {
    const a = el.closest("a") || el.querySelector("a");
    if (!a) return false;
    const href = a.getAttribute("href");
    if (href === null) return false;
    try {
      const url = new URL(href, el.ownerDocument.baseURI);
      const here = el.ownerDocument.location;
      const atRoot = !here || here.pathname === "/" || here.pathname === "";
      return !atRoot && (!here.host || url.host === here.host) && (url.pathname === "/" || url.pathname === "") && !url.search;
    } catch {
      return false;
    }
  }

  /**
   * Is this heading just above the article text: is one of the next elements in document
   * order (before any other h1) a paragraph of running text? Pages without article/main
   * markup put the headline there.
   */
  function aboveText(el, { lookahead = 60, minChars = 120 } = {}) {
    const doc = el.ownerDocument;
    const walker = doc.createTreeWalker(doc.body || doc.documentElement, 1 /* SHOW_ELEMENT */);
    walker.currentNode = el;
    let node = el;
    // skip the heading's own subtree
    while (node && !node.nextElementSibling && node.parentElement) node = node.parentElement;
    walker.currentNode = node && node.nextElementSibling ? node.nextElementSibling : el;
    for (let i = 0, n = walker.currentNode; n && i < lookahead; i += 1, n = walker.nextNode()) {
      if (n === el) continue;
      if (n.tagName === "H1") return false;
      if (n.tagName === "P" && clean(n.textContent).length >= minChars) return true;
    }
    return false;
  }

  /** The host named by a canonical link or og:url: the site's own name on a copied or proxied page. */
  function hostOf(doc, selector, attribute) {
    const el = doc.querySelector(selector);
    try {
      return el ? new URL(el.getAttribute(attribute), doc.baseURI).hostname : "";
    } catch {
      return "";
    }
  }

  /**
   * Every signal of the live document (read only) that the chooser weighs: metadata, JSON-LD,
   * the site's names, and the visible headings (h1s always; h2, h3 and itemprop=headline only
   * when they resemble a metadata title, so a page with hundreds of teasers costs little).
   */
  function headlineSources(doc, { readabilityTitle = "", siteName = "", staleTitles = [] } = {}) {
    const H = root.HeadlineCheck.headline;
    const host = doc.location && doc.location.hostname ? doc.location.hostname : "";
    const ld = H.readJsonLd([...doc.querySelectorAll('script[type="application/ld+json"]')].slice(0, 20).map((s) => s.textContent));
    const signals = {
      ogTitle: meta(doc, 'meta[property="og:title"]') || meta(doc, 'meta[name="og:title"]'),
      twitterTitle: meta(doc, 'meta[name="twitter:title"]') || meta(doc, 'meta[property="twitter:title"]'),
      jsonLd: ld.headlines,
      documentTitle: clean(doc.title),
      readabilityTitle: clean(readabilityTitle),
      siteNames: [
        meta(doc, 'meta[property="og:site_name"]'),
        meta(doc, 'meta[name="application-name"]'),
        meta(doc, 'meta[name="apple-mobile-web-app-title"]'),
        siteName,
        ...ld.siteNames,
        host,
        hostOf(doc, 'link[rel~="canonical"]', "href"),
        hostOf(doc, 'meta[property="og:url"]', "content"),
      ].filter(Boolean),
      staleTitles,
    };
    const titles = [signals.ogTitle, signals.twitterTitle, ...signals.jsonLd, signals.documentTitle, signals.readabilityTitle].filter(Boolean);
    const elements = [];
    const headings = [];
    for (const el of [...doc.querySelectorAll(HEADING)].slice(0, MAX_HEADINGS)) {
      const tag = /^H[1-3]$/.test(el.tagName) ? el.tagName.toLowerCase() : "other";
      const text = clean(el.textContent).replace(/\s*[¶§#🔗]+$/u, ""); // permalink marks ("Title¶")
      if (!text || text.length > 400 || el.closest("[data-headline-check]")) continue;
      // A styled headline (div.headline) counts only as itself, not as a box around one.
      if (tag === "other" && !el.matches("[itemprop=headline]") && el.querySelector("h1, h2, h3, p, li, [class*=headline i]")) continue;
      if (tag !== "h1" && !titles.some((t) => H.similarity(text, t) >= 0.5)) continue;
      if (!isVisible(el)) continue;
      elements.push(el);
      headings.push({
        text,
        tag,
        level: tag === "h1" || el.matches("[itemprop=headline]") ? 1 : tag === "other" ? 2 : Number(tag[1]),
        inArticle: Boolean(el.closest(ARTICLE)) || ((tag === "h1" || tag === "other") && aboveText(el)),
        inNav: Boolean(el.closest(NAV)),
        homeLink: linksHome(el),
      });
    }
    return { ...signals, headings, elements };
  }

  /** The metadata a History API navigation may leave behind (see chooseHeadline's staleTitles). */
  function pageTitles(doc) {
    return [meta(doc, 'meta[property="og:title"]'), meta(doc, 'meta[name="twitter:title"]'), clean(doc.title)].filter(Boolean);
  }

  function languageSignals(doc) {
    return {
      htmlLang: (doc.documentElement && doc.documentElement.getAttribute("lang")) || "",
      contentLanguage: meta(doc, 'meta[http-equiv="content-language" i]') || meta(doc, 'meta[name="language"]'),
      ogLocale: meta(doc, 'meta[property="og:locale"]'),
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
   * Decide whether `doc` is an article, and whether it can be judged, and extract its headline
   * and text. `lib` supplies Mozilla Readability: {Readability, isProbablyReaderable}. Never
   * changes `doc` (Readability works on a clone, as parse() rewrites the DOM it is given).
   * Returns {isArticle, judged, reason, headline, source, headlineElement, body}:
   *   not an article: isArticle false, reason "no-document" | "not-readerable" | "no-article" | "too-short";
   *   an article that is not judged: judged false, reason "no-headline" (no text is
   *   confidently the headline) | "not-english";
   *   otherwise judged true with the headline, its source (headline.js SOURCES) and the body.
   * `staleTitles`: the previous page's metadata after a History API navigation.
   */
  function extractPage(doc, lib, { minBodyChars = MIN_BODY_CHARS, maxElements = MAX_ELEMENTS, staleTitles = [] } = {}) {
    const result = (fields) => ({ isArticle: false, judged: false, reason: null, headline: "", body: "", source: "none", headlineElement: null, ...fields });
    const notArticle = (reason) => result({ reason });
    const notJudged = (reason) => result({ isArticle: true, reason });
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

    const sources = headlineSources(doc, { readabilityTitle: article.title || "", siteName: article.siteName || "", staleTitles });
    const choice = root.HeadlineCheck.headline.chooseHeadline(sources);
    const text = blockText(article.content) || clean(article.textContent);
    const body = withoutHeadline(text, choice.text);
    if (body.length < minBodyChars) return notArticle("too-short");

    const L = root.HeadlineCheck.language;
    const lang = L.isEnglishPage(L.declaredLanguage(languageSignals(doc)), `${choice.text}\n${text}`);
    if (!lang.english) return notJudged("not-english");
    if (!choice.confident || !choice.text) return { ...notJudged("no-headline"), guess: choice.text, source: choice.source };
    return {
      isArticle: true,
      judged: true,
      reason: null,
      headline: choice.text.slice(0, MAX_HEADLINE_CHARS),
      source: choice.source,
      headlineElement: choice.index >= 0 ? sources.elements[choice.index] : null,
      body,
    };
  }

  ns.extract = { clean, withoutHeadline, headlineSources, pageTitles, languageSignals, blockText, extractPage, MIN_BODY_CHARS };
})(globalThis);
