#!/bin/sh
# Writes .env beside docker-compose.yml with fresh secrets, readable by you only; docker compose
# reads it and refuses to start without each of them:
#   JUKINET_NATIONAL_NUMBERING_KEY   J-LIS's key of the My Number derivation (base64 of 32 bytes)
#   POSTGRES_SUPERUSER_PASSWORD      the zones' PostgreSQL superuser (no node has it)
#   <NODE>_DB_PASSWORD               each node's own database role, e.g. CS_131016_DB_PASSWORD
#   GRAFANA_ADMIN_PASSWORD           Grafana's admin (the dashboard at http://localhost:3000); an .env written
#                                    before Grafana joined lacks it: add a line, e.g. with openssl rand -hex 24
# An existing .env is never overwritten: the key numbers every resident, and the passwords are
# already set in the databases. Keep it (and back it up) like the data itself.
set -eu
cd "$(dirname "$0")/.."
if [ -e .env ]; then
  echo ".env exists; keeping it (it holds J-LIS's key and the databases' passwords)" >&2
  exit 1
fi
umask 077
{
  echo "JUKINET_NATIONAL_NUMBERING_KEY=$(openssl rand -base64 32)"
  echo "POSTGRES_SUPERUSER_PASSWORD=$(openssl rand -hex 24)"
  for node in NATIONAL PREF_13 PREF_27 CS_131016 CS_131130 CS_271004 CS_272035; do
    echo "${node}_DB_PASSWORD=$(openssl rand -hex 24)"
  done
  echo "GRAFANA_ADMIN_PASSWORD=$(openssl rand -hex 24)"
} > .env.tmp
mv .env.tmp .env
echo "wrote .env (mode 600)"
