#!/usr/bin/env bash
# Invoice PDF of 200 items (target < 200 ms) and receipts per second, rendered in memory.
# Runs ClinicApp.Tests/Benchmarks/PdfBenchmark.cs; the options reach it through the BENCH_ARGS environment variable.
# Usage: scripts/bench-pdf.sh [--items 200] [--iterations 30] [--seconds 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.PdfBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(invoice|receipts|Passed |Failed )" "$log" | sed -E "s/^ //; s/^ (Passed|Failed) /\1 /" || true
if (( rc != 0 )); then
  echo "bench-pdf.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
