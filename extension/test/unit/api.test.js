import { test } from "node:test";
import assert from "node:assert/strict";
import { CheckError, checkPage, feedbackPayload, postJson, sendFeedback } from "../../src/background/api.js";
import { normalizeOptions } from "../../src/shared/options.js";

const options = normalizeOptions({ serverUrl: "http://127.0.0.1:9999/", apiKey: "k3y", sensitivity: "high" });
const answer = { verdict: "mismatch", stance: "unrelated", badge: { level: "danger" }, model: { name: "m", version: "1.2" } };

function jsonResponse(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json" } });
}

test("checkPage posts {title, body, url, sensitivity} with the API key and returns the answer", async () => {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init });
    return jsonResponse(200, answer);
  };
  const result = await checkPage(options, { title: "T", body: "B", url: "https://n.example/a" }, { fetchImpl });
  assert.deepEqual(result, answer);
  assert.equal(calls[0].url, "http://127.0.0.1:9999/api/v1/check");
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].init.headers["X-API-Key"], "k3y");
  assert.equal(calls[0].init.headers["Content-Type"], "application/json");
  assert.equal(calls[0].init.credentials, "omit");
  assert.deepEqual(JSON.parse(calls[0].init.body), { title: "T", body: "B", url: "https://n.example/a", sensitivity: "high" });
});

test("no API key, no header", async () => {
  let headers;
  await postJson("http://s", "/x", {}, { fetchImpl: async (u, init) => ((headers = init.headers), jsonResponse(200, {})) });
  assert.ok(!("X-API-Key" in headers));
});

test("a refused connection is 'offline'", async () => {
  const fetchImpl = async () => {
    throw new TypeError("Failed to fetch");
  };
  await assert.rejects(checkPage(options, { title: "T", body: "B" }, { fetchImpl }), (e) => e instanceof CheckError && e.kind === "offline");
});

test("a server that does not answer in time is aborted: 'timeout'", async () => {
  const fetchImpl = (url, init) =>
    new Promise((resolve, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
  const start = Date.now();
  await assert.rejects(checkPage(options, { title: "T", body: "B" }, { fetchImpl, timeoutMs: 50 }), (e) => e.kind === "timeout");
  assert.ok(Date.now() - start < 2000);
});

test("problem+json errors keep their detail; 401/403 and 429 get their own kinds", async () => {
  const cases = [
    [401, "unauthorized"],
    [403, "unauthorized"],
    [429, "rate-limited"],
    [422, "http"],
    [500, "http"],
  ];
  for (const [status, kind] of cases) {
    const fetchImpl = async () => jsonResponse(status, { type: "about:blank", title: "Nope", status, detail: `detail ${status}` });
    await assert.rejects(checkPage(options, { title: "T", body: "B" }, { fetchImpl }), (e) => {
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      assert.equal(e.detail, `detail ${status}`);
      assert.deepEqual(Object.keys(e.toJSON()).sort(), ["detail", "kind", "message", "status"]);
      return true;
    });
  }
});

test("an answer that is not a check result is a 'bad-response'", async () => {
  await assert.rejects(checkPage(options, { title: "T", body: "B" }, { fetchImpl: async () => jsonResponse(200, { hello: 1 }) }), (e) => e.kind === "bad-response");
  await assert.rejects(
    checkPage(options, { title: "T", body: "B" }, { fetchImpl: async () => new Response("<html>", { status: 200 }) }),
    (e) => e.kind === "bad-response",
  );
});

test("feedbackPayload names the service's fields; text is stored only when shared", () => {
  const state = { url: "https://n.example/a?utm=1", result: answer, page: { title: "T", body: "B" } };
  assert.deepEqual(feedbackPayload(state, { correct: false }), {
    url: "https://n.example/a?utm=1",
    title: "T",
    body: "B",
    verdict: "mismatch",
    correct: false,
    share_text: false,
    predicted_stance: "unrelated",
    model_version: "1.2",
  });
  const shared = feedbackPayload(state, { correct: true, shareText: true, stance: "agree" });
  assert.equal(shared.share_text, true);
  assert.equal(shared.stance, "agree");
  assert.equal(shared.correct, true);
});

test("feedbackPayload for 'that is not the headline': kind and source, no stance", () => {
  const state = { url: "https://n.example/a", result: answer, page: { title: "T", body: "B", source: "og:title" } };
  const payload = feedbackPayload(state, { correct: true, stance: "agree", kind: "headline" });
  assert.equal(payload.kind, "headline");
  assert.equal(payload.headline_source, "og:title");
  assert.equal(payload.correct, false);
  assert.ok(!("stance" in payload));
  assert.ok(!("kind" in feedbackPayload(state, { correct: true })));
});

test("checkPage sends headline_source only when it is one of the service's names", async () => {
  const sent = [];
  const fetchImpl = async (u, init) => (sent.push(JSON.parse(init.body)), jsonResponse(200, answer));
  await checkPage(options, { title: "T", body: "B", headlineSource: "h1" }, { fetchImpl });
  await checkPage(options, { title: "T", body: "B", headlineSource: "bogus" }, { fetchImpl });
  assert.equal(sent[0].headline_source, "h1");
  assert.ok(!("headline_source" in sent[1]));
});

test("sendFeedback posts to /api/v1/feedback", async () => {
  let url;
  const reply = await sendFeedback(options, { a: 1 }, { fetchImpl: async (u) => ((url = u), jsonResponse(201, { id: 7 })) });
  assert.equal(url, "http://127.0.0.1:9999/api/v1/feedback");
  assert.deepEqual(reply, { id: 7 });
});
