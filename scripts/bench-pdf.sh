#!/usr/bin/env bash
# Invoice PDF of 200 items (target < 200 ms) and receipts per second, rendered in memory.
# Usage: scripts/bench-pdf.sh [--items 200] [--iterations 30] [--seconds 5]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run --project ClinicApp -c Release -p:SkipAssets=true -- bench pdf "$@"
