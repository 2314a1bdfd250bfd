/**
 * Is this page in English? The model reads only English, and a verdict on a page it cannot
 * read (a warning or a "consistent") is a guess shown as a judgement. So both what the page
 * declares (<html lang>, Content-Language, og:locale) and what its text looks like must say
 * English; either one saying otherwise means "not judged". Pure functions, classic script.
 */
(function (root) {
  "use strict";

  const ns = (root.HeadlineCheck = root.HeadlineCheck || {});
  if (ns.language) return;

  // The commonest English function words. Running English text is roughly 40-50 % of these;
  // French, Spanish, German or Portuguese text shares a few ("a", "in", "on") and stays far below.
  const STOPWORDS = new Set(
    ("the of and to a in is that for it on with as was he be by at are this from his have or an " +
      "but not they which you we her she were their has been had one will would there what all " +
      "can more who its if so about when than them some into could also other these our after " +
      "how only us most any over such because even do does did should may just those while where")
      .split(" "),
  );
  /** Below this share of English function words the text is not English (service: 0.15 too). */
  const MIN_STOPWORD_SHARE = 0.15;
  /** Below this share of Latin letters (Chinese, Japanese, Russian, Arabic ...) it is not English. */
  const MIN_LATIN_SHARE = 0.5;
  const SAMPLE_CHARS = 20_000;

  const NO_LANGUAGE = new Set(["und", "mul", "zxx", "mis"]);

  /** The primary language subtag of a tag: "en-GB" -> "en", "pt_BR" -> "pt", junk -> "". */
  function primary(tag) {
    const m = typeof tag === "string" ? tag.trim().toLowerCase().match(/^([a-z]{2,3})(?:[-_]|$)/) : null;
    return m ? m[1] : "";
  }

  /**
   * What the page declares: {tags: ["en", ...], english: true|false|null}. null means it
   * declares nothing; false means some declaration names another language.
   */
  function declaredLanguage({ htmlLang = "", contentLanguage = "", ogLocale = "" } = {}) {
    // "und" (undetermined), "mul", "zxx", "mis" declare no language at all.
    const tags = [htmlLang, ...String(contentLanguage || "").split(","), ogLocale].map(primary).filter((t) => t && !NO_LANGUAGE.has(t));
    if (!tags.length) return { tags, english: null };
    return { tags, english: tags.every((t) => t === "en") };
  }

  /** {english, latinShare, stopwordShare, words} for a text sample. */
  function textLanguage(text) {
    const sample = typeof text === "string" ? text.slice(0, SAMPLE_CHARS) : "";
    const letters = sample.match(/\p{L}/gu) || [];
    const latin = sample.match(/[A-Za-z\u00c0-\u024f]/g) || [];
    const latinShare = letters.length ? latin.length / letters.length : 0;
    const words = (sample.toLowerCase().match(/[a-z\u00c0-\u024f']+/g) || []).slice(0, 2000);
    const stop = words.filter((w) => STOPWORDS.has(w)).length;
    const stopwordShare = words.length ? stop / words.length : 0;
    return { english: latinShare >= MIN_LATIN_SHARE && stopwordShare >= MIN_STOPWORD_SHARE, latinShare, stopwordShare, words: words.length };
  }

  /**
   * The gate: {english: boolean, reason: null | "declared-other-language" | "text-not-english"}.
   * `declared` from declaredLanguage, `text` the article text (headline and body).
   */
  function isEnglishPage(declared, text) {
    if (declared && declared.english === false) return { english: false, reason: "declared-other-language" };
    if (!textLanguage(text).english) return { english: false, reason: "text-not-english" };
    return { english: true, reason: null };
  }

  ns.language = { primary, declaredLanguage, textLanguage, isEnglishPage, MIN_STOPWORD_SHARE };
})(globalThis);
