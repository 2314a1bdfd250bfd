import { test } from "node:test";
import assert from "node:assert/strict";
import { describeState, percent } from "../../src/popup/view.js";

const danger = { level: "danger", color: "#c5221f", title: "Headline Check: The headline does not match the article below it." };

test("the popup names the judged headline and where it came from, with 'That is not the headline'", () => {
  const view = describeState({ state: { status: "done", headline: "Storm hits coast", headlineSource: "json-ld", result: { verdict: "mismatch" } }, badge: { level: "danger" } });
  assert.equal(view.headline, "Storm hits coast");
  assert.equal(view.headlineSource, "the page's schema.org headline");
  assert.equal(view.showNotHeadline, true);
  assert.equal(describeState({ state: { status: "done", result: { verdict: "consistent" } }, badge: { level: "ok" } }).showNotHeadline, false);
});

test("a warned page: verdict, confidence, evidence and the 'Warning is right/wrong' buttons", () => {
  const view = describeState({
    state: {
      status: "done",
      result: { verdict: "mismatch", confidence: 0.9, explanation: "E.", evidence: [{ sentence: "S" }], model: { name: "hc", version: "1" } },
    },
    badge: danger,
    options: {},
  });
  assert.equal(view.title, "The headline does not match the article");
  assert.equal(view.detail, "E.", "the service's one-sentence explanation");
  assert.equal(view.accent, "#c5221f");
  assert.equal(view.confidence, 0.9);
  assert.equal(view.showFeedback, true);
  assert.deepEqual(view.feedbackLabels, ["Warning is right", "Warning is wrong"]);
  assert.equal(view.showCheckNow, false);
  assert.equal(view.model, "hc 1");
});

test("a consistent page asks about the verdict, an unsure mismatch says so", () => {
  const ok = describeState({ state: { status: "done", result: { verdict: "consistent" } }, badge: { level: "ok" } });
  assert.deepEqual(ok.feedbackLabels, ["Verdict is right", "Verdict is wrong"]);
  const unsure = describeState({ state: { status: "done", result: { verdict: "mismatch" } }, badge: { level: "none" } });
  assert.match(unsure.title, /not sure enough to warn/);
  const unknown = describeState({ state: { status: "done", result: { verdict: "unknown" } }, badge: { level: "none" } });
  assert.equal(unknown.showFeedback, false);
});

test("confidence is never shown as certainty", () => {
  assert.equal(percent(0.9995), ">99%");
  assert.equal(percent(0.874), "87%");
});

test("without an explanation the badge's tooltip explains", () => {
  const view = describeState({ state: { status: "done", result: { verdict: "consistent" } }, badge: { level: "ok", title: "Headline Check: Matches." } });
  assert.equal(view.detail, "Matches.");
});

test("other states: nothing yet, not an article, skipped, failed, checking", () => {
  assert.equal(describeState({ state: null, options: {} }).showCheckNow, true);
  assert.match(describeState({ state: null, options: { clickOnly: true } }).detail, /Check this page/);
  assert.equal(describeState({ state: { status: "not-article" } }).title, "Not an article");
  const notJudged = describeState({ state: { status: "not-judged", reason: "no-headline" } });
  assert.equal(notJudged.title, "Not judged");
  assert.match(notJudged.detail, /could not tell which text is this page's headline/);
  assert.equal(notJudged.showFeedback, false);
  assert.match(describeState({ state: { status: "not-judged", reason: "not-english" } }).detail, /not in English/);
  const excluded = describeState({ state: { status: "skipped", reason: "excluded" } });
  assert.match(excluded.detail, /never to check/);
  assert.equal(excluded.showCheckNow, false);
  assert.equal(describeState({ state: { status: "skipped", reason: "click-only" } }).showCheckNow, true);
  const failed = describeState({ state: { status: "failed" }, badge: { title: "Headline Check: the check server at x is not reachable." } });
  assert.equal(failed.title, "Could not check");
  assert.equal(failed.detail, "the check server at x is not reachable.");
  assert.equal(describeState({ state: { status: "checking" } }).title, "Checking…");
  assert.equal(describeState(undefined).title, "Not checked");
});

test("a mismatch on a different story of the same topic is named as such", () => {
  const result = { verdict: "mismatch", mismatch_kind: "different_story", explanation: "E." };
  const view = describeState({ state: { status: "done", result }, badge: danger, options: {} });
  assert.equal(view.title, "The article is about a different story than its headline");
  const other = describeState({ state: { status: "done", result: { ...result, mismatch_kind: "unrelated_topic" } }, badge: danger, options: {} });
  assert.equal(other.title, "The headline does not match the article");
});

test("evidence ranked by meaning gets a title that says so", () => {
  const reply = (evidence) => ({
    state: { status: "done", result: { verdict: "mismatch", evidence } },
    badge: { level: "danger" },
  });
  const byMeaning = describeState(reply([{ sentence: "S", score: 0.3, measure: "meaning" }]));
  assert.equal(byMeaning.evidenceTitle, "The article's sentences closest in meaning to the headline");
  const byWords = describeState(reply([{ sentence: "S", score: 0.3, measure: "words" }]));
  assert.equal(byWords.evidenceTitle, "The article's sentences closest to the headline");
});
