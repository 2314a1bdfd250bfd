// The language gate (src/content/language.js): declared language and what the text looks like.
import { test } from "node:test";
import assert from "node:assert/strict";

await import("../../src/content/language.js");
const { primary, declaredLanguage, textLanguage, isEnglishPage } = globalThis.HeadlineCheck.language;

const ENGLISH = "The council said on Tuesday that the new cycle lanes would be finished by the end of the year, and that the work had been paid for by the city. ".repeat(5);
const FRENCH = "Le conseil a annoncé mardi que les nouvelles pistes cyclables seraient terminées à la fin de l'année, et que les travaux avaient été payés par la ville. ".repeat(5);
const SPANISH = "El consejo anunció el martes que los nuevos carriles para bicicletas estarían terminados a finales de año y que la ciudad había pagado las obras. ".repeat(5);
const GERMAN = "Der Rat teilte am Dienstag mit, dass die neuen Radwege bis Ende des Jahres fertig sein würden und dass die Stadt die Arbeiten bezahlt habe. ".repeat(5);
const CHINESE = "市议会周二表示，新的自行车道将在年底前完工，工程费用由市政府支付。".repeat(10);
const LOREM = "Lorem ipsum dolor sit amet, consetetur sadipscing elitr, sed diam nonumy eirmod tempor invidunt ut labore et dolore magna aliquyam erat. ".repeat(5);

test("primary subtags from every declaration style", () => {
  assert.equal(primary("en-GB"), "en");
  assert.equal(primary("pt_BR"), "pt");
  assert.equal(primary("EN"), "en");
  assert.equal(primary(" x-klingon"), "");
  assert.equal(primary(""), "");
});

test("declaredLanguage: any declaration of another language counts; none declared is null", () => {
  assert.deepEqual(declaredLanguage({ htmlLang: "en-US", ogLocale: "en_GB" }), { tags: ["en", "en"], english: true });
  assert.equal(declaredLanguage({ htmlLang: "en", ogLocale: "fr_FR" }).english, false);
  assert.equal(declaredLanguage({ contentLanguage: "de, en" }).english, false);
  assert.equal(declaredLanguage({}).english, null);
  assert.equal(declaredLanguage({ htmlLang: "und" }).english, null);
});

test("textLanguage: English running text passes; French, Spanish, German, Chinese and lorem ipsum do not", () => {
  assert.equal(textLanguage(ENGLISH).english, true);
  for (const text of [FRENCH, SPANISH, GERMAN, CHINESE, LOREM, ""]) assert.equal(textLanguage(text).english, false, text.slice(0, 30));
  assert.ok(textLanguage(CHINESE).latinShare < 0.1);
});

test("isEnglishPage needs both the declaration (if any) and the text", () => {
  assert.deepEqual(isEnglishPage({ english: true }, ENGLISH), { english: true, reason: null });
  assert.deepEqual(isEnglishPage({ english: null }, ENGLISH), { english: true, reason: null });
  assert.deepEqual(isEnglishPage({ english: false }, ENGLISH), { english: false, reason: "declared-other-language" });
  assert.deepEqual(isEnglishPage({ english: true }, FRENCH), { english: false, reason: "text-not-english" });
});
