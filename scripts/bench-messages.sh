#!/usr/bin/env bash
# Issue 12's messaging figures, against the real app in Release:
#   dispatch: 1,000 queued WhatsApp messages sent by the outbox dispatcher to the fake Twilio (target >= 50 messages/s, 0 duplicates)
#   scan:     the reminder scan's find step over 200,000 appointments, p50/p95 with SQLite's plan (target < 100 ms);
#             filling the 200,000 appointments takes several minutes on 2 cores
# Each figure is one benchmark class below; --only NAME runs one of them. Other options reach the classes
# through the BENCH_ARGS environment variable (BenchmarkTiming.Arguments: each class accepts its own).
# Usage: scripts/bench-messages.sh [--only dispatch|scan] [--messages 1000 | --appointments N --iterations N]
# (options belong to one benchmark: give --only with them)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# name -> benchmark class (ClinicApp.Tests/Benchmarks/<class>.cs). Add a figure by adding a line.
declare -A benchmarks=(
  [dispatch]=MessagesBenchmark
  [scan]=ReminderScanBenchmark
)

only=""
rest=()
while (( $# )); do
  case "$1" in
    --only) only="${2:?--only needs a name: ${!benchmarks[*]}}"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done

filter=""
for name in "${!benchmarks[@]}"; do
  [[ -n $only && $only != "$name" ]] && continue
  filter+="${filter:+|}FullyQualifiedName~ClinicApp.Tests.Benchmarks.${benchmarks[$name]}"
done
if [[ -z $filter ]]; then
  echo "bench-messages.sh: unknown --only '$only' (known: ${!benchmarks[*]})" >&2
  exit 2
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="${rest[*]:-}" dotnet test ClinicApp.Tests -c Release --filter "$filter" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(dispatch|scan|data in|hospital|plan:|query|reminder scan|found per scan|Passed |Failed )" "$log" | sed -E "s/^ +//" || true
if (( rc != 0 )); then
  echo "bench-messages.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
