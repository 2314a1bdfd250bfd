// `web-ext lint` on the Firefox build (offline: addons-linter is bundled with web-ext).
// Fails on any error, and on any warning outside the vendored Readability, whose two
// innerHTML warnings are about its work on the detached clone it is given.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "node_modules", ".bin", "web-ext");
const run = spawnSync(bin, ["lint", "--source-dir", join(root, "build", "firefox"), "--self-hosted", "--output", "json", "--no-config-discovery"], {
  encoding: "utf8",
});
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  process.stderr.write(run.stdout + run.stderr);
  console.error("web-ext lint: no JSON report");
  process.exit(1);
}
const problems = [...report.errors, ...report.warnings.filter((w) => !(w.file || "").startsWith("vendor/"))];
const ignored = report.warnings.length - (problems.length - report.errors.length);
for (const p of [...report.errors, ...report.warnings, ...report.notices]) {
  console.log(`${p._type.padEnd(7)} ${p.code} ${p.file ?? ""}${p.line ? `:${p.line}` : ""} ${p.message}`);
}
console.log(`web-ext lint (Firefox build): ${report.errors.length} errors, ${report.warnings.length} warnings (${ignored} in vendored Readability), ${report.notices.length} notices`);
process.exit(problems.length ? 1 : 0);
