#!/usr/bin/env bash
# Measures cold start (process start → first page served) and the idle app's memory.
# Builds Release, starts the app on a fresh data folder (Development: migrate + demo seed, the
# worst case), polls the sign-in page, then reads the resident memory after 10 s idle.
# Usage: scripts/measure-startup.sh [port]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-5181}
data=$(mktemp -d)
dotnet build ClinicApp -c Release -v q -nologo >/dev/null
out=ClinicApp/bin/Release/net10.0
start=$(date +%s%N)
ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$data" Logging__LogLevel__Default=Warning \
  dotnet "$out/ClinicApp.dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/aurora/account/login" || true)
  [[ $code == 200 ]] && break
  sleep 0.05
done
first=$(( ($(date +%s%N) - start) / 1000000 ))
echo "cold start to first page (fresh databases, migrate + seed): ${first} ms"
start=$(date +%s%N); curl -s -o /dev/null "http://127.0.0.1:$port/aurora/account/login"
echo "second request: $(( ($(date +%s%N) - start) / 1000000 )) ms"
sleep 10
echo "idle resident memory: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$pid/status)"
