#!/usr/bin/env bash
# Adds an EF Core migration for both providers of one app (migrations are provider-specific).
# Usage: scripts/add-migration.sh Cms|Delivery MigrationName
set -euo pipefail
cd "$(dirname "$0")/.."
app=$1 name=$2
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project "src/$app" --context "${provider}${app}DbContext" \
    --output-dir "Data/Migrations/$provider"
done
