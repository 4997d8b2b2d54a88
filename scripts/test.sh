#!/usr/bin/env bash
# Runs the whole test suite and ends with one summary line: "N passed, N failed[, N skipped]".
# Usage: scripts/test.sh [extra `dotnet test` arguments, e.g. --filter Category!=E2E]
# Exit code: dotnet test's; non-zero as well when a test failed or no TRX file was produced.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# --- System packages: Chromium for the browser tests, Roboto for PDFs (Debian/Ubuntu only) ----
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if command -v dpkg-query >/dev/null 2>&1; then
  status=$(dpkg-query -W -f='${Status}' fonts-roboto-unhinted 2>/dev/null || true)
  [[ $status == *"install ok installed"* ]] || missing+=(fonts-roboto-unhinted)
fi
if (( ${#missing[@]} > 0 )) && command -v apt-get >/dev/null 2>&1; then
  as_root=()
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  if (( ${#as_root[@]} > 0 )) && ! command -v sudo >/dev/null 2>&1; then
    echo "test.sh: warning: not root and no sudo, cannot install ${missing[*]}; browser/PDF tests may fail" >&2
  else
    echo "test.sh: installing ${missing[*]} with apt-get"
    if ! { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
           "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; }; then
      echo "test.sh: warning: apt-get could not install ${missing[*]}; browser/PDF tests may fail" >&2
    fi
  fi
fi

dotnet tool restore

# --- Tests ---------------------------------------------------------------------------------
trx=TestResults/results.trx
rm -f "$trx"
rc=0
# Benchmarks (Category=Benchmark) print figures rather than check behaviour: scripts/bench-*.sh run them.
filter=(--filter "Category!=Benchmark")
for arg in "$@"; do [[ $arg == --filter* ]] && filter=(); done
dotnet test ClinicApp.sln -c Release \
  --logger "trx;LogFileName=results.trx" --results-directory TestResults "${filter[@]}" "$@" || rc=$?

# --- Summary (grep/sed only: python may not be installed) ----------------------------------
# <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".."
#           ... notExecuted=".." ... />
counter() { # counter NAME: value of NAME="..." in the <Counters .../> element, 0 when absent
  local v
  v=$(printf '%s\n' "$counters" | sed -n "s/.*[[:space:]]$1=\"\\([0-9]*\\)\".*/\\1/p")
  echo "${v:-0}"
}
if [[ -f $trx ]]; then
  counters=$(tr '\r\n' '  ' < "$trx" | grep -o '<Counters[^>]*>' | head -n 1 || true)
fi
if [[ -z ${counters:-} ]]; then
  echo "test.sh: error: no test results ($trx missing or without <Counters>); dotnet test exited with $rc" >&2
  (( rc != 0 )) || rc=1
  echo "0 passed, 0 failed"
  exit "$rc"
fi
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
skipped=$(counter notExecuted)
(( failed == 0 || rc != 0 )) || rc=1
if (( skipped > 0 )); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$rc"
