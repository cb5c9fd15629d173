// Sums the closing lines of every test runner in a log (vitest, deno test,
// bun test; turbo prefixes each line with "<package>:test: "), adds each
// further check given as "<name>=<exit code>" (the type-check, the smoke bench)
// as one, and prints "N passed, N failed". Exit 1 if anything failed or
// nothing ran. The names of failed tests are printed just before the sum,
// because CI shows only the end of its output.
import { readFileSync } from "node:fs";

const [logPath, ...checks] = process.argv.slice(2);
const text = readFileSync(logPath, "utf8").replace(/\x1b\[[0-9;]*m/g, "");
let passed = 0;
let failed = 0;
const failedNames = new Set();
for (const raw of text.split("\n")) {
  const pkg = /^([\w@/.-]+):[\w-]+: /.exec(raw)?.[1] ?? "";
  const line = raw.replace(/^[\w@/.-]+:[\w-]+: /, "").trim();
  let m;
  if ((m = /^Tests\s+(.*)\(\d+\)$/.exec(line))) {
    // vitest: "Tests  1 failed | 11 passed | 2 skipped (14)"
    passed += Number(/(\d+) passed/.exec(m[1])?.[1] ?? 0);
    failed += Number(/(\d+) failed/.exec(m[1])?.[1] ?? 0);
  } else if ((m = /^(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(line))) {
    // deno test: "ok | 12 passed | 0 failed (1s)"
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else if ((m = /^(\d+) pass$/.exec(line))) {
    passed += Number(m[1]); // bun test
  } else if ((m = /^(\d+) fail$/.exec(line))) {
    failed += Number(m[1]);
  } else if ((m = /^(?:FAIL|×|✗)\s+(.+?)(?:\s+\d+ms)?$/.exec(line)) && !/^\d+ tests? failed/.test(m[1])) {
    failedNames.add(`${pkg} ${m[1]}`.trim()); // vitest "FAIL file > test", "× test"
  } else if ((m = /^\(fail\)\s+(.+?)(?:\s+\[[\d.]+ms\])?$/.exec(line))) {
    failedNames.add(`${pkg} ${m[1]}`.trim()); // bun test
  } else if ((m = /^(.+?) => \S+:\d+:\d+$/.exec(line)) && text.includes("ERRORS")) {
    failedNames.add(`${pkg} ${m[1]}`.trim()); // deno test's failure list
  }
}
for (const name of [...failedNames].slice(0, 20)) console.log(`failed test: ${name}`);
for (const check of checks) {
  const at = check.lastIndexOf("=");
  if (check.slice(at + 1) === "0") passed += 1;
  else {
    failed += 1;
    console.log(`failed: ${check.slice(0, at)} (exit code ${check.slice(at + 1)})`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
