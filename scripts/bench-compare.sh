#!/usr/bin/env bash
# Interleaves the posting benchmark of two `mizan` binaries (old, new, old, new, ...) so that the
# noise of a shared machine cancels, and prints each run's postings/s and the medians.
#
#   scripts/bench-compare.sh OLD NEW RUNS [bench posting args...]
#   scripts/bench-compare.sh /tmp/mizan-old target/release/mizan 3 --sales 20000 --clients 64
#
# SQLite runs on a fresh file each time. With BENCH_PG=postgres://user@host:port (an admin URL
# without a database), each run gets a fresh PostgreSQL database instead, and the statements,
# WAL bytes and database time per sale are printed from pg_stat_statements when the server has
# it loaded (shared_preload_libraries=pg_stat_statements).
set -euo pipefail
old=$1 new=$2 runs=$3
shift 3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sales=$(printf '%s\n' "$@" | grep -A1 -- '--sales' | tail -n 1 || true)
sales=${sales:-10000}
declare -A rates
for i in $(seq "$runs"); do
  for which in old new; do
    bin=${!which}
    if [[ -n "${BENCH_PG:-}" ]]; then
      db="mizan_bench_$$_${which}_$i"
      psql -q "$BENCH_PG/postgres" -c "CREATE DATABASE $db"
      url="$BENCH_PG/$db"
      stats=$(psql -qtA "$BENCH_PG/postgres" -c "SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'" || true)
      [[ -n "$stats" ]] && psql -q "$url" -c "CREATE EXTENSION pg_stat_statements" >/dev/null
      [[ -n "$stats" ]] && psql -qtA "$url" -c "SELECT pg_stat_statements_reset()" >/dev/null
      lsn0=$(psql -qtA "$url" -c "SELECT pg_current_wal_lsn()")
    else
      url="sqlite://$dir/$which-$i.db"
    fi
    out=$("$bin" --database-url "$url" bench posting "$@" --json)
    rate=$(grep -Eo '"postings_per_sec":[ ]*[0-9.]+' <<<"$out" | grep -Eo '[0-9.]+$')
    rates[$which]+="$rate "
    line="$which run $i: $rate postings/s"
    if [[ -n "${BENCH_PG:-}" && -n "$stats" ]]; then
      per=$(psql -qtA "$url" -c "SELECT round(sum(calls)::numeric / $sales, 1),
               round((pg_current_wal_lsn() - '$lsn0')::numeric / $sales),
               round((sum(total_exec_time) + sum(total_plan_time))::numeric * 1000 / $sales)
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
      IFS='|' read -r calls wal us <<<"$per"
      line+=" | per sale: $calls statements, $wal WAL bytes, $us µs in the database"
    fi
    echo "$line"
    [[ -n "${BENCH_PG:-}" ]] && psql -q "$BENCH_PG/postgres" -c "DROP DATABASE $db"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median old: $(median <<<"${rates[old]}")  new: $(median <<<"${rates[new]}")"
