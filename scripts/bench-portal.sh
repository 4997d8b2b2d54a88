#!/usr/bin/env bash
# Tutors' portal benchmark: the front-desk benchmark hospital (200,000 appointments, 10 vets; SQLite, Release
# build) plus a portal tutor with 10 pets and 200 appointments, then p50/p95 of the free-time search (one vet and
# any vet, 14 days; target < 30 ms p95 for one vet), the booking page's choices, the portal home (tutor look-up,
# greeting, next appointment; then every home card: pets, stays, balance; target < 50 ms) and the appointments page,
# through the real services as the tutor.
# Runs ClinicApp.Tests/Benchmarks/PortalBenchmark.cs (the real app, its SQLite files in a temp folder);
# the options reach it through the BENCH_ARGS environment variable.
# Usage: scripts/bench-portal.sh [--appointments N] [--vets N] [--iterations N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.PortalBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|query|free times|booking page|portal |appointments page|Passed |Failed )" "$log" | sed -E "s/^ //; s/^ (Passed|Failed) /\1 /" || true
if (( rc != 0 )); then
  echo "bench-portal.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
