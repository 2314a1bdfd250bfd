import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_OPTIONS,
  REQUEST_TIMEOUT_MS,
  checkDecision,
  hostPermissionFor,
  isCheckableUrl,
  isExcludedUrl,
  normalizeOptions,
  normalizeServerUrl,
  normalizeSite,
  parseSiteList,
} from "../../src/shared/options.js";

test("defaults are the issue's: local server, on, normal, nothing excluded, automatic, no key", () => {
  assert.deepEqual({ ...DEFAULT_OPTIONS, excludedSites: [...DEFAULT_OPTIONS.excludedSites] }, {
    serverUrl: "http://127.0.0.1:8000",
    enabled: true,
    sensitivity: "normal",
    excludedSites: [],
    clickOnly: false,
    apiKey: "",
  });
  assert.ok(Object.isFrozen(DEFAULT_OPTIONS));
  assert.equal(REQUEST_TIMEOUT_MS, 5000);
});

test("normalizeOptions fills defaults for missing or malformed values", () => {
  assert.deepEqual(normalizeOptions(undefined), normalizeOptions({}));
  const repaired = normalizeOptions({
    serverUrl: "ftp://example.org",
    enabled: "yes",
    sensitivity: "extreme",
    excludedSites: "example.com",
    clickOnly: 1,
    apiKey: 42,
  });
  assert.deepEqual(repaired, { ...DEFAULT_OPTIONS, excludedSites: [] });
});

test("normalizeOptions keeps valid values and cleans them", () => {
  const options = normalizeOptions({
    serverUrl: " https://check.example.org/ ",
    enabled: false,
    sensitivity: "high",
    excludedSites: ["WWW.Example.com", "https://news.example.org/path", "example.com", "", 7],
    clickOnly: true,
    apiKey: "  secret ",
  });
  assert.deepEqual(options, {
    serverUrl: "https://check.example.org",
    enabled: false,
    sensitivity: "high",
    excludedSites: ["example.com", "news.example.org"],
    clickOnly: true,
    apiKey: "secret",
  });
});

test("normalizeServerUrl accepts http(s) only and drops trailing slash, query and credentials", () => {
  assert.equal(normalizeServerUrl("http://127.0.0.1:8000/"), "http://127.0.0.1:8000");
  assert.equal(normalizeServerUrl("https://h.example/api/?x=1#y"), "https://h.example/api");
  assert.equal(normalizeServerUrl("javascript:alert(1)"), null);
  assert.equal(normalizeServerUrl("http://user:pw@h.example"), null);
  assert.equal(normalizeServerUrl("not a url"), null);
  assert.equal(normalizeServerUrl(""), null);
  assert.equal(normalizeServerUrl(null), null);
});

test("site lists: one per line or comma, hosts only, deduplicated", () => {
  assert.equal(normalizeSite("*.Example.COM"), "example.com");
  assert.equal(normalizeSite("https://www.bbc.co.uk/news"), "bbc.co.uk");
  assert.equal(normalizeSite("   "), null);
  assert.deepEqual(parseSiteList("example.com\n\n www.news.org , example.com\nhttps://a.b/c"), ["example.com", "news.org", "a.b"]);
  assert.deepEqual(parseSiteList(undefined), []);
});

test("isExcludedUrl matches a site and its subdomains, not look-alikes", () => {
  const sites = ["example.com"];
  assert.ok(isExcludedUrl("https://example.com/a", sites));
  assert.ok(isExcludedUrl("https://www.example.com/a", sites));
  assert.ok(isExcludedUrl("http://news.example.com/a", sites));
  assert.ok(!isExcludedUrl("https://badexample.com/", sites));
  assert.ok(!isExcludedUrl("https://example.com.evil.net/", sites));
  assert.ok(!isExcludedUrl("not a url", sites));
});

test("checkDecision: web pages only, honours off, exclusions and click-only", () => {
  const options = normalizeOptions({ excludedSites: ["skip.example"] });
  assert.deepEqual(checkDecision(options, "https://news.example/a"), { check: true });
  assert.deepEqual(checkDecision(options, "chrome://extensions"), { check: false, reason: "unsupported-url" });
  assert.ok(!isCheckableUrl("file:///etc/passwd"));
  assert.deepEqual(checkDecision(options, "https://skip.example/a"), { check: false, reason: "excluded" });
  assert.deepEqual(checkDecision(options, "http://127.0.0.1:8000/docs"), { check: false, reason: "server-page" });
  assert.deepEqual(checkDecision({ ...options, enabled: false }, "https://news.example/a"), { check: false, reason: "disabled" });
  const clickOnly = { ...options, clickOnly: true };
  assert.deepEqual(checkDecision(clickOnly, "https://news.example/a"), { check: false, reason: "click-only" });
  assert.deepEqual(checkDecision(clickOnly, "https://news.example/a", { force: true }), { check: true });
  // A click does not override an exclusion or the off switch.
  assert.equal(checkDecision({ ...clickOnly, enabled: false }, "https://news.example/a", { force: true }).check, false);
  assert.equal(checkDecision(clickOnly, "https://skip.example/a", { force: true }).check, false);
});

test("hostPermissionFor: loopback is built in, anything else needs an optional permission", () => {
  assert.equal(hostPermissionFor("http://127.0.0.1:8000"), null);
  assert.equal(hostPermissionFor("http://localhost:9999"), null);
  assert.equal(hostPermissionFor("https://localhost:8443"), "https://localhost/*");
  assert.equal(hostPermissionFor("https://check.example.org:8443/api"), "https://check.example.org/*");
  assert.equal(hostPermissionFor("bad"), null);
});
