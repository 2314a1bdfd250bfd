/**
 * Reader options: the defaults live here and nowhere else, plus the pure helpers that
 * normalise stored values and decide whether a URL may be checked.
 * Used by the background worker and the options page (ES module; no browser APIs here).
 */

export const SENSITIVITIES = Object.freeze(["low", "normal", "high"]);

export const DEFAULT_OPTIONS = Object.freeze({
  serverUrl: "http://127.0.0.1:8000",
  enabled: true,
  sensitivity: "normal",
  excludedSites: Object.freeze([]),
  clickOnly: false,
  apiKey: "",
});

/** How long the background waits for the service before showing the offline badge. */
export const REQUEST_TIMEOUT_MS = 5000;

/** Origins the manifest's host_permissions already cover (any port). */
export const BUILT_IN_SERVER_HOSTS = Object.freeze(["127.0.0.1", "localhost"]);

/** Return `value` as an http(s) URL string without a trailing slash, or null if it is not one. */
export function normalizeServerUrl(value) {
  if (typeof value !== "string" || !value.trim()) return null;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password) return null;
  url.search = "";
  url.hash = "";
  return url.href.replace(/\/+$/, "");
}

/** Turn one user-typed site ("https://www.Example.com/news", "*.example.com") into a bare host. */
export function normalizeSite(value) {
  if (typeof value !== "string") return null;
  let site = value.trim().toLowerCase();
  if (!site) return null;
  site = site.replace(/^\*\./, "");
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(site)) site = `http://${site}`;
  let host;
  try {
    host = new URL(site).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\./, "").replace(/\.$/, "");
  return host || null;
}

/** Parse the options page's textarea (one site per line, commas allowed too) into sites. */
export function parseSiteList(text) {
  if (typeof text !== "string") return [];
  return normalizeSites(text.split(/[\n,]+/));
}

function normalizeSites(list) {
  const seen = new Set();
  for (const entry of Array.isArray(list) ? list : []) {
    const host = normalizeSite(entry);
    if (host) seen.add(host);
  }
  return [...seen];
}

/** Fill in defaults and repair anything malformed, so callers never see a bad option. */
export function normalizeOptions(stored) {
  const raw = stored && typeof stored === "object" ? stored : {};
  return {
    serverUrl: normalizeServerUrl(raw.serverUrl) ?? DEFAULT_OPTIONS.serverUrl,
    enabled: typeof raw.enabled === "boolean" ? raw.enabled : DEFAULT_OPTIONS.enabled,
    sensitivity: SENSITIVITIES.includes(raw.sensitivity) ? raw.sensitivity : DEFAULT_OPTIONS.sensitivity,
    excludedSites: normalizeSites(raw.excludedSites),
    clickOnly: typeof raw.clickOnly === "boolean" ? raw.clickOnly : DEFAULT_OPTIONS.clickOnly,
    apiKey: typeof raw.apiKey === "string" ? raw.apiKey.trim() : DEFAULT_OPTIONS.apiKey,
  };
}

/** True when the URL's host is one of `sites` or a subdomain of one. */
export function isExcludedUrl(pageUrl, sites) {
  let host;
  try {
    host = new URL(pageUrl).hostname.toLowerCase().replace(/^www\./, "");
  } catch {
    return false;
  }
  return (sites || []).some((site) => host === site || host.endsWith(`.${site}`));
}

/** True for the pages the extension may look at at all: ordinary http(s) documents. */
export function isCheckableUrl(pageUrl) {
  try {
    const { protocol } = new URL(pageUrl);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Decide whether a page load may be checked: {check: true} or {check: false, reason}.
 * `force` is a reader's explicit click (toolbar popup), which overrides click-only mode only.
 */
export function checkDecision(options, pageUrl, { force = false } = {}) {
  if (!isCheckableUrl(pageUrl)) return { check: false, reason: "unsupported-url" };
  if (!options.enabled) return { check: false, reason: "disabled" };
  if (isExcludedUrl(pageUrl, options.excludedSites)) return { check: false, reason: "excluded" };
  if (sameOrigin(pageUrl, options.serverUrl)) return { check: false, reason: "server-page" };
  if (options.clickOnly && !force) return { check: false, reason: "click-only" };
  return { check: true };
}

function sameOrigin(a, b) {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The match pattern a server URL needs ("https://api.example.org/*"), or null if built in. */
export function hostPermissionFor(serverUrl) {
  const url = normalizeServerUrl(serverUrl);
  if (!url) return null;
  const { protocol, hostname } = new URL(url);
  if (protocol === "http:" && BUILT_IN_SERVER_HOSTS.includes(hostname)) return null;
  return `${protocol}//${hostname}/*`;
}
