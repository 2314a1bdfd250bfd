/**
 * Which text is this page's headline? A pure chooser over the signals a page gives, so it is
 * unit-tested with jsdom and over the real-pages dev set. Classic script (content scripts
 * cannot be modules): it hangs off globalThis.HeadlineCheck.headline.
 *
 * The idea is agreement between independent signals. A logo, a greeting, a section name or
 * a teaser for another story may sit in an h1, and any one metadata field may be stale or
 * generic; but the visible heading that says the same as the page's own title metadata
 * (og:title, twitter:title, the JSON-LD headline, document.title) is the article's headline.
 * When nothing agrees, the page is not judged: a wrong headline is a false alarm, while
 * silence costs one page.
 */
(function (root) {
  "use strict";

  const ns = (root.HeadlineCheck = root.HeadlineCheck || {});
  if (ns.headline) return; // loaded twice: keep the first copy

  const MAX_HEADLINE_CHARS = 400;
  /** Sources the chooser reports, in the service's `headline_source` enum. */
  const SOURCES = Object.freeze(["h1", "heading", "og:title", "twitter:title", "json-ld", "title", "readability"]);
  /** Metadata fields, in the order their text is preferred when only metadata agree. */
  const META_ORDER = ["json-ld", "og:title", "twitter:title", "title", "readability"];
  /** Two titles agree when their word sets overlap this much (Dice coefficient). */
  const AGREE_DICE = 0.8;

  function clean(text) {
    return typeof text === "string" ? text.replace(/[\s\u00a0\u200b]+/g, " ").trim() : "";
  }

  function words(text) {
    return clean(text).split(" ").filter(Boolean);
  }

  /** Letters and digits only, lower case: "Storm hits — coast!" -> "stormhitscoast". */
  function squash(text) {
    return clean(text)
      .toLowerCase()
      .replace(/^www\./, "")
      .replace(/[^\p{L}\p{N}]+/gu, "");
  }

  /** Lower-case word tokens; a possessive "'s" is dropped so "Dropbox's" equals "Dropbox". */
  function tokens(text) {
    return (
      clean(text)
        .toLowerCase()
        .replace(/['’]s\b/g, "")
        .match(/[\p{L}\p{N}]+/gu) || []
    );
  }

  /** The two titles' token sets and how many tokens they share. */
  function overlap(a, b) {
    const ta = new Set(tokens(a));
    const tb = new Set(tokens(b));
    let shared = 0;
    for (const t of ta) if (tb.has(t)) shared += 1;
    return { shared, sizeA: ta.size, sizeB: tb.size };
  }

  /** Overlap of two titles, 0-1: shared tokens over the smaller title's tokens. */
  function similarity(a, b) {
    const { shared, sizeA, sizeB } = overlap(a, b);
    return sizeA && sizeB ? shared / Math.min(sizeA, sizeB) : 0;
  }

  /** Dice coefficient of the two titles' word sets, 0-1 (symmetric, punishes extra words). */
  function dice(a, b) {
    const { shared, sizeA, sizeB } = overlap(a, b);
    return sizeA && sizeB ? (2 * shared) / (sizeA + sizeB) : 0;
  }

  // " | ", " - ", " – ", " — ", " · ", " • ", " » ", " :: " between a headline and a site name.
  const SEPARATOR = /(\s+(?:\||-|–|—|·|•|»|::|✩)\s+)/;
  // The same, plus "Site: Headline", for cutting a title into segments to compare.
  const SEGMENT_SEPARATOR = /\s+(?:\||-|–|—|·|•|»|::|✩|\/)\s+|:\s+|\s+\[|\]\s*$/;

  function isKnownSite(segment, siteNames) {
    const s = squash(segment);
    if (!s) return false;
    return siteNames.some((name) => {
      const n = squash(name);
      if (!n) return false;
      if (s === n) return true;
      // a host name ("dailyledger.co.uk") against "The Daily Ledger" / "DailyLedger.co.uk"
      const label = hostLabel(name);
      return label.length > 2 && (s === label || s === `the${label}` || (label.length >= 5 && s.startsWith(label) && s.length - label.length <= 5));
    });
  }

  /** "www.news.example.co.uk" -> "news"; any other name -> its first dotted label squashed. */
  function hostLabel(name) {
    const parts = clean(name).toLowerCase().replace(/^www\./, "").split(".");
    const label = parts.length > 2 && /^(co|com|org|net|ac|gov)$/.test(parts[parts.length - 2]) ? parts[parts.length - 3] : parts.length >= 2 ? parts[parts.length - 2] : parts[0];
    return (/\./.test(name) ? label : parts[0]).replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function looksLikeSiteName(segment) {
    const w = words(segment);
    if (!w.length || w.length > 4) return false;
    if (w.some((x) => /\.[a-z]{2,}$/i.test(x))) return true; // example.com
    return w.every((x) => /^[\p{Lu}\p{N}&]/u.test(x) || /^(of|the|and|on|de|la|le|for)$/.test(x));
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

  // Labels that head a page or a box but never an article.
  const LABEL = /^(?:hi|hello|hey|welcome|home|menu|search|navigation|site navigation|main navigation|skip to|back to|sign in|log in|login|subscribe|about|about (?:this site|us|me)|contact(?: us)?|share|comments?|related|more|most (?:read|popular)|trending|latest|top stories|advertisement|.*\bback to\b|information and resources|you (?:may|might) also like|recommended|next article|previous article)\b/i;

  /** Could this text be a headline (not a logo, a label, a site name, a paragraph)? */
  function isHeadlineLike(text, siteNames = []) {
    const t = clean(text);
    const n = words(t).length;
    return n >= 2 && n <= 60 && t.length >= 10 && t.length <= MAX_HEADLINE_CHARS && !isKnownSite(t, siteNames) && !LABEL.test(t);
  }

  /** A one-word title ("Mozilla", "Hermitian") is allowed only when two signals say it exactly. */
  function isShortHeadline(text, siteNames = []) {
    const t = clean(text);
    return t.length >= 3 && t.length <= MAX_HEADLINE_CHARS && /\p{L}/u.test(t) && !isKnownSite(t, siteNames) && !LABEL.test(t);
  }

  /** The title cut at its separators: "A | B - C" -> ["A", "B", "C"]. */
  function segments(text) {
    return clean(text)
      .split(SEGMENT_SEPARATOR)
      .map(clean)
      .filter(Boolean);
  }

  /**
   * How a heading relates to one metadata title: "same" (equal once squashed, or nearly the
   * same words), "segment" (the leading part of the title, before its site/section names:
   * "Storm hits coast" in "Storm hits coast | News | Ledger"), or null.
   */
  function agreement(heading, title, siteNames = []) {
    const h = squash(heading);
    if (!h || !squash(title)) return null;
    if (h === squash(title)) return "same";
    if (words(heading).length >= 3 && dice(heading, title) >= AGREE_DICE) return "same";
    if (words(heading).length < 2) return null;
    const segs = segments(title);
    // Leading site names ("Daring Fireball: Colophon") may be skipped, nothing else.
    let start = 0;
    while (start < segs.length - 1 && isKnownSite(segs[start], siteNames)) start += 1;
    let joined = "";
    for (let i = start; i < segs.length; i++) {
      joined += squash(segs[i]);
      if (joined === h) return "segment";
      if (joined.length >= h.length) break;
    }
    return null;
  }

  function agrees(a, b, siteNames) {
    return Boolean(agreement(a, b, siteNames) || agreement(b, a, siteNames));
  }

  /**
   * The metadata titles as candidates: [{source, text, raw}] with site names stripped, minus
   * empty, generic (a site name), and stale ones (`staleTitles`: the previous page's metadata,
   * left unchanged after a History API navigation).
   */
  function metaCandidates({ ogTitle = "", twitterTitle = "", jsonLd = [], documentTitle = "", readabilityTitle = "", siteNames = [], staleTitles = [] }) {
    const stale = new Set(staleTitles.map(squash).filter(Boolean));
    const out = [];
    const add = (source, raw) => {
      const text = stripSiteName(raw, siteNames);
      if (!text || stale.has(squash(raw))) return;
      if (!isHeadlineLike(text, siteNames) && !isShortHeadline(text, siteNames)) return;
      out.push({ source, text, raw: clean(raw) });
    };
    add("og:title", ogTitle);
    add("twitter:title", twitterTitle);
    for (const headline of (Array.isArray(jsonLd) ? jsonLd : [jsonLd]).slice(0, 3)) add("json-ld", headline);
    add("title", documentTitle);
    add("readability", readabilityTitle);
    return out;
  }

  /** Which metadata sources a heading agrees with (Readability's title is derived from the others). */
  function supportFor(text, metas, siteNames) {
    const found = new Set();
    for (const m of metas) if (agrees(text, m.text, siteNames) || agrees(text, m.raw, siteNames)) found.add(m.source);
    return found;
  }

  /** Count of distinct, independent sources (Readability's title repeats the page's own). */
  function independent(sources) {
    let n = 0;
    for (const s of sources) if (s !== "readability") n += 1;
    return n || (sources.has("readability") ? 1 : 0);
  }

  const NONE = Object.freeze({ text: "", source: "none", index: -1, confident: false, reason: "no-headline", support: [] });
  /** A best guess when nothing agrees: Readability's title is the best at shedding site names. */
  const GUESS_ORDER = ["readability", "json-ld", "og:title", "twitter:title", "title"];

  /**
   * Choose the headline.
   *   headings: [{text, tag ("h1", "h2", "h3", "other"), level (1 = h1 or itemprop=headline, 2, 3),
   *     inArticle, inNav, homeLink}]
   *     visible headings in page order;
   *   ogTitle, twitterTitle, jsonLd (headline strings of Article-type objects), documentTitle,
   *   readabilityTitle: metadata (may carry the site name);
   *   siteNames: og:site_name, the JSON-LD publisher, the host, ...;
   *   staleTitles: metadata of the previous page after a History API navigation (ignored).
   * Returns {text, source (one of SOURCES, or "none"), index (into headings, -1 for metadata),
   * confident, reason (null, or "no-headline" when nothing is confidently the headline: `text`
   * is then only a best guess, never to be judged), support (the metadata fields that agree)}.
   */
  function chooseHeadline(signals = {}) {
    // A "site name" as long as a headline is a misfilled field (some pages put the headline
    // in application-name), not a name to strip.
    const siteNames = (signals.siteNames || []).filter((n) => n && words(n).length <= 6);
    const metas = metaCandidates({ ...signals, siteNames });
    const headings = (signals.headings || [])
      .map((h, index) => ({ ...h, text: clean(h.text), level: h.level || 1, index }))
      .filter((h) => h.text && h.text.length <= MAX_HEADLINE_CHARS && !h.homeLink);

    // 1. A visible heading that says what the page's own metadata says: the headline on show.
    let best = null;
    for (const h of headings) {
      const support = supportFor(h.text, metas, siteNames);
      if (!support.size) continue;
      const exact = metas.some((m) => support.has(m.source) && squash(m.text) === squash(h.text));
      if (!isHeadlineLike(h.text, siteNames) && !(exact && isShortHeadline(h.text, siteNames))) continue;
      if (h.inNav && !h.inArticle) continue;
      // Readability takes a lone h1 for its title when the page title is short: that
      // agreement is the h1 with itself, so on its own it needs the h1 to be unambiguous.
      if (support.size === 1 && support.has("readability") && !h.inArticle && headings.filter((x) => x.tag === "h1").length > 1) continue;
      const rank = [independent(support), h.level === 1 ? 1 : 0, h.inArticle ? 1 : 0, -h.level];
      if (!best || compare(rank, best.rank) > 0) best = { h, support, rank };
    }
    if (best) {
      return { text: best.h.text, source: best.h.tag === "h1" ? "h1" : "heading", index: best.h.index, confident: true, reason: null, support: [...best.support] };
    }

    // The h1s a reader would take for the headline: inside the article, not navigation, not labels.
    const h1s = headings.filter((h) => h.level === 1 && !h.inNav && isHeadlineLike(h.text, siteNames));

    // 2. No heading agrees: metadata alone, if two independent fields say the same (a
    //    display headline that differs from the SEO title is still about the same story).
    const groups = metas
      .map((m) => ({ m, support: new Set([m.source, ...metas.filter((o) => o !== m && agrees(m.text, o.text, siteNames)).map((o) => o.source)]) }))
      .filter((g) => isHeadlineLike(g.m.text, siteNames));
    groups.sort((a, b) => independent(b.support) - independent(a.support) || META_ORDER.indexOf(a.m.source) - META_ORDER.indexOf(b.m.source));
    const top = groups[0];
    if (top && independent(top.support) >= 2) {
      return { text: top.m.text, source: top.m.source, index: -1, confident: true, reason: null, support: [...top.support] };
    }

    // 3. No usable metadata at all (or only stale metadata): the h1 inside the article, or the
    //    page's only h1. With metadata that disagrees, nothing is trusted.
    if (!metas.length) {
      const inArticle = h1s.filter((h) => h.inArticle);
      const stale = new Set((signals.staleTitles || []).map(squash));
      const anyMeta = [signals.ogTitle, signals.twitterTitle, ...(signals.jsonLd || []), signals.documentTitle].some((t) => clean(t) && !stale.has(squash(t)));
      const pick = inArticle.length === 1 ? inArticle[0] : h1s.length === 1 && !anyMeta ? h1s[0] : null;
      if (pick) return { text: pick.text, source: "h1", index: pick.index, confident: true, reason: null, support: [] };
    }

    // 4. Nothing agrees: not judged. A best guess is still returned, to measure the chooser
    //    against the dev pages; it is never sent to the service.
    const guess = [...metas].sort((a, b) => GUESS_ORDER.indexOf(a.source) - GUESS_ORDER.indexOf(b.source))[0];
    if (guess) return { text: guess.text, source: guess.source, index: -1, confident: false, reason: "no-headline", support: [] };
    if (h1s.length) return { text: h1s[0].text, source: "h1", index: h1s[0].index, confident: false, reason: "no-headline", support: [] };
    return { ...NONE, support: [] };
  }

  function compare(a, b) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }

  // schema.org types whose `headline` is an article's title.
  const ARTICLE_TYPE = /^(?:schema:)?(?:Article|NewsArticle|BlogPosting|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|AskPublicNewsArticle|SatiricalArticle|TechArticle|ScholarlyArticle|Report|LiveBlogPosting|SocialMediaPosting|DiscussionForumPosting|MedicalScholarlyArticle)$/;

  function typesOf(node) {
    const t = node["@type"];
    return (Array.isArray(t) ? t : [t]).filter((x) => typeof x === "string").map((x) => x.replace(/^https?:\/\/schema\.org\//, ""));
  }

  /**
   * From JSON-LD script texts: {headlines, siteNames}. Walks arrays, @graph and mainEntity
   * (publishers nest the article in all three); malformed JSON is ignored.
   */
  function readJsonLd(texts) {
    const headlines = [];
    const siteNames = [];
    const seen = new Set();
    const visit = (node, depth) => {
      if (!node || typeof node !== "object" || depth > 6 || seen.has(node)) return;
      seen.add(node);
      if (Array.isArray(node)) {
        for (const item of node.slice(0, 50)) visit(item, depth + 1);
        return;
      }
      const types = typesOf(node);
      if (types.some((t) => ARTICLE_TYPE.test(t))) {
        const h = typeof node.headline === "string" ? node.headline : typeof node.name === "string" ? node.name : "";
        if (clean(h)) headlines.push(clean(h));
        const pub = node.publisher;
        for (const p of Array.isArray(pub) ? pub : [pub]) if (p && typeof p.name === "string") siteNames.push(clean(p.name));
      }
      if (types.some((t) => t === "WebSite" || t === "Organization" || t === "NewsMediaOrganization") && typeof node.name === "string") siteNames.push(clean(node.name));
      for (const key of ["@graph", "mainEntity", "mainEntityOfPage", "itemListElement"]) if (node[key]) visit(node[key], depth + 1);
    };
    for (const text of texts) {
      if (typeof text !== "string" || text.length > 500_000) continue;
      try {
        visit(JSON.parse(text), 0);
      } catch {
        /* not JSON: publishers do ship broken JSON-LD */
      }
    }
    return { headlines: [...new Set(headlines)], siteNames: [...new Set(siteNames)] };
  }

  ns.headline = { SOURCES, clean, squash, tokens, similarity, dice, stripSiteName, isHeadlineLike, segments, agreement, agrees, chooseHeadline, readJsonLd, isKnownSite };
})(globalThis);
