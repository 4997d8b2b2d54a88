#!/usr/bin/env bash
# Front-desk query benchmark: a throw-away hospital with 200,000 appointments and 30,000 pets (SQLite,
# Release build), then p50/p95 of the day view, week view and tutor search through the real services.
# Runs ClinicApp.Tests/Benchmarks/FrontDeskBenchmark.cs (the real app, its SQLite files in a temp folder);
# the options reach it through the BENCH_ARGS environment variable.
# Usage: scripts/bench-frontdesk.sh [--appointments N] [--pets N] [--vets N] [--iterations N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.FrontDeskBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|query|day view|week view|tutor |Passed |Failed )" "$log" | sed -E "s/^ //; s/^ (Passed|Failed) /\1 /" || true
if (( rc != 0 )); then
  echo "bench-frontdesk.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
