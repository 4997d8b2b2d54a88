#!/usr/bin/env bash
# Adds a migration for BOTH providers (SQLite and SQL Server), for the hospital database or the catalog.
# Usage: scripts/add-migration.sh NAME [clinic|catalog]
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME [clinic|catalog]}
which=${2:-clinic}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null

case "$which" in
  clinic)  contexts=("SqliteClinicDbContext:Sqlite/Clinic" "SqlServerClinicDbContext:SqlServer/Clinic") ;;
  catalog) contexts=("SqliteCatalogDbContext:Sqlite/Catalog" "SqlServerCatalogDbContext:SqlServer/Catalog") ;;
  *) echo "unknown database '$which' (clinic or catalog)" >&2; exit 2 ;;
esac

dotnet build ClinicApp.Data -v q -nologo >/dev/null
for pair in "${contexts[@]}"; do
  ctx=${pair%%:*}; dir=${pair#*:}
  echo "== $ctx -> Migrations/$dir/$name"
  dotnet ef migrations add "$name" --no-build \
    --project ClinicApp.Data --startup-project ClinicApp.Data \
    --context "$ctx" --output-dir "Migrations/$dir"
done
