#!/usr/bin/env bash
# The board and RAM figures of the clinical-care issue, against the real app in Release:
#   - server render of /board and /ram with 300 patients in hospital and ~40,000 scheduled doses (HTTP GET p50/p95);
#   - live fan-out: a nurse clicks "given" on /ram, time until 20 open boards in Chromium show it (p50/p95),
#     and the server's managed memory per open board circuit.
# Usage: scripts/bench-care.sh   (needs /usr/bin/chromium, as scripts/test.sh installs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet test ClinicApp.Tests -c Release --filter "FullyQualifiedName~ClinicApp.Tests.Benchmarks.CareBenchmarks" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "^\s*(hospital|page|/board|/ram|[0-9]+ boards|click|server managed|Passed|Failed)" | sed 's/^ *//'
