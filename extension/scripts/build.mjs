// Builds the unpacked extension for each browser (build/chrome, build/firefox) and a zip of
// each (dist/). One source manifest; each browser gets only the keys it understands.
// Mozilla Readability is copied from node_modules (installed by `npm ci`), never committed.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createZip } from "./zip.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const log = (...args) => quiet || console.log(...args);

const READABILITY = join(root, "node_modules", "@mozilla", "readability");

/** The manifest each browser gets. */
export function manifestFor(browser, source) {
  const manifest = structuredClone(source);
  if (browser === "chrome") {
    manifest.background = { service_worker: source.background.service_worker, type: source.background.type };
    delete manifest.browser_specific_settings;
  } else if (browser === "firefox") {
    manifest.background = { scripts: source.background.scripts, type: source.background.type };
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return manifest;
}

function build(browser, source) {
  const out = join(root, "build", browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, "src"), join(out, "src"), { recursive: true });
  cpSync(join(root, "icons"), join(out, "icons"), { recursive: true });
  const vendor = join(out, "vendor", "readability");
  mkdirSync(vendor, { recursive: true });
  for (const file of ["Readability.js", "Readability-readerable.js", "LICENSE.md"]) cpSync(join(READABILITY, file), join(vendor, file));
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifestFor(browser, source), null, 2)}\n`);

  // Every file the manifest names must exist in the build.
  const manifest = manifestFor(browser, source);
  const named = [
    ...Object.values(manifest.icons),
    ...(manifest.background.scripts || [manifest.background.service_worker]),
    manifest.action.default_popup,
    manifest.options_ui.page,
    ...manifest.content_scripts.flatMap((c) => c.js),
  ];
  for (const file of named) if (!existsSync(join(out, file))) throw new Error(`${browser}: manifest names missing file ${file}`);

  mkdirSync(join(root, "dist"), { recursive: true });
  const zipPath = join(root, "dist", `headline-check-${browser}-${source.version}.zip`);
  createZip(out, zipPath);
  log(`built ${relative(root, out)} and ${relative(root, zipPath)}`);
}

const source = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(READABILITY, "Readability.js"))) {
    console.error("build: @mozilla/readability is missing; run `npm ci` in extension/ first.");
    process.exit(1);
  }
  for (const browser of ["chrome", "firefox"]) build(browser, source);
}
