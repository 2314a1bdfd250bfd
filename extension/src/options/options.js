/** Options page: reads and writes storage.sync through the one defaults module. */

import { DEFAULT_OPTIONS, hostPermissionFor, normalizeOptions, normalizeServerUrl, parseSiteList } from "../shared/options.js";

const ext = globalThis.browser ?? globalThis.chrome;
const form = document.getElementById("options");
const status = document.getElementById("status");

function show(options) {
  form.enabled.checked = options.enabled;
  form.clickOnly.checked = options.clickOnly;
  for (const radio of form.querySelectorAll('input[name="sensitivity"]')) radio.checked = radio.value === options.sensitivity;
  form.excludedSites.value = options.excludedSites.join("\n");
  form.serverUrl.value = options.serverUrl;
  form.apiKey.value = options.apiKey;
}

function say(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

async function load() {
  show(normalizeOptions(await ext.storage.sync.get({ ...DEFAULT_OPTIONS, excludedSites: [] })));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const serverUrl = normalizeServerUrl(form.serverUrl.value);
  if (!serverUrl) {
    say("The server URL must start with http:// or https://.", true);
    form.serverUrl.focus();
    return;
  }
  // Ask for access to a server outside this computer now, while we have the click.
  const pattern = hostPermissionFor(serverUrl);
  if (pattern) {
    let granted;
    try {
      granted = await ext.permissions.request({ origins: [pattern] });
    } catch {
      granted = false;
    }
    if (!granted) {
      say(`Headline Check needs permission to reach ${new URL(serverUrl).origin}; options not saved.`, true);
      return;
    }
  }
  const options = normalizeOptions({
    enabled: form.enabled.checked,
    clickOnly: form.clickOnly.checked,
    sensitivity: form.querySelector('input[name="sensitivity"]:checked')?.value,
    excludedSites: parseSiteList(form.excludedSites.value),
    serverUrl,
    apiKey: form.apiKey.value,
  });
  await ext.storage.sync.set(options);
  show(options);
  say("Saved.");
});

document.getElementById("reset").addEventListener("click", async () => {
  await ext.storage.sync.set({ ...DEFAULT_OPTIONS, excludedSites: [] });
  await load();
  say("Defaults restored.");
});

load();
