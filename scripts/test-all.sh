#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, builds, then runs typecheck, lint,
# Electronegativity, unit + integration tests and the end-to-end tests in Chromium.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== [%ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; summary; exit 1; }
passed=0; failed=0
summary() { printf '\nvanthu tests: %d passed, %d failed\n' "$passed" "$failed"; }

step "System packages (apt-get where missing)"
bash scripts/install-system-deps.sh || fail "installing system packages (run as root, or install them by hand as printed above)"

step "npm packages"
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.vanthu-lock-sha 2>/dev/null)" != "$lock_sum" ] || [ ! -f node_modules/electron/electron.d.ts ]; then
  # The Electron binary is not needed to test (web mode); its package still brings the typings.
  # npm 11 here leaves other platforms' optional packages (rollup, esbuild) out of the lock file
  # and then refuses `npm ci`; `npm install` installs the same locked versions.
  if ! ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund; then
    echo "npm ci refused the lock file; installing the locked versions with npm install instead."
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --no-audit --no-fund || fail "npm install"
  fi
  echo "$lock_sum" > node_modules/.vanthu-lock-sha
else
  echo "node_modules matches package-lock.json."
fi

step "Build (renderer + Electron main/preload)"
node scripts/build.mjs || fail "build"

step "Typecheck (tsc --noEmit, strict)"
npx tsc --noEmit -p tsconfig.json || fail "typecheck"

step "Lint (eslint, incl. layering rules)"
npx eslint . || fail "lint"

step "Electron security (Electronegativity)"
node scripts/check-electron-security.mjs || fail "electronegativity"

results=$(mktemp -d)
count() { # adds a vitest JSON report to the totals
  [ -f "$1" ] || return
  read -r p f < <(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(r.numPassedTests, r.numFailedTests+(r.numRuntimeErrorTests||0))' "$1")
  passed=$((passed + p)); failed=$((failed + f))
}

step "Unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/unit.json"
unit_rc=$?
count "$results/unit.json"

step "End-to-end tests (web mode + Debian chromium)"
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json="$results/e2e.json"
e2e_rc=$?
count "$results/e2e.json"

# The failures again, last, so a log that keeps only its tail still names them.
list_failures() {
  for f in "$results"/unit.json "$results"/e2e.json; do
    [ -f "$f" ] || continue
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      for (const file of r.testResults) {
        const name = require("path").relative(process.cwd(), file.name);
        const bad = file.assertionResults.filter((t) => t.status === "failed");
        for (const t of bad) console.log(`  ✗ ${name} › ${t.fullName}\n      ${String((t.failureMessages || [""])[0]).split("\n")[0].slice(0, 300)}`);
        if (!bad.length && file.status === "failed") console.log(`  ✗ ${name}: ${String(file.message || "failed to run").split("\n")[0].slice(0, 300)}`);
      }' "$f"
  done
}

step "Done in $(( $(date +%s) - start ))s"
if [ $unit_rc -ne 0 ] || [ $e2e_rc -ne 0 ]; then printf '\nFailed tests:\n'; list_failures; fi
[ $unit_rc -eq 0 ] || fail "unit/integration tests"
[ $e2e_rc -eq 0 ] || fail "end-to-end tests"
summary
