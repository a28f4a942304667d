#!/usr/bin/env bash
# Starts the whole FiveHundreds stack (PostgreSQL, Redis, ingest, web, mcp) with the Aspire AppHost and prints
# where to sign in. Uses containers where Docker runs, the machine's own PostgreSQL and Redis elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
FIVEHUNDREDS_SKIP_TEST_TOOLS=1 source eng/prerequisites.sh

apphost=FiveHundreds.AppHost
# Secrets live in the AppHost's user secrets, generated once and kept, so the password stays the same.
secret() {
  local name=$1 length=$2 value
  value=$(dotnet user-secrets list --project "$apphost" 2>/dev/null | sed -n "s/^Parameters:$name = //p")
  if [ -z "$value" ]; then
    value=$(od -An -N"$length" -tx1 /dev/urandom | tr -d ' \n')
    dotnet user-secrets set "Parameters:$name" "$value" --project "$apphost" >/dev/null
  fi
  printf '%s' "$value"
}
dashboard_secret=$(secret admin-password 20)
admin_token=$(secret admin-token 40)
secret postgres-password 24 >/dev/null
secret cache-password 24 >/dev/null

dotnet build "$apphost" -v quiet -nologo
cat <<MSG

  FiveHundreds dashboard:  http://localhost:5190   (sign in as admin / $dashboard_secret)
  Ingest and triage API:   http://localhost:5180   (API token: $admin_token)
  MCP server:              http://localhost:5200/mcp
  The Aspire dashboard's login URL follows below. Stop with Ctrl+C.

MSG
exec dotnet run --project "$apphost" --no-build
