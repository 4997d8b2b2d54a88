#!/usr/bin/env bash
# Issue 14's analytics figures, against the real app in Release (SQLite, its files in a temp folder): a hospital with
#   two years of history made by the demo's history generator (about 200,000 appointments, 150,000+ invoices, 2,000+
#   stays, 500,000+ doses), then: the first dashboard of a year with no day figures kept (once), the nightly
#   analytics-days job from nothing (once), and p50/p95 (server time, through the real AnalyticsService as an admin)
#   of the whole dashboard for the last 30 and the last 365 days, of a year after 20 past days changed, of each
#   section alone, of drill-downs of the year's cards and busiest chart points, and of the year's PDF report.
#   Targets: 30 days < 300 ms p95, a year < 1 s p95, the PDF < 2 s. Filling takes minutes on 2 cores.
# Runs ClinicApp.Tests/Benchmarks/AnalyticsBenchmark.cs; the options reach it through BENCH_ARGS.
# Usage: scripts/bench-analytics.sh [--months N] [--vets N] [--per-vet-day N] [--stays-per-day N] [--beds-per-ward N]
#                                   [--tutors N] [--iterations N] [--warmup N] [--drills 0|1] [--sections 0|1] [--profile 0|1]
#   --warmup: untimed runs before each timed case (2); --drills 0 / --sections 0 skip the drill-downs / the sections
#   timed alone; --profile 1 prints, for the 30- and 365-day dashboards, the SQL statements that took longest.
#   e.g. a quick look: scripts/bench-analytics.sh --months 3 --vets 6 --tutors 3000 --iterations 5
# Each figure is also appended as it comes to $BENCH_PROGRESS when set (the test's own output shows only at the end).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.AnalyticsBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|sections|measure|dashboard|section|drill|query|pdf|Passed |Failed )" "$log" | sed -E "s/^ (\S)/\1/" || true
if (( rc != 0 )); then
  echo "bench-analytics.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
