#!/usr/bin/env bash
# RAM benchmark: a throw-away hospital with 300 patients in hospital and about 40,000 scheduled doses
# (SQLite, Release build), then p50/p95 of the RAM panel's load and of 20 nurses recording doses at the
# same instant (failures counted: there must be none, no "database is locked").
# Usage: scripts/bench-ram.sh [--stays N] [--days N] [--iterations N] [--nurses N] [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
dotnet build ClinicApp -c Release -v q -nologo >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); data in $data"
ASPNETCORE_ENVIRONMENT=Production Database__DataDirectory="$data" Database__MigrateOnStart=true Demo__Seed=false \
  Logging__LogLevel__Default=Warning \
  dotnet ClinicApp/bin/Release/net10.0/ClinicApp.dll bench ram "$@"
