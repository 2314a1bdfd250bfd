// The content script end to end inside jsdom: gate, extraction, messages, banner, SPA re-check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadContent, until } from "../helpers/content-env.js";
import { readPage } from "../helpers/paths.js";

const warnReply = {
  ok: true,
  warn: true,
  result: {
    verdict: "mismatch",
    warning: "mismatch",
    confidence: 0.9,
    explanation: "Different story.",
    evidence: [{ sentence: "Something else entirely.", score: 0.1 }],
    badge: { level: "danger", color: "#c5221f" },
  },
};

function responder(checkReply, gate = { check: true }) {
  return (message) => {
    if (message.type === "should-check") return gate;
    if (message.type === "check-page") return checkReply;
    return { ok: true };
  };
}

test("an article is extracted and sent once; a warning draws the banner after its h1", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { respond: responder(warnReply) });
  await until(() => env.window.document.querySelector("[data-headline-check]"), 5000, "banner");
  const types = env.sent.map((m) => m.type);
  assert.deepEqual(types, ["should-check", "check-page"]);
  const check = env.sent[1];
  assert.equal(check.url, "https://news.example/story");
  assert.equal(check.title, "Council Approves Riverside Road Cycle Lanes After Two-Year Consultation");
  assert.match(check.body, /Riverside Road/);
  const h1 = env.window.document.querySelector("h1");
  assert.ok(h1.nextElementSibling.hasAttribute("data-headline-check"));
});

test("no warning: nothing is drawn", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { respond: responder({ ok: true, warn: false, result: {} }) });
  await until(() => env.sent.length === 2, 5000, "check-page");
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(env.window.document.querySelector("[data-headline-check]"), null);
});

test("a non-article sends not-article and no text", async (t) => {
  const env = loadContent(t, readPage("site-index.html"));
  await until(() => env.sent.length === 2, 5000, "not-article");
  assert.deepEqual(env.sent.map((m) => m.type), ["should-check", "not-article"]);
  assert.equal(env.sent[1].reason, "not-readerable");
  assert.ok(!("body" in env.sent[1]));
});

test("when the background says no (excluded, off, click-only), nothing is extracted or sent", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { respond: responder(warnReply, { check: false, reason: "excluded" }) });
  await until(() => env.sent.length === 1, 5000, "should-check");
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(env.sent.map((m) => m.type), ["should-check"]);
});

test("click-only: run-check from the popup forces one check", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), {
    respond: (message) => {
      if (message.type === "should-check") return message.force ? { check: true } : { check: false, reason: "click-only" };
      return { ok: true, warn: false, result: {} };
    },
  });
  await until(() => env.sent.length === 1, 5000, "gate");
  const reply = await env.deliver({ type: "run-check", force: true });
  assert.deepEqual(reply, { ok: true, warn: false, result: {} });
  assert.deepEqual(env.sent.map((m) => [m.type, m.force]), [["should-check", false], ["should-check", true], ["check-page", true]]);
});

test("injected twice, the content script still runs once", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { injections: 2, respond: responder({ ok: true, warn: false, result: {} }) });
  await until(() => env.sent.length >= 2, 5000, "check");
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(env.sent.filter((m) => m.type === "check-page").length, 1);
  assert.equal(env.listeners.length, 1);
});

test("History API navigation to a new article is checked again, the old banner removed", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { respond: responder(warnReply) });
  const { document, history } = env.window;
  await until(() => document.querySelector("[data-headline-check]"), 5000, "first banner");
  // The site swaps in another article and pushes its URL.
  document.querySelector("h1").textContent = "Harbour festival dates announced for next July";
  history.pushState({}, "", "/festival");
  // jsdom has no Navigation API: the content script's 1 s URL poll notices, then waits to settle.
  await until(() => env.sent.filter((m) => m.type === "check-page").length === 2, 5000, "second check");
  const second = env.sent.filter((m) => m.type === "check-page")[1];
  assert.equal(second.url, "https://news.example/festival");
  assert.equal(second.title, "Harbour festival dates announced for next July");
  await until(() => document.querySelector("[data-headline-check]"), 2000, "second banner");
  assert.equal(document.querySelectorAll("[data-headline-check]").length, 1);
});

test("an article with no confident headline sends not-judged, never the text", async (t) => {
  const para = "<p>" + "The committee met on Tuesday to discuss the budget for the coming year, and agreed several changes. ".repeat(4) + "</p>";
  const html = `<html lang="en"><head><title>Daring Site: Colophon</title></head><body><h1>About This Site</h1><article>${para}${para}${para}</article></body></html>`;
  const env = loadContent(t, html, { respond: responder(warnReply) });
  await until(() => env.sent.some((m) => m.type === "not-judged"), 5000, "not-judged");
  assert.deepEqual(env.sent.map((m) => m.type), ["should-check", "not-judged"]);
  assert.deepEqual(JSON.parse(JSON.stringify(env.sent[1])), { type: "not-judged", url: "https://news.example/story", reason: "no-headline" });
  assert.equal(env.window.document.querySelector("[data-headline-check]"), null);
});

test("check-page carries the headline's source", async (t) => {
  const env = loadContent(t, readPage("matching-article.html"), { respond: responder({ ok: true, warn: false, result: {} }) });
  await until(() => env.sent.some((m) => m.type === "check-page"), 5000, "check");
  assert.equal(env.sent.find((m) => m.type === "check-page").headlineSource, "h1");
});
