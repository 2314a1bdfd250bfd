// Message routing in the background, with the browser APIs replaced by recorders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bannerView, createRouter, MAX_BODY_CHARS } from "../../src/background/router.js";
import { createTabStore } from "../../src/background/state.js";
import { CheckError } from "../../src/background/api.js";
import { normalizeOptions } from "../../src/shared/options.js";

const DANGER = {
  verdict: "mismatch",
  stance: "unrelated",
  warning: "mismatch",
  confidence: 0.91,
  explanation: "The article is about something else.",
  evidence: [{ sentence: "S1", score: 0.2 }, { sentence: "S2", score: 0.1 }, { sentence: "S3", score: 0.05 }, { sentence: "S4", score: 0 }],
  badge: { level: "danger", text: "!", color: "#c5221f", title: "The headline does not match the article below it." },
  model: { name: "hc", version: "1.0" },
};
const OK = { ...DANGER, verdict: "consistent", warning: null, badge: { level: "ok", text: "OK", color: "#188038", title: "Matches." } };

function setup({ options = {}, check = async () => DANGER, feedback = async () => ({ id: 1 }), session = null } = {}) {
  const badges = [];
  const checks = [];
  const feedbacks = [];
  const toTab = [];
  const router = createRouter({
    getOptions: async () => normalizeOptions(options),
    store: createTabStore(session),
    checkPage: async (opts, page) => {
      checks.push({ opts, page });
      return check(opts, page);
    },
    sendFeedback: async (opts, payload) => {
      feedbacks.push(payload);
      return feedback(opts, payload);
    },
    setBadge: async (tabId, badge) => badges.push({ tabId, ...badge }),
    sendToTab: async (tabId, message) => {
      toTab.push({ tabId, message });
      return { ok: true, forwarded: message.type };
    },
  });
  return { router, badges, checks, feedbacks, toTab };
}

const tab = (id = 7) => ({ tab: { id }, id: "ext" });
const page = { type: "check-page", url: "https://news.example/a", title: " Headline here ", body: "Body text." };

test("should-check answers from the options; a 'no' clears the badge", async () => {
  const { router, badges } = setup({ options: { excludedSites: ["news.example"] } });
  assert.deepEqual(await router.handle({ type: "should-check", url: "https://other.example/" }, tab()), { check: true });
  assert.equal(badges.length, 0);
  assert.deepEqual(await router.handle({ type: "should-check", url: "https://news.example/x" }, tab()), { check: false, reason: "excluded" });
  assert.deepEqual(badges.at(-1), { tabId: 7, level: "none", text: "", color: "#5f6368", title: "Headline Check" });
});

test("check-page: asks the service, paints its badge, replies with what the banner needs", async () => {
  const { router, badges, checks } = setup({ options: { sensitivity: "low" } });
  const reply = await router.handle(page, tab());
  assert.equal(checks.length, 1);
  assert.deepEqual(checks[0].page, { title: "Headline here", body: "Body text.", url: "https://news.example/a", headlineSource: null });
  assert.equal(checks[0].opts.sensitivity, "low");
  assert.deepEqual(badges.map((b) => b.text), ["…", "!"]);
  assert.equal(badges.at(-1).color, "#c5221f");
  assert.equal(badges.at(-1).title, "Headline Check: The headline does not match the article below it.");
  assert.equal(reply.ok, true);
  assert.equal(reply.warn, true);
  assert.equal(reply.result.warning, "mismatch");
  assert.equal(reply.result.evidence.length, 3);
  assert.ok(!("body" in reply.result) && !("probabilities" in reply.result));
});

test("check-page passes the headline's source on (enum only); the popup sees the judged headline, never the body", async () => {
  const { router, checks } = setup();
  await router.handle({ ...page, headlineSource: "json-ld" }, tab());
  await router.handle({ ...page, headlineSource: "<script>" }, tab(8));
  assert.equal(checks[0].page.headlineSource, "json-ld");
  assert.equal(checks[1].page.headlineSource, null);
  const { state } = await router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.equal(state.headline, "Headline here");
  assert.equal(state.headlineSource, "json-ld");
  assert.ok(!JSON.stringify(state).includes("Body text."));
});

test("not-judged: grey badge with the reason, never a warning, nothing sent", async () => {
  const { router, badges, checks } = setup();
  assert.deepEqual(await router.handle({ type: "not-judged", url: "https://news.example/a", reason: "no-headline" }, tab()), { ok: true });
  assert.deepEqual(badges.at(-1), { tabId: 7, level: "none", text: "–", color: "#5f6368", title: "Headline Check could not tell which text is this page's headline." });
  await router.handle({ type: "not-judged", url: "https://news.example/b", reason: "not-english" }, tab());
  assert.match(badges.at(-1).title, /only judges English pages/);
  await router.handle({ type: "not-judged", url: "https://news.example/c", reason: "<odd>" }, tab());
  assert.match(badges.at(-1).title, /could not tell which text/);
  assert.equal(checks.length, 0);
  const { state } = await router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.deepEqual([state.status, state.reason], ["not-judged", "no-headline"]);
});

test("check-page with a consistent verdict: no warning", async () => {
  const { router, badges } = setup({ check: async () => OK });
  const reply = await router.handle(page, tab());
  assert.equal(reply.warn, false);
  assert.equal(badges.at(-1).text, "OK");
});

test("check-page when the service is down: grey 'off' badge, page gets ok:false", async () => {
  const { router, badges } = setup({
    options: { serverUrl: "http://127.0.0.1:1" },
    check: async () => {
      throw new CheckError("offline", "refused");
    },
  });
  const reply = await router.handle(page, tab());
  assert.equal(reply.ok, false);
  assert.equal(reply.error.kind, "offline");
  assert.deepEqual(badges.at(-1), {
    tabId: 7,
    level: "offline",
    text: "off",
    color: "#5f6368",
    title: "Headline Check: the check server at http://127.0.0.1:1 is not reachable.",
  });
});

test("check-page refuses bad input and re-checks the options (no request for excluded sites)", async () => {
  const { router, checks } = setup({ options: { excludedSites: ["news.example"] } });
  assert.equal((await router.handle(page, tab())).error.kind, "skipped");
  const open = setup();
  assert.equal((await open.router.handle({ ...page, title: "  " }, tab())).error.kind, "bad-message");
  assert.equal((await open.router.handle({ ...page, body: 5 }, tab())).error.kind, "bad-message");
  assert.equal(checks.length + open.checks.length, 0);
  await open.router.handle({ ...page, body: "x".repeat(MAX_BODY_CHARS + 10) }, tab());
  assert.equal(open.checks[0].page.body.length, MAX_BODY_CHARS);
});

test("an answer for a tab that has moved on is dropped", async () => {
  let release;
  const { router, badges } = setup({ check: () => new Promise((resolve) => (release = () => resolve(DANGER))) });
  const pending = router.handle(page, tab());
  await new Promise((r) => setTimeout(r, 5));
  await router.handle({ type: "not-article", url: "https://news.example/b" }, tab());
  release();
  const reply = await pending;
  assert.equal(reply.error.kind, "stale");
  assert.equal(badges.at(-1).text, "", "the not-article badge stays");
});

test("resetTab forgets the tab's state and clears its badge", async () => {
  const { router, badges } = setup();
  await router.handle(page, tab());
  await router.resetTab(7);
  assert.equal(badges.at(-1).text, "");
  const { state } = await router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.equal(state, null);
});

test("tabLoading: a new URL or an unknown one forgets the verdict; a #fragment keeps it", async () => {
  const { router, badges } = setup();
  await router.handle(page, tab());
  const painted = badges.length;
  await router.tabLoading(7, "https://news.example/a#comments");
  assert.equal(badges.length, painted, "same page, another fragment: badge kept");
  assert.equal((await router.handle({ type: "get-tab-state", tabId: 7 }, {})).state.status, "done");
  await router.tabLoading(7, "https://news.example/b");
  assert.equal(badges.at(-1).text, "");
  assert.equal((await router.handle({ type: "get-tab-state", tabId: 7 }, {})).state, null);
  await router.handle(page, tab());
  await router.tabLoading(7, undefined); // a page the extension may not see
  assert.equal((await router.handle({ type: "get-tab-state", tabId: 7 }, {})).state, null);
});

test("get-tab-state gives the popup the verdict but never the page text", async () => {
  const { router } = setup({ options: { clickOnly: true } });
  await router.handle({ ...page, force: true }, tab()); // click-only: the reader's click forces it
  const reply = await router.handle({ type: "get-tab-state", tabId: 7 }, { id: "ext" });
  assert.equal(reply.state.status, "done");
  assert.equal(reply.state.result.verdict, "mismatch");
  assert.equal(reply.state.hasText, true);
  assert.ok(!("page" in reply.state));
  assert.ok(!JSON.stringify(reply).includes("Body text."));
  assert.equal(reply.badge.level, "danger");
  assert.deepEqual(reply.options, { enabled: true, clickOnly: true, serverUrl: "http://127.0.0.1:8000" });
});

test("send-feedback posts the service's fields and remembers it was sent", async () => {
  const { router, feedbacks } = setup();
  assert.equal((await router.handle({ type: "send-feedback", tabId: 7, correct: true }, {})).error.kind, "no-verdict");
  await router.handle(page, tab());
  const reply = await router.handle({ type: "send-feedback", tabId: 7, correct: false, shareText: false }, {});
  assert.deepEqual(reply, { ok: true, feedback: { id: 1 } });
  assert.deepEqual(feedbacks[0], {
    url: "https://news.example/a",
    title: "Headline here",
    body: "Body text.",
    verdict: "mismatch",
    correct: false,
    share_text: false,
    predicted_stance: "unrelated",
    model_version: "1.0",
  });
  const { state } = await router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.equal(state.feedback.correct, false);
});

test("send-feedback kind 'headline': a headline-choice error with its source, never a stance label", async () => {
  const { router, feedbacks } = setup();
  await router.handle({ ...page, headlineSource: "h1" }, tab());
  const reply = await router.handle({ type: "send-feedback", tabId: 7, kind: "headline", correct: true, stance: "agree" }, {});
  assert.equal(reply.ok, true);
  assert.equal(feedbacks[0].kind, "headline");
  assert.equal(feedbacks[0].headline_source, "h1");
  assert.equal(feedbacks[0].correct, false);
  assert.ok(!("stance" in feedbacks[0]));
  const { state } = await router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.equal(state.feedback.kind, "headline");
});

test("send-feedback passes a named stance, drops anything else", async () => {
  const { router, feedbacks } = setup();
  await router.handle(page, tab());
  await router.handle({ type: "send-feedback", tabId: 7, correct: false, stance: "discuss" }, {});
  await router.handle({ type: "send-feedback", tabId: 7, correct: false, stance: "<b>" }, {});
  assert.equal(feedbacks[0].stance, "discuss");
  assert.ok(!("stance" in feedbacks[1]));
});

test("send-feedback reports a service error", async () => {
  const { router } = setup({
    feedback: async () => {
      throw new CheckError("http", "422", { status: 422, detail: "bad" });
    },
  });
  await router.handle(page, tab());
  const reply = await router.handle({ type: "send-feedback", tabId: 7, correct: true }, {});
  assert.equal(reply.ok, false);
  assert.equal(reply.error.detail, "bad");
});

test("check-now forwards run-check to the tab; a tab without the content script says so", async () => {
  const { router, toTab } = setup();
  assert.deepEqual(await router.handle({ type: "check-now", tabId: 3 }, {}), { ok: true, forwarded: "run-check" });
  assert.deepEqual(toTab[0], { tabId: 3, message: { type: "run-check", force: true } });
  const broken = createRouter({
    getOptions: async () => normalizeOptions({}),
    store: createTabStore(),
    sendToTab: async () => {
      throw new Error("Could not establish connection");
    },
  });
  assert.equal((await broken.handle({ type: "check-now", tabId: 3 }, {})).error.kind, "no-content-script");
});

test("messages are routed by sender: pages cannot use popup messages and vice versa", async () => {
  const { router, feedbacks } = setup();
  assert.equal((await router.handle({ type: "send-feedback", tabId: 7, correct: true }, tab())).error.kind, "unknown-message");
  assert.equal((await router.handle({ type: "get-tab-state", tabId: 7 }, tab())).error.kind, "unknown-message");
  assert.equal((await router.handle(page, {})).error.kind, "unknown-message");
  assert.equal((await router.handle({ type: "get-tab-state" }, {})).error.kind, "bad-message");
  assert.equal((await router.handle({ type: "toString" }, tab())).error.kind, "unknown-message");
  assert.equal((await router.handle(null, tab())).error.kind, "bad-message");
  assert.equal((await router.handle({ type: "nope" }, tab())).error.kind, "unknown-message");
  assert.equal(feedbacks.length, 0);
});

test("an extension page open in a tab (popup.html as a page) is still the popup", async () => {
  const { router } = setup();
  const router2 = createRouter({
    getOptions: async () => normalizeOptions({}),
    store: createTabStore(),
    isExtensionPage: (sender) => sender.url.startsWith("chrome-extension://abc/"),
  });
  const popupInTab = { tab: { id: 9 }, url: "chrome-extension://abc/src/popup/popup.html?tabId=7" };
  assert.equal((await router2.handle({ type: "get-tab-state", tabId: 7 }, popupInTab)).state, null);
  const contentScript = { tab: { id: 9 }, url: "https://news.example/" };
  assert.equal((await router2.handle({ type: "get-tab-state", tabId: 7 }, contentScript)).error.kind, "unknown-message");
  assert.equal((await router2.handle({ type: "check-page", url: "x" }, popupInTab)).error.kind, "unknown-message");
  assert.ok(router);
});

test("tab state survives a worker restart through storage.session", async () => {
  const data = {};
  const session = {
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => Object.assign(data, structuredClone(items)),
    remove: async (key) => delete data[key],
  };
  const first = setup({ session });
  await first.router.handle(page, tab());
  const second = setup({ session }); // a new worker: empty memory, same session storage
  const { state } = await second.router.handle({ type: "get-tab-state", tabId: 7 }, {});
  assert.equal(state.status, "done");
});

test("over the session quota, the state is kept without the page text", async () => {
  const data = {};
  const session = {
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => {
      if (JSON.stringify(items).length > 500) throw new Error("QUOTA_BYTES exceeded");
      Object.assign(data, structuredClone(items));
    },
    remove: async (key) => delete data[key],
  };
  const store = createTabStore(session);
  await store.set(1, { status: "done", page: { title: "T", body: "x".repeat(1000) } });
  assert.deepEqual(data["tab:1"], { status: "done", page: { title: "T", body: null } });
  assert.equal((await store.get(1)).page.body.length, 1000, "the worker's memory copy is whole");
});

test("bannerView keeps the service's mismatch_kind (enum only), so the banner can say 'a different story'", () => {
  const result = { verdict: "mismatch", warning: "mismatch", evidence: [] };
  assert.equal(bannerView({ ...result, mismatch_kind: "different_story" }).mismatchKind, "different_story");
  assert.equal(bannerView({ ...result, mismatch_kind: "unrelated_topic" }).mismatchKind, "unrelated_topic");
  assert.equal(bannerView({ ...result, mismatch_kind: "<b>odd</b>" }).mismatchKind, null);
  assert.equal(bannerView(result).mismatchKind, null);
});

test("bannerView keeps how each evidence sentence was ranked (enum only)", () => {
  const evidence = [
    { sentence: "S1", score: 0.3, measure: "meaning" },
    { sentence: "S2", score: 0.2, measure: "<b>odd</b>" },
    { sentence: "S3", score: 0.1 },
  ];
  const view = bannerView({ verdict: "mismatch", warning: "mismatch", evidence });
  assert.deepEqual(view.evidence.map((item) => item.measure), ["meaning", null, null]);
});
