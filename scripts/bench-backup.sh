#!/usr/bin/env bash
# Issue 13's backup figures, against the real app in Release (SQLite, its files in a temp folder):
#   the 200,000-appointment front-desk benchmark hospital backed up and verified through the real backup
#   service: archive and database MB, seconds and MB/s of the write and of the verify;
#   the day view's p50/p95 over --iterations runs without a backup and while backups run one after another
#   (target: p95 during backup < 2x p95 without). Filling the hospital takes several minutes on 2 cores.
# Runs ClinicApp.Tests/Benchmarks/BackupBenchmark.cs; the options reach it through BENCH_ARGS.
# Usage: scripts/bench-backup.sh [--appointments N] [--pets N] [--vets N] [--iterations N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rc=0
BENCH_ARGS="$*" dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.BackupBenchmark" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || rc=$?
grep -E "^\s*(data in|hospital|backup |query|day view|Passed |Failed )" "$log" | sed -E "s/^ +//" || true
if (( rc != 0 )); then
  echo "bench-backup.sh: dotnet test exited with $rc; the end of its output:" >&2
  tail -n 40 "$log" >&2
fi
exit "$rc"
