#!/usr/bin/env bash
# Front-desk query benchmark: a throw-away hospital with 200,000 appointments and 30,000 pets (SQLite,
# Release build), then p50/p95 of the day view, week view and tutor search through the real services.
# Usage: scripts/bench-frontdesk.sh [--appointments N] [--pets N] [--vets N] [--iterations N]
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
dotnet build ClinicApp -c Release -v q -nologo >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo); data in $data"
ASPNETCORE_ENVIRONMENT=Production Database__DataDirectory="$data" Database__MigrateOnStart=true Demo__Seed=false \
  Logging__LogLevel__Default=Warning \
  dotnet ClinicApp/bin/Release/net10.0/ClinicApp.dll bench frontdesk "$@"
