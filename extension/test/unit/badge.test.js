import { test } from "node:test";
import assert from "node:assert/strict";
import { EMPTY_BADGE, GREY, badgeForFailure, badgeForResult, badgeForState, isWarning } from "../../src/background/badge.js";

const danger = { verdict: "mismatch", badge: { level: "danger", text: "!", color: "#c5221f", title: "The headline does not match the article below it." } };
const ok = { verdict: "consistent", badge: { level: "ok", text: "OK", color: "#188038", title: "The headline matches the article." } };

test("the service's badge is shown as given, with the extension's name in the tooltip", () => {
  assert.deepEqual(badgeForResult(danger), {
    level: "danger",
    text: "!",
    color: "#c5221f",
    title: "Headline Check: The headline does not match the article below it.",
  });
  assert.equal(badgeForResult(ok).text, "OK");
});

test("a malformed badge is repaired, never trusted blindly", () => {
  const bad = badgeForResult({ badge: { level: "panic", text: "TOO LONG", color: "red; background:url(x)", title: 5 } });
  assert.deepEqual(bad, { level: "none", text: "TOO ", color: GREY, title: "Headline Check: Checked." });
  assert.equal(badgeForResult({}).level, "none");
  assert.equal(badgeForResult(null).text, "");
  // four characters means four characters, not four UTF-16 units
  assert.equal(badgeForResult({ badge: { text: "😀😀😀😀😀" } }).text, "😀😀😀😀");
});

test("failures are grey, short, and say what happened", () => {
  const off = badgeForFailure("offline", "http://127.0.0.1:8000");
  assert.deepEqual(off, { level: "offline", text: "off", color: GREY, title: "Headline Check: the check server at http://127.0.0.1:8000 is not reachable." });
  assert.equal(badgeForFailure("timeout", "http://x").text, "?");
  assert.match(badgeForFailure("timeout", "http://x").title, /did not answer in time/);
  assert.equal(badgeForFailure("unauthorized").text, "key");
  assert.equal(badgeForFailure("rate-limited").text, "…");
  assert.equal(badgeForFailure("http", "", "boom").title, "Headline Check: the check failed: boom");
  for (const kind of ["offline", "timeout", "unauthorized", "rate-limited", "http", "bad-response", undefined]) {
    const badge = badgeForFailure(kind, "http://x");
    assert.equal(badge.color, GREY);
    assert.ok([...badge.text].length <= 4);
  }
});

test("only warning and danger levels put a banner on the page", () => {
  assert.ok(isWarning(danger));
  assert.ok(isWarning({ badge: { level: "warning" } }));
  assert.ok(!isWarning(ok));
  assert.ok(!isWarning({ badge: { level: "none" } }));
  assert.ok(!isWarning(undefined));
});

test("badgeForState covers every tab state", () => {
  assert.equal(badgeForState(null), EMPTY_BADGE);
  assert.equal(badgeForState({ status: "not-article" }), EMPTY_BADGE);
  assert.equal(badgeForState({ status: "skipped", reason: "excluded" }), EMPTY_BADGE);
  assert.equal(badgeForState({ status: "checking" }).text, "…");
  assert.equal(badgeForState({ status: "done", result: danger }).level, "danger");
  assert.equal(badgeForState({ status: "failed", error: { kind: "offline" }, serverUrl: "http://s" }).text, "off");
});
