/**
 * The only code that talks to the check service. Every call has a timeout (AbortController)
 * and every failure becomes a CheckError with a `kind` the badge can show.
 */

import { REQUEST_TIMEOUT_MS } from "../shared/options.js";

export class CheckError extends Error {
  /** kind: "offline" | "timeout" | "unauthorized" | "rate-limited" | "http" | "bad-response" */
  constructor(kind, message, { status = null, detail = "" } = {}) {
    super(message);
    this.name = "CheckError";
    this.kind = kind;
    this.status = status;
    this.detail = detail;
  }

  toJSON() {
    return { kind: this.kind, status: this.status, detail: this.detail, message: this.message };
  }
}

function endpoint(serverUrl, path) {
  return `${serverUrl.replace(/\/+$/, "")}${path}`;
}

/**
 * POST JSON to the service and return the parsed JSON answer.
 * `fetchImpl` is injectable for tests; `timeoutMs` bounds the whole exchange.
 */
export async function postJson(serverUrl, path, payload, { apiKey = "", fetchImpl = globalThis.fetch, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers = { "Content-Type": "application/json", Accept: "application/json, application/problem+json" };
  if (apiKey) headers["X-API-Key"] = apiKey;
  try {
    let response;
    try {
      response = await fetchImpl(endpoint(serverUrl, path), {
        method: "POST",
        headers,
        body: JSON.stringify(payload),
        signal: controller.signal,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      if (controller.signal.aborted) throw new CheckError("timeout", `No answer within ${timeoutMs} ms`);
      throw new CheckError("offline", `Cannot reach ${serverUrl}: ${error && error.message}`);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      if (controller.signal.aborted) throw new CheckError("timeout", `No answer within ${timeoutMs} ms`);
      body = null;
    }
    if (!response.ok) {
      const detail = (body && (body.detail || body.title)) || `HTTP ${response.status}`;
      const kind = response.status === 401 || response.status === 403 ? "unauthorized" : response.status === 429 ? "rate-limited" : "http";
      throw new CheckError(kind, `Service answered ${response.status}`, { status: response.status, detail: String(detail).slice(0, 200) });
    }
    if (!body || typeof body !== "object") throw new CheckError("bad-response", "The service did not answer with JSON");
    return body;
  } finally {
    clearTimeout(timer);
  }
}

/** Where a headline can come from: the service's `headline_source` enum (see headline.js). */
export const HEADLINE_SOURCES = Object.freeze(["h1", "heading", "og:title", "twitter:title", "json-ld", "title", "readability"]);

/**
 * Ask the service about one page: {title, body, url, sensitivity, headline_source} -> the
 * /api/v1/check answer. The source is only a name (which signal gave the headline), so the
 * service can count how often each path is taken.
 */
export async function checkPage(options, { title, body, url, headlineSource }, deps = {}) {
  const payload = { title, body, sensitivity: options.sensitivity };
  if (url) payload.url = url;
  if (HEADLINE_SOURCES.includes(headlineSource)) payload.headline_source = headlineSource;
  const result = await postJson(options.serverUrl, "/api/v1/check", payload, { apiKey: options.apiKey, ...deps });
  if (!("verdict" in result) || typeof result.badge !== "object") {
    throw new CheckError("bad-response", "The answer has no verdict or badge");
  }
  return result;
}

/**
 * Build the /api/v1/feedback request for a checked page. The service needs the title and body
 * (the same text it was just sent to check) to tie the feedback to the page; it stores them
 * only when `share_text` is true (the reader ticked the box), otherwise only their SHA-256
 * and the URL without its query string. `kind: "headline"` reports that the text judged was not
 * the page's headline (a headline-choice error, kept apart from stance labels by the service).
 */
export function feedbackPayload({ url, result, page }, { correct, shareText = false, stance = null, kind = "verdict" }) {
  const payload = {
    url,
    title: (page && page.title) || "",
    body: (page && page.body) || "",
    verdict: result.verdict,
    correct: Boolean(correct),
    share_text: Boolean(shareText),
  };
  if (result.stance) payload.predicted_stance = result.stance;
  if (page && HEADLINE_SOURCES.includes(page.source)) payload.headline_source = page.source;
  if (kind === "headline") {
    // "That is not the headline": the extension chose the wrong text. Not a stance label.
    payload.kind = "headline";
    payload.correct = false;
    return withModel(payload, result);
  }
  if (stance) payload.stance = stance;
  return withModel(payload, result);
}

function withModel(payload, result) {
  if (result.model && result.model.version) payload.model_version = String(result.model.version);
  return payload;
}

/** Post a reader's feedback; returns the service's answer. */
export async function sendFeedback(options, payload, deps = {}) {
  return postJson(options.serverUrl, "/api/v1/feedback", payload, { apiKey: options.apiKey, ...deps });
}
