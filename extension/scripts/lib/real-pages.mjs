// The real-pages dev set (../shared/data/real-pages: Readability's test pages, see its
// SOURCE.md): which pages count as English articles, their expected text, and how a chosen
// headline is compared with the expected title. Shared by the unit tests and `make realpages`.
// Dev data only: nothing at run time reads it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM, VirtualConsole } from "jsdom";

const EXTENSION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const REAL_PAGES_DIR = process.env.REAL_PAGES_DIR || resolve(EXTENSION_DIR, "..", "..", "shared", "data", "real-pages");

await import("../../src/content/headline.js");
await import("../../src/content/language.js");
const { segments, tokens } = globalThis.HeadlineCheck.headline;
const { textLanguage } = globalThis.HeadlineCheck.language;

export function realPagesPresent() {
  return existsSync(join(REAL_PAGES_DIR, "SOURCE.md"));
}

/** A jsdom document for `html` at `url`, its console silenced (real pages log a lot of CSS errors). */
export function parse(html, url = "http://127.0.0.1/") {
  return new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;
}

/** Plain text of Readability's expected article HTML, one line per block. */
export function expectedText(name) {
  const doc = parse(readFileSync(join(REAL_PAGES_DIR, name, "expected.html"), "utf8"));
  for (const el of doc.querySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6, br, tr, pre, blockquote, figcaption")) el.append("\n");
  return doc.body.textContent
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

/** Every page: {name, dir, meta (expected-metadata.json)}, sorted by name. */
export function allPages() {
  return readdirSync(REAL_PAGES_DIR)
    .filter((name) => existsSync(join(REAL_PAGES_DIR, name, "expected-metadata.json")))
    .sort()
    .map((name) => ({ name, dir: join(REAL_PAGES_DIR, name), meta: JSON.parse(readFileSync(join(REAL_PAGES_DIR, name, "expected-metadata.json"), "utf8")) }));
}

/**
 * The rule for "English article pages": expected-metadata.json says `lang` en* and
 * `readerable: true`, and Readability's expected text is English running text (the same
 * function-word test the extension applies; it drops three synthetic lorem-ipsum pages).
 */
export function isEnglishArticle(page) {
  const { lang, readerable } = page.meta;
  if (!(typeof lang === "string" && /^en\b/i.test(lang) && readerable === true)) return false;
  return textLanguage(expectedText(page.name)).english;
}

/** A page that is not English: declared another language, or (undeclared) its expected text is not English. */
export function isNonEnglish(page) {
  const { lang } = page.meta;
  if (typeof lang === "string" && lang && !/^en\b/i.test(lang)) return true;
  if (lang) return false;
  return !textLanguage(expectedText(page.name)).english;
}

/**
 * Pages outside the English article set whose expected-metadata.json declares no `lang`
 * but which are readerable English text (cnn, wapo-1, salon-1, ...): a second, smaller check.
 */
export function isUndeclaredEnglish(page) {
  const { lang, readerable } = page.meta;
  return !lang && readerable === true && textLanguage(expectedText(page.name)).english;
}

export function englishArticlePages() {
  return allPages().filter(isEnglishArticle);
}

function norm(text) {
  return tokens(text).join(" ");
}

/** Every contiguous run of a title's segments ("A | B | C" -> A, A|B, A|B|C, B, B|C, C), normalised. */
function runs(text) {
  const segs = segments(text);
  const out = new Set([norm(text)]);
  for (let i = 0; i < segs.length; i++) for (let j = i + 1; j <= segs.length; j++) out.add(norm(segs.slice(i, j).join(" ")));
  out.delete("");
  return out;
}

/** The title with site names cut from its end: "A | B | C" -> A, A|B, A|B|C. */
function leadingRuns(text) {
  const segs = segments(text);
  const out = new Set([norm(text)]);
  for (let j = 1; j <= segs.length; j++) out.add(norm(segs.slice(0, j).join(" ")));
  out.delete("");
  return out;
}

/** Token F1 of two texts (bags of words), 0-1. */
export function tokenF1(a, b) {
  const count = (list) => list.reduce((m, t) => m.set(t, (m.get(t) || 0) + 1), new Map());
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.length || !tb.length) return 0;
  const cb = count(tb);
  let shared = 0;
  for (const [t, n] of count(ta)) shared += Math.min(n, cb.get(t) || 0);
  if (!shared) return 0;
  const p = shared / ta.length;
  const r = shared / tb.length;
  return (2 * p * r) / (p + r);
}

/**
 * Is `choice` the expected title? "exact": equal once case, whitespace, punctuation and a
 * possessive 's are normalised and site names at either end are cut (a run of the title's
 * segments that is at least half of each title, or any leading part of the expected title);
 * "close": token F1 >= 0.8 (the same headline
 * reworded, e.g. the h1 and og:title against a document title); otherwise null.
 */
export function headlineMatch(choice, expected) {
  if (!tokens(choice).length || !tokens(expected).length) return null;
  const a = runs(choice);
  const b = runs(expected);
  const na = tokens(choice).length;
  const nb = tokens(expected).length;
  const leading = leadingRuns(expected);
  for (const run of a) {
    const n = run.split(" ").length;
    if (n * 2 < na) continue;
    if (leading.has(run) || (b.has(run) && n * 2 >= nb)) return "exact";
  }
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, tokenF1(x, y));
  return best >= 0.8 ? "close" : null;
}
