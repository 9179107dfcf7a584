#!/usr/bin/env bash
# Runs the whole test suite: SQLite always, PostgreSQL too. When MIZAN_TEST_POSTGRES_URL is not
# set and PostgreSQL's server binaries are installed, a throwaway local cluster is started for
# the run and removed afterwards, with a pgBouncer in transaction pooling mode in front of it
# when pgbouncer is installed (MIZAN_TEST_PGBOUNCER_URL; the store contract suite runs through
# it too). Under CI (CI=true) the PostgreSQL and pgBouncer tests refuse to skip.
set -euo pipefail
cd "$(dirname "$0")/.."

cleanup() { :; }
if [[ -z "${MIZAN_TEST_POSTGRES_URL:-}" ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$bin" && -x "$bin/initdb" ]]; then
    data=$(mktemp -d /tmp/mizan-pg.XXXXXX)
    port=${MIZAN_TEST_PG_PORT:-55439}
    run_as=()
    if [[ $(id -u) -eq 0 ]]; then
      # initdb refuses to run as root: use an unprivileged account for the throwaway cluster.
      id mizan-pg >/dev/null 2>&1 || useradd --system --no-create-home mizan-pg
      chown mizan-pg "$data"
      run_as=(runuser -u mizan-pg --)
    fi
    "${run_as[@]}" "$bin/initdb" -D "$data/db" -U postgres -A trust --no-sync >/dev/null
    "${run_as[@]}" "$bin/pg_ctl" -D "$data/db" -l "$data/log" -w \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null
    cleanup() { "${run_as[@]}" "$bin/pg_ctl" -D "$data/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$data"; }
    export MIZAN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "started a throwaway PostgreSQL cluster on port $port"
    bouncer=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
    if [[ -z "${MIZAN_TEST_PGBOUNCER_URL:-}" && -n "$bouncer" ]]; then
      bport=$((port + 1))
      version=$("$bouncer" --version | head -n 1 | grep -Eo '[0-9]+\.[0-9]+' | head -n 1)
      # pgBouncer keeps prepared statements from 1.21 on; before that Mizan runs every statement
      # unnamed (statement_cache=none).
      if [[ "$(printf '%s\n' "$version" 1.21 | sort -V | head -n 1)" == 1.21 ]]; then
        prepared="max_prepared_statements = 200"; cache=""
      else
        prepared=""; cache="?statement_cache=none"
      fi
      echo '"postgres" ""' > "$data/users.txt"
      cat > "$data/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$port dbname=postgres user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = trust
auth_file = $data/users.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
pidfile = $data/pgbouncer.pid
logfile = $data/pgbouncer.log
$prepared
INI
      chown -R "${run_as[2]:-root}" "$data" 2>/dev/null || true
      "${run_as[@]}" "$bouncer" -d "$data/pgbouncer.ini"
      cleanup() {
        kill "$(cat "$data/pgbouncer.pid" 2>/dev/null)" 2>/dev/null || true
        "${run_as[@]}" "$bin/pg_ctl" -D "$data/db" -m fast stop >/dev/null 2>&1 || true; rm -rf "$data"
      }
      export MIZAN_TEST_PGBOUNCER_URL="postgres://postgres@127.0.0.1:$bport/postgres$cache"
      echo "started pgBouncer $version (transaction pooling) on port $bport"
    fi
  else
    echo "PostgreSQL is not installed: PostgreSQL tests will be skipped (apt-get install postgresql)"
  fi
fi
trap cleanup EXIT
log=$(mktemp)
status=0
cargo test --workspace --release "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo '^test result: .* ([0-9]+) passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: .* ([0-9]+) failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"
