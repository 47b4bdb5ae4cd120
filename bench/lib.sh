# shellcheck shell=bash
# Usage: source "$(dirname "$0")/lib.sh"   (from the bench/ scripts; not meant to be run on its own)
#
# Shared helpers of the benchmark scripts: settings, PostgreSQL, starting/stopping the service, uploading a
# file and following the import while sampling API latency, peak RSS and CPU.
#
# Settings (environment, with defaults):
#   PGHOST=localhost PGPORT=5432 PGUSER=bulkimport PGPASSWORD=bulkimport   PostgreSQL the benchmarks use
#   BENCH_DB=bulkimport_bench      database the scripts drop and create (never anything else); for a role without
#                                  CREATEDB, a database it owns, emptied instead (see DB_EMPTY_ONLY below)
#   BENCH_JAR=target/bulk-import.jar   the service jar (copy it somewhere private if others rebuild)
#   BENCH_PORT=18089               HTTP port of the service under test
#   BENCH_JAVA=java                java binary;  BENCH_JAVA_OPTS="" extra JVM options (e.g. JFR)
#   BENCH_HEAP=256m                the service's -Xmx, as in the README's run command
#   BENCH_SAMPLE_MS=200            API latency / RSS sampling interval
#   BENCH_TIMEOUT=3600             seconds to wait for one import before giving up
#   BENCH_OUT=bench/out            generated files, logs, results.tsv
#   BENCH_KEEP_DB=1                keep the database after the run;  BENCH_KEEP_WORK=1  keep the service's work/inbox
#   BENCH_RUN_ID                   tag written to results.tsv (run-all sets one for all its children)
#   BENCH_QUIET_PCT=15 BENCH_QUIET_WAIT=300   before each timed step, wait up to BENCH_QUIET_WAIT s for the
#                                  machine to be idle (busy below BENCH_QUIET_PCT % of all CPUs over 2 s); 0 = off

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

export PGHOST=${PGHOST:-localhost}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-bulkimport}
export PGPASSWORD=${PGPASSWORD:-bulkimport}
BENCH_DB=${BENCH_DB:-bulkimport_bench}
BENCH_JAR=${BENCH_JAR:-$ROOT/target/bulk-import.jar}
# the service runs in its own folder: a jar or route folder named relative to where the script was started is made
# absolute
case $BENCH_JAR in /*) ;; *) BENCH_JAR=$PWD/$BENCH_JAR ;; esac
[ -z "${IMPORT_ROUTES:-}" ] || case $IMPORT_ROUTES in /*) ;; *) IMPORT_ROUTES=$PWD/$IMPORT_ROUTES ;; esac
BENCH_PORT=${BENCH_PORT:-18089}
BENCH_JAVA=${BENCH_JAVA:-java}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BENCH_HEAP=${BENCH_HEAP:-256m}
BENCH_SAMPLE_MS=${BENCH_SAMPLE_MS:-200}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-3600}
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/out}
BENCH_RUN_ID=${BENCH_RUN_ID:-$(date +%Y%m%d-%H%M%S)}
RESULTS_TSV=$BENCH_OUT/results.tsv
BASE_URL="http://localhost:$BENCH_PORT"

mkdir -p "$BENCH_OUT"

SERVICE_PID=""      # the java process
SERVICE_WRAPPER=""  # GNU time wrapping it, when present
SERVICE_DIR=""
SERVICE_LOG=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# seconds since the epoch with microseconds, without a fork where bash offers it
now() { if [ -n "${EPOCHREALTIME:-}" ]; then printf '%s\n' "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }
# awk arithmetic on decimals: calc 'expr'
calc() { awk "BEGIN { print $1 }"; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v == "" || v == "n/a" || v == "null") print "n/a"; else printf f "\n", v }'; }

require_tools() {
  local t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || die "needs '$t' on the PATH"; done
}

# ---------------------------------------------------------------------------------------------------------------
# One benchmark per database at a time: a second one would drop the first one's BENCH_DB (with force). A lock
# directory named after PGHOST/PGPORT/BENCH_DB holds the owner's pid; a lock whose owner is gone is taken over.
# run-all holds it for its children (BENCH_LOCK_HELD=1).
LOCK_DIR=${TMPDIR:-/tmp}/bulk-import-bench-$PGHOST-$PGPORT-$BENCH_DB.lock
LOCK_OWNED=0
bench_lock() {
  [ "${BENCH_LOCK_HELD:-0}" = 1 ] && return 0
  local owner
  while ! mkdir "$LOCK_DIR" 2>/dev/null; do
    owner=$(cat "$LOCK_DIR/pid" 2>/dev/null || true)
    if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then
      die "another benchmark is using database $BENCH_DB (pid $owner: $(cat "$LOCK_DIR/what" 2>/dev/null)); wait for it or set BENCH_DB and BENCH_PORT"
    fi
    if [ -z "$owner" ] && [ -n "$(find "$LOCK_DIR" -maxdepth 0 -newermt '5 seconds ago' 2>/dev/null)" ]; then
      sleep 1; continue   # just created by someone who is about to write the pid
    fi
    log "taking over a stale benchmark lock (pid ${owner:-?} is gone)"
    rm -rf "$LOCK_DIR"
  done
  echo $$ > "$LOCK_DIR/pid"
  echo "$0 $*" > "$LOCK_DIR/what"
  LOCK_OWNED=1
}
bench_unlock() {
  if [ "$LOCK_OWNED" = 1 ]; then rm -rf "$LOCK_DIR"; LOCK_OWNED=0; fi
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
psql_admin() { psql_db postgres "$@"; }
pg_version() { psql_admin -Atc 'show server_version'; }

# A role that may not create databases can still run the benchmarks in a database made for it and owned by it
# (su postgres -c "psql -c 'create database bulkimport_bench owner bulkimport'"): check_pg then sets DB_EMPTY_ONLY=1,
# and "drop" and "re-create" both empty that database (its public schema dropped and made again) instead.
DB_EMPTY_ONLY=0
empty_db() {
  psql_db "$BENCH_DB" -c 'set client_min_messages = warning' -c 'drop schema if exists public cascade' \
    -c 'create schema public' >/dev/null
}

# drop BENCH_DB; an autovacuum worker busy on it (normal after a big import) cannot be terminated by a role
# without pg_signal_backend, so retry until it has finished (BENCH_DROP_WAIT seconds, default 300)
drop_db() {
  # an explicit status: a bare return in the EXIT trap would return the status that made the script exit
  if [ "$DB_EMPTY_ONLY" = 1 ]; then empty_db; return $?; fi
  local deadline=$((SECONDS + ${BENCH_DROP_WAIT:-300})) err
  while :; do
    if err=$(psql_admin -c 'set client_min_messages = warning' \
               -c "drop database if exists \"$BENCH_DB\" with (force)" 2>&1 >/dev/null); then
      return 0
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "could not drop database $BENCH_DB: $err"
      return 1
    fi
    sleep 2
  done
}

recreate_db() {
  if [ "$DB_EMPTY_ONLY" = 1 ]; then
    log "emptying database $BENCH_DB"
    empty_db || die "could not empty database $BENCH_DB"
    return 0
  fi
  log "recreating database $BENCH_DB"
  drop_db || die "database $BENCH_DB is in use"
  psql_admin -c "create database \"$BENCH_DB\"" >/dev/null
}

check_pg() {
  psql_admin -Atc 'select 1' >/dev/null 2>&1 ||
    die "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER (start it, e.g. pg_ctlcluster 15 main start)"
  [ "$(psql_admin -Atc 'select rolcreatedb or rolsuper from pg_roles where rolname = current_user')" = t ] && return 0
  if [ "$(psql_admin -Atc "select pg_get_userbyid(datdba) = current_user from pg_database where datname = '$BENCH_DB'")" = t ]; then
    DB_EMPTY_ONLY=1
    log "role $PGUSER may not create databases: database $BENCH_DB (its own) is emptied instead of re-created"
    return 0
  fi
  die "role $PGUSER may not create databases: su postgres -c \"psql -c 'alter role $PGUSER createdb'\", or give it a database: su postgres -c \"psql -c 'create database $BENCH_DB owner $PGUSER'\""
}

# ---------------------------------------------------------------------------------------------------------------
# Test data
contacts_file() {  # contacts_file ROWS -> path of the cached CSV (generated on first use)
  local rows=$1 f="$BENCH_OUT/contacts-$1.csv"
  if [ ! -s "$f" ] || [ "$(($(wc -l < "$f") - 1))" != "$rows" ]; then
    log "generating $rows contacts -> $f"
    "$BENCH_DIR/generate-contacts" "$rows" "$f"
  fi
  printf '%s\n' "$f"
}

# ---------------------------------------------------------------------------------------------------------------
# The service
gnu_time() {  # prints the GNU time binary, if there is one
  local t=${BENCH_TIME:-/usr/bin/time}
  if [ -x "$t" ] && "$t" --version 2>&1 | grep -q GNU; then printf '%s\n' "$t"; fi
}

start_service() {  # start_service NAME  -> SERVICE_PID, SERVICE_LOG; the database must exist
  local name=$1 t
  [ -f "$BENCH_JAR" ] || die "no jar at $BENCH_JAR (build with: mvn -B -q -o package -DskipTests)"
  if curl -s -o /dev/null --max-time 2 "$BASE_URL/" 2>/dev/null; then
    die "port $BENCH_PORT is already in use; set BENCH_PORT"
  fi
  SERVICE_DIR="$BENCH_OUT/run-$BENCH_RUN_ID-$name"
  rm -rf "$SERVICE_DIR"
  mkdir -p "$SERVICE_DIR/inbox" "$SERVICE_DIR/work"
  SERVICE_LOG="$SERVICE_DIR/service.log"
  # the same JVM flags as the README's run command
  local -a cmd=("$BENCH_JAVA" "-Xmx$BENCH_HEAP" -XX:+ExitOnOutOfMemoryError)
  # shellcheck disable=SC2206  # options are split on purpose
  [ -n "$BENCH_JAVA_OPTS" ] && cmd+=($BENCH_JAVA_OPTS)
  cmd+=(-jar "$BENCH_JAR")
  t=$(gnu_time)
  log "starting service ($BENCH_JAR) on port $BENCH_PORT, log $SERVICE_LOG"
  rm -f "$SERVICE_DIR/java.pid"
  (
    export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" DB_USER="$PGUSER" DB_PASSWORD="$PGPASSWORD"
    export HTTP_PORT="$BENCH_PORT" IMPORT_INBOX="$SERVICE_DIR/inbox" IMPORT_WORK_DIR="$SERVICE_DIR/work"
    export IMPORT_ROUTES="${IMPORT_ROUTES:-$ROOT/routes}"
    cd "$SERVICE_DIR"
    # the inner bash writes its pid and becomes java, so the pid file names the JVM itself
    if [ -n "$t" ]; then
      exec "$t" -v -o "$SERVICE_DIR/gnu-time.txt" bash -c 'echo $$ > java.pid; exec "$@"' _ "${cmd[@]}"
    else
      exec bash -c 'echo $$ > java.pid; exec "$@"' _ "${cmd[@]}"
    fi
  ) > "$SERVICE_LOG" 2>&1 &
  SERVICE_WRAPPER=$!
  local deadline=$((SECONDS + 180))
  while [ ! -s "$SERVICE_DIR/java.pid" ]; do
    [ $SECONDS -lt $deadline ] || die "service did not start"
    sleep 0.05
  done
  SERVICE_PID=$(cat "$SERVICE_DIR/java.pid")
  until curl -sf -o /dev/null --max-time 2 "$BASE_URL/api/pipelines"; do
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      tail -40 "$SERVICE_LOG" >&2
      die "service exited during start-up (log: $SERVICE_LOG)"
    fi
    [ $SECONDS -lt $deadline ] || { tail -40 "$SERVICE_LOG" >&2; die "service not ready after 180 s"; }
    sleep 0.25
  done
  log "service up, pid $SERVICE_PID"
}

stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  if kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      log "service did not stop in 60 s, killing it"
      kill -KILL "$SERVICE_PID" 2>/dev/null || true
    fi
  fi
  [ -n "$SERVICE_WRAPPER" ] && wait "$SERVICE_WRAPPER" 2>/dev/null || true
  SERVICE_PID=""
  SERVICE_WRAPPER=""
  # what the service left behind in its folders (uploads it kept, ...), then free the disk unless BENCH_KEEP_WORK=1
  if [ -n "$SERVICE_DIR" ] && [ -d "$SERVICE_DIR/work" ]; then
    local left
    left=$(du -sm "$SERVICE_DIR/work" "$SERVICE_DIR/inbox" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
    [ "$left" -gt 1 ] && log "the service left ${left} MB in its work/inbox folders ($(find "$SERVICE_DIR/work" "$SERVICE_DIR/inbox" -type f 2>/dev/null | wc -l) files)"
    [ "${BENCH_KEEP_WORK:-0}" = 1 ] || rm -rf "$SERVICE_DIR/work" "$SERVICE_DIR/inbox"
  fi
}

# peak RSS of the JVM in MB so far: VmHWM from /proc; empty if unavailable
vm_hwm_mb() {
  [ -n "$SERVICE_PID" ] && [ -r "/proc/$SERVICE_PID/status" ] || return 0
  awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVICE_PID/status" 2>/dev/null || true
}

# after stop_service: the whole process's maximum RSS in MB from GNU time, if it ran under it
gnu_time_max_rss_mb() {
  local f="$SERVICE_DIR/gnu-time.txt"
  [ -s "$f" ] || return 0
  awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.1f\n", $2 / 1024 }' "$f"
}

# problems in the service log: "ERRORS WARNINGS"
log_problems() {
  local e w
  e=$(grep -c -E '^[0-9:.]+ ERROR' "$SERVICE_LOG" 2>/dev/null || true)
  w=$(grep -c -E '^[0-9:.]+ WARN' "$SERVICE_LOG" 2>/dev/null || true)
  echo "${e:-0} ${w:-0}"
}

# ---------------------------------------------------------------------------------------------------------------
# CPU accounting: ticks used by the JVM and by the PostgreSQL processes serving BENCH_DB (plus its
# background processes), read from /proc.  Only meaningful when PostgreSQL runs on this machine.
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
declare -A PG_CPU0=()
JVM_CPU0=0
T_CPU0=0
ALL_CPU0=0

# busy ticks of the whole machine (all CPUs) from /proc/stat: user nice system irq softirq steal
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || echo 0; }

proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_pids() {
  psql_admin -Atc "select pid from pg_stat_activity where (datname = '$BENCH_DB' or datname is null)
                   and pid <> pg_backend_pid()" 2>/dev/null || true
}
cpu_mark() {
  local p
  PG_CPU0=()
  for p in $(pg_pids); do PG_CPU0[$p]=$(proc_ticks "$p"); done
  JVM_CPU0=$(proc_ticks "$SERVICE_PID")
  ALL_CPU0=$(machine_ticks)
  T_CPU0=$(now)
}
# wait_quiet: on a shared machine, wait (bounded) until nothing else keeps the CPUs busy; the "other CPU" column
# of the results shows how well that worked
wait_quiet() {
  local max=${BENCH_QUIET_WAIT:-300} pct=${BENCH_QUIET_PCT:-15} start=$SECONDS a b busy cpus
  [ "$max" -gt 0 ] || return 0
  cpus=$(nproc 2>/dev/null || echo 1)
  while :; do
    a=$(machine_ticks); sleep 2; b=$(machine_ticks)
    busy=$(calc "int(($b - $a) / $CLK_TCK / 2 / $cpus * 100)")
    [ "$busy" -lt "$pct" ] && return 0
    if [ $((SECONDS - start)) -ge "$max" ]; then
      log "machine still ${busy}% busy after ${max} s of waiting; measuring anyway (see the other CPU column)"
      return 0
    fi
    [ $((SECONDS - start)) -lt 3 ] && log "machine ${busy}% busy (other processes); waiting for it to settle ..."
  done
}

# cpu_since_mark -> "JVM_SECONDS PG_SECONDS OTHER_SECONDS WALL_SECONDS"; OTHER = everything else on the machine
# (other processes, other databases, psql, curl, the kernel), a measure of how quiet the machine was
cpu_since_mark() {
  local p pg=0 t all
  for p in $(pg_pids); do
    t=$(proc_ticks "$p")
    pg=$((pg + t - ${PG_CPU0[$p]:-0}))
  done
  t=$(proc_ticks "$SERVICE_PID")
  all=$(machine_ticks)
  calc "sprintf(\"%.1f %.1f %.1f %.1f\", ($t - $JVM_CPU0) / $CLK_TCK, $pg / $CLK_TCK, ($all - $ALL_CPU0 - ($t - $JVM_CPU0) - $pg) / $CLK_TCK, $(now) - $T_CPU0)"
}

# ---------------------------------------------------------------------------------------------------------------
# Imports
json_field() {  # json_field NAME < json  (flat job JSON as the service writes it)
  sed -n 's/.*"'"$1"'":\("\([^"]*\)"\|\([^,}]*\)\).*/\2\3/p' | head -n 1
}

# upload FILE QUERY [CONTENT_TYPE] -> prints the import id; dies on anything but 202
upload() {
  local file=$1 query=$2 type=${3:-text/csv} body code
  body="$SERVICE_DIR/upload-$(date +%s%N).json"
  code=$(curl -s -o "$body" -w '%{http_code}' -X POST --data-binary @"$file" -H "Content-Type: $type" \
    "$BASE_URL/api/imports/contacts?$query")
  [ "$code" = 202 ] || { cat "$body" >&2; echo >&2; die "upload answered $code, expected 202"; }
  json_field id < "$body"
}

# Pollers that start no process. With curl, sed and awk started on every sample, a poller took ~0.5 of this 2-CPU
# machine's CPUs (the "other CPU" column) and slowed the import it measured, a reader-bound import (an .xlsx) far
# more than a database-bound one; these use bash's /dev/tcp, EPOCHREALTIME and a read with a timeout instead.

# http_get PATH -> HTTP_CODE (000 when no answer) and HTTP_BODY of GET BASE_URL/PATH: HTTP/1.0, one connection per
# request (as curl made them), at most 30 s
http_get() {
  local hostport=${BASE_URL#http://} fd resp=""
  HTTP_CODE=000
  HTTP_BODY=""
  { exec {fd}<>"/dev/tcp/${hostport%%:*}/${hostport##*:}"; } 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\n\r\n' "$1" "$hostport" >&"$fd"
  IFS= read -r -d '' -t 30 resp <&"$fd" || true
  exec {fd}>&-
  [[ $resp =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] && HTTP_CODE=${BASH_REMATCH[1]}
  HTTP_BODY=${resp#*$'\r\n\r\n'}
}

# micros -> microseconds since the epoch
micros() { REPLY=${EPOCHREALTIME/[.,]/}; }

# pause_until MICROS: sleeps until that moment (at least 10 ms), on a pipe nobody writes to
PAUSE_FD=""
pause_until() {
  local us line
  micros; us=$(($1 - REPLY))
  [ "$us" -lt 10000 ] && us=10000
  [ -n "$PAUSE_FD" ] || exec {PAUSE_FD}<> <(:)
  printf -v line '%d.%06d' $((us / 1000000)) $((us % 1000000))
  read -r -t "$line" -u "$PAUSE_FD" line || true
}

# json_status JSON -> REPLY: the job's status, empty when there is none
json_status() { REPLY=""; [[ $1 =~ \"status\":\"([a-z_]+)\" ]] && REPLY=${BASH_REMATCH[1]}; return 0; }

# follow_import ID LABEL: polls GET /api/imports/ID every BENCH_SAMPLE_MS until the job is finished, recording each
# request's latency; sets FINAL_JSON, FINAL_STATUS, LAT_FILE, PEAK_RSS_MB (VmHWM, sampled each poll).
follow_import() {
  local id=$1 label=$2 deadline=$((SECONDS + BENCH_TIMEOUT)) status="" t0 took line
  LAT_FILE="$SERVICE_DIR/latency-$label.txt"
  : > "$LAT_FILE"
  PEAK_RSS_MB=""
  while :; do
    micros; t0=$REPLY
    http_get "/api/imports/$id"
    micros; took=$((REPLY - t0))
    [ "$HTTP_CODE" = 200 ] || { log "GET /api/imports/$id answered $HTTP_CODE"; kill -0 "$SERVICE_PID" 2>/dev/null || die "service died (log: $SERVICE_LOG)"; }
    json_status "$HTTP_BODY"; [ -n "$REPLY" ] && status=$REPLY
    if [ -r "/proc/$SERVICE_PID/status" ]; then
      while read -r line; do
        [[ $line =~ ^VmHWM:[[:space:]]+([0-9]+) ]] && { PEAK_RSS_MB=$((BASH_REMATCH[1] / 1024)).$((BASH_REMATCH[1] % 1024 * 10 / 1024)); break; }
      done < "/proc/$SERVICE_PID/status"
    fi
    case "$status" in
      completed|completed_with_errors|failed|cancelled|rolled_back) break ;;
    esac
    # only samples taken while the import runs count for the latency figures (milliseconds)
    [ "$HTTP_CODE" = 200 ] && printf '%d.%03d\n' $((took / 1000)) $((took % 1000)) >> "$LAT_FILE"
    [ $SECONDS -lt $deadline ] || die "import $id not finished after $BENCH_TIMEOUT s"
    pause_until $((t0 + BENCH_SAMPLE_MS * 1000))   # a steady cadence
  done
  printf '%s\n' "$HTTP_BODY" > "$SERVICE_DIR/job-$label.json"
  FINAL_JSON=$HTTP_BODY
  FINAL_STATUS=$status
}

# percentile P FILE -> nearest-rank percentile of the numbers in FILE, 1 decimal
percentile() {
  sort -n "$2" | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } r = int(p / 100 * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR; printf "%.1f\n", v[r] }'
}

# ---------------------------------------------------------------------------------------------------------------
# Results
RESULTS_HEADER=$'run_id\tbenchmark\tmethod\trows\tseconds\trows_per_s\tx_raw_copy\tservice_rows_per_s\tpeak_rss_mb\tapi_p50_ms\tapi_p99_ms\tapi_samples\tjvm_cpu_s\tpg_cpu_s\tother_cpu_s\tstatus\tjar_sha\tgit\thost\tjava_opts'

append_result() {  # append_result FIELD... (in RESULTS_HEADER order, without the last three)
  if [ ! -s "$RESULTS_TSV" ]; then printf '%s\n' "$RESULTS_HEADER" > "$RESULTS_TSV"; fi
  local IFS=$'\t'
  printf '%s\t%s\t%s\t%s\t%s\n' "$*" "$(jar_id)" "$(git_id)" "$(hostname 2>/dev/null || echo '?')" "${BENCH_JAVA_OPTS:--}" >> "$RESULTS_TSV"
}
jar_id() { sha256sum "$BENCH_JAR" 2>/dev/null | cut -c1-12 || echo '?'; }
git_id() {
  local c
  c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || { echo '?'; return; }
  if [ -n "$(git -C "$ROOT" status --porcelain -- src routes pom.xml 2>/dev/null)" ]; then c="$c+dirty"; fi
  echo "$c"
}

# print_table TSV-LINES...: the human table (method, rows, seconds, rows/s, x raw copy, peak RSS MB, API p50/p99)
print_table() {
  awk -F'\t' 'BEGIN {
      printf "%-34s %10s %9s %10s %11s %12s %12s %12s\n", "method", "rows", "seconds", "rows/s", "x raw copy", "peak RSS MB", "API p50 ms", "API p99 ms"
    }
    { printf "%-34s %10s %9s %10s %11s %12s %12s %12s\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
}
