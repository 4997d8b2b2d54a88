#!/usr/bin/env bash
# Reminder scan benchmark: a throw-away hospital with 200,000 appointments (SQLite, Release build), then
# p50/p95 of the scan's find step (appointments whose lead time has come, 24 h and 2 h) through the real
# query, with SQLite's plan for it. Goal (issue 12): under 100 ms.
# Runs ClinicApp.Tests/Benchmarks/ReminderScanBenchmark.cs (the real app, its SQLite files in a temp folder);
# the options reach it through the BENCH_ARGS environment variable.
# Usage: scripts/bench-reminders.sh [--appointments N] [--vets N] [--iterations N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.ReminderScanBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|plan:|query|reminder scan|found per scan|Passed |Failed )" "$log" | sed -E "s/^ //; s/^ (Passed|Failed) /\1 /" || true
if (( rc != 0 )); then
  echo "bench-reminders.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
