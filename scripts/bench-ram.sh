#!/usr/bin/env bash
# RAM benchmark: a throw-away hospital with 300 patients in hospital and about 40,000 scheduled doses
# (SQLite, Release build), then p50/p95 of the RAM panel's load and of 20 nurses recording doses at the
# same instant (failures counted: there must be none, no "database is locked").
# Runs ClinicApp.Tests/Benchmarks/RamBenchmark.cs (the real app, its SQLite files in a temp folder);
# the options reach it through the BENCH_ARGS environment variable.
# Usage: scripts/bench-ram.sh [--stays N] [--days N] [--iterations N] [--nurses N] [--rounds N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.RamBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|case |RAM |panel holds|[0-9]+ nurses|failure |Passed |Failed )" "$log" | sed -E "s/^ //; s/^ (Passed|Failed) /\1 /" || true
if (( rc != 0 )); then
  echo "bench-ram.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
