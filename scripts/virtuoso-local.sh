#!/usr/bin/env bash
# A Virtuoso Open Source 7 (Debian: virtuoso-opensource-7-bin) for archive-ld on this machine, listening on
# 127.0.0.1 only, with archive-ld's out folder in DirsAllowed so that `build --store ...?bulk=isql://...` can let
# Virtuoso load the published part files itself.
#
#   VIRTUOSO_PASSWORD=... scripts/virtuoso-local.sh start DBDIR OUTDIR [HTTP_PORT [SQL_PORT]]
#   scripts/virtuoso-local.sh stop DBDIR
#
# start writes DBDIR/virtuoso.ini (buffers sized to a quarter of the memory available, at most 8 GiB), starts
# virtuoso-t in the background, sets the dba password from VIRTUOSO_PASSWORD on a new database, and prints the
# --store value and the STORE_USER / STORE_PASSWORD to use. Defaults: HTTP 8890, SQL 1111.
set -euo pipefail

usage() { sed -n '2,12p' "$0" >&2; exit 64; }
cmd=${1:-}; db=${2:-}
[ -n "$cmd" ] && [ -n "$db" ] || usage
VIRTUOSO_BIN=${VIRTUOSO_BIN:-/usr/bin/virtuoso-t}
ISQL_BIN=${ISQL_BIN:-/usr/bin/isql-vt}

case "$cmd" in
  stop)
    # The server's own pid is in its lock file (the process started may have handed over to another one).
    pid=$(sed -n 's/^VIRT_PID=//p' "$db/virtuoso.lck" 2>/dev/null || true)
    [ -n "$pid" ] || pid=$(cat "$db/virtuoso.pid" 2>/dev/null || true)
    [ -n "$pid" ] || { echo "virtuoso-local: no $db/virtuoso.lck or virtuoso.pid; nothing to stop" >&2; exit 1; }
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { echo "virtuoso-local: $pid still running after 60 s; kill -9 $pid if it must go" >&2; exit 1; }
    rm -f "$db/virtuoso.pid"
    echo "virtuoso-local: stopped $pid"
    ;;
  start)
    out=${3:-}; http=${4:-8890}; sql=${5:-1111}
    [ -n "$out" ] || usage
    [ -x "$VIRTUOSO_BIN" ] || { echo "virtuoso-local: $VIRTUOSO_BIN not found; apt-get install virtuoso-opensource-7-bin (or set VIRTUOSO_BIN)" >&2; exit 1; }
    [ -n "${VIRTUOSO_PASSWORD:-}" ] || { echo "virtuoso-local: set VIRTUOSO_PASSWORD (the dba password; configuration, not code)" >&2; exit 1; }
    mkdir -p "$db" "$out"
    db=$(cd "$db" && pwd); out=$(cd "$out" && pwd)
    case "$out$db" in *,*) echo "virtuoso-local: folder names with a comma cannot go into DirsAllowed" >&2; exit 1;; esac
    # 8 KB pages: a quarter of the available memory, at most 8 GiB; 3/4 of them may be dirty (Virtuoso's advice).
    avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
    buffers=$(( avail_kb / 4 / 8 )); [ "$buffers" -gt 1000000 ] && buffers=1000000; [ "$buffers" -lt 10000 ] && buffers=10000
    cat > "$db/virtuoso.ini" <<EOF
[Database]
DatabaseFile = $db/virtuoso.db
ErrorLogFile = $db/virtuoso.log
LockFile = $db/virtuoso.lck
TransactionFile = $db/virtuoso.trx
xa_persistent_file = $db/virtuoso.pxa
FileExtend = 200
MaxCheckpointRemap = 250000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = $db/virtuoso-temp.db
TransactionFile = $db/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = $buffers
MaxDirtyBuffers = $(( buffers * 3 / 4 ))
DirsAllowed = ., $db, $out
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
EOF
    fresh=0; [ -f "$db/virtuoso.db" ] || fresh=1
    (cd "$db" && nohup "$VIRTUOSO_BIN" +foreground +configfile "$db/virtuoso.ini" >"$db/stdout.log" 2>&1 & echo $! >"$db/virtuoso.pid")
    for _ in $(seq 1 180); do
      curl -sf -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D" && break
      live=$(sed -n 's/^VIRT_PID=//p' "$db/virtuoso.lck" 2>/dev/null || true)
      kill -0 "${live:-$(cat "$db/virtuoso.pid")}" 2>/dev/null || { echo "virtuoso-local: virtuoso-t exited; see $db/virtuoso.log" >&2; tail -20 "$db/virtuoso.log" >&2; exit 1; }
      sleep 1
    done
    if [ "$fresh" = 1 ]; then
      # A new database has dba/dba: the configured password replaces it before anything else connects.
      printf "user_set_password('dba', '%s');\n" "${VIRTUOSO_PASSWORD//\'/\'\'}" | "$ISQL_BIN" "127.0.0.1:$sql" dba dba >/dev/null
    fi
    lck_pid=$(sed -n 's/^VIRT_PID=//p' "$db/virtuoso.lck" 2>/dev/null || true)
    [ -n "$lck_pid" ] && echo "$lck_pid" >"$db/virtuoso.pid"
    echo "virtuoso-local: running (pid $(cat "$db/virtuoso.pid"), $buffers buffers); use"
    echo "  STORE_USER=dba STORE_PASSWORD=\"\$VIRTUOSO_PASSWORD\" archive-ld build --out $out --store 'sparql+http://127.0.0.1:$http/sparql?bulk=isql://127.0.0.1:$sql'"
    ;;
  *) usage ;;
esac
