// The one manifest, its per-browser builds, and least privilege.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { manifestFor } from "../../scripts/build.mjs";
import { EXTENSION_DIR } from "../helpers/paths.js";

const source = JSON.parse(readFileSync(join(EXTENSION_DIR, "manifest.json"), "utf8"));

test("one source manifest carries both browsers' background keys and the gecko settings", () => {
  assert.equal(source.manifest_version, 3);
  assert.equal(source.background.service_worker, "src/background/background.js");
  assert.deepEqual(source.background.scripts, ["src/background/background.js"]);
  const gecko = source.browser_specific_settings.gecko;
  assert.ok(gecko.id);
  assert.ok(Array.isArray(gecko.data_collection_permissions.required));
});

test("Chrome gets a service worker, Firefox background scripts with the gecko id", () => {
  const chrome = manifestFor("chrome", source);
  assert.deepEqual(chrome.background, { service_worker: "src/background/background.js", type: "module" });
  assert.ok(!("browser_specific_settings" in chrome));
  const firefox = manifestFor("firefox", source);
  assert.deepEqual(firefox.background, { scripts: ["src/background/background.js"], type: "module" });
  assert.equal(firefox.browser_specific_settings.gecko.id, source.browser_specific_settings.gecko.id);
  assert.throws(() => manifestFor("safari", source));
});

test("least privilege: storage only, host access to the local server only, no page-exposed files", () => {
  assert.deepEqual(source.permissions, ["storage"]);
  assert.deepEqual(source.host_permissions, ["http://127.0.0.1/*", "http://localhost/*"]);
  assert.ok(source.optional_host_permissions.every((p) => /^https?:\/\/\*\/\*$/.test(p)));
  assert.ok(!("web_accessible_resources" in source));
  assert.ok(!("content_security_policy" in source), "the default MV3 policy: no remote code, no eval");
  assert.ok(!("externally_connectable" in source));
  const [content] = source.content_scripts;
  assert.equal(content.run_at, "document_idle");
  assert.equal(content.all_frames, false);
  assert.deepEqual(content.matches, ["http://*/*", "https://*/*"]);
});

test("every file the manifest names exists in the source tree (Readability comes from npm)", () => {
  const files = [
    ...Object.values(source.icons),
    source.background.service_worker,
    source.action.default_popup,
    source.options_ui.page,
    ...source.content_scripts[0].js.filter((f) => !f.startsWith("vendor/")),
  ];
  for (const file of files) assert.ok(existsSync(join(EXTENSION_DIR, file)), file);
  assert.ok(existsSync(join(EXTENSION_DIR, "node_modules/@mozilla/readability/Readability.js")), "run npm ci");
});

test("no source file inserts HTML or evaluates strings", () => {
  const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  for (const file of walk(join(EXTENSION_DIR, "src")).filter((f) => f.endsWith(".js") || f.endsWith(".html"))) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, file);
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: inline script`);
  }
});
