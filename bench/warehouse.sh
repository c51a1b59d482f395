#!/usr/bin/env bash
# Benchmark: nps --db against reading the same rows from a CSV file.
#
#   bench/warehouse.sh                   10M rows, 5 alternating runs
#   ROWS=1000000 RUNS=3 bench/warehouse.sh
#
# It builds nps, npsgen and bench/measure, generates an npsgen export into
# $BENCH_DIR (default bench/data, ignored by git), starts a PostgreSQL
# server and two ClickHouse servers (one cluster of two shards, a
# Distributed table over them) in temporary directories on free loopback
# ports, loads the export into both, and runs each query on the file, on
# PostgreSQL and on the ClickHouse cluster in turn, round after round, so
# that a noisy neighbour hurts all of them alike. It checks that the three
# give the same JSON, prints a Markdown table of medians (wall and CPU
# seconds of nps, peak RSS of nps) and stops the servers. Needs the Debian
# packages postgresql and clickhouse-server (installed when missing and
# run as root). Not part of CI: minutes and a few GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-10000000}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-bench/data}
mkdir -p "$BENCH_DIR/bin"
BIN=$(cd "$BENCH_DIR/bin" && pwd)

if ! command -v clickhouse-server >/dev/null || ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
	echo "installing postgresql and clickhouse-server..." >&2
	apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql clickhouse-server >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

echo "building nps, npsgen and measure..." >&2
go build -o "$BIN/nps" ./cmd/nps
go build -o "$BIN/npsgen" ./cmd/npsgen
go build -o "$BIN/measure" ./bench/measure
f=$BENCH_DIR/export-$ROWS.csv
[ -s "$f" ] || "$BIN/npsgen" -rows "$ROWS" -seed 1 >"$f"
f=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
TMP=$(mktemp -d /tmp/nps-warehouse-XXXXXX)
chmod 755 "$TMP" # the PostgreSQL server runs as postgres when we are root
PIDS=()
AS=()
cleanup() {
	[ -d "$TMP/pg/data" ] && "${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m fast -w stop >/dev/null || true
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap "exit 130" INT TERM # so that the servers are stopped on Ctrl-C too

echo "starting PostgreSQL and loading $ROWS rows..." >&2
mkdir -p "$TMP/pg"
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$TMP/pg"
	AS=(runuser -u postgres --) # PostgreSQL refuses to run as root
fi
PGPORT=$(free_port)
"${AS[@]}" "$PGBIN/initdb" -D "$TMP/pg/data" -U nps --auth=trust -E UTF8 --locale=C >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$TMP/pg/data" -l "$TMP/pg/log" -w start \
	-o "-p $PGPORT -k $TMP/pg -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_parallel_workers_per_gather=2" >/dev/null
PGURL="postgres://nps@127.0.0.1:$PGPORT/postgres?sslmode=disable"
psql -q "$PGURL" -c "CREATE TABLE responses (response_id text, submitted_at timestamptz, email text, region text, plan text, channel text, score text, comment text)"
psql -q "$PGURL" -c "COPY responses FROM STDIN (FORMAT csv, HEADER true)" <"$f"
psql -q "$PGURL" -c "VACUUM ANALYZE responses"

echo "starting two ClickHouse shards and loading..." >&2
CH_HTTP=() CH_TCP=()
for i in 0 1; do CH_HTTP+=("$(free_port)"); CH_TCP+=("$(free_port)"); done
shards=""
for i in 0 1; do shards+="<shard><replica><host>127.0.0.1</host><port>${CH_TCP[$i]}</port></replica></shard>"; done
for i in 0 1; do
	d=$TMP/ch$i
	mkdir -p "$d"
	cat >"$d/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/server.log</log><errorlog>$d/error.log</errorlog></logger>
  <http_port>${CH_HTTP[$i]}</http_port><tcp_port>${CH_TCP[$i]}</tcp_port><listen_host>127.0.0.1</listen_host>
  <path>$d/data/</path><tmp_path>$d/tmp/</tmp_path><mark_cache_size>268435456</mark_cache_size>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <profiles><default></default></profiles><quotas><default></default></quotas>
  <remote_servers><nps>$shards</nps></remote_servers>
</yandex>
EOF
	(cd "$d" && exec clickhouse-server --config-file="$d/config.xml" >"$d/out" 2>&1) &
	PIDS+=($!)
done
ch() { curl -sS --fail-with-body "http://127.0.0.1:${CH_HTTP[$1]}/?query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$2")" --data-binary @-; }
for i in 0 1; do
	until curl -s "http://127.0.0.1:${CH_HTTP[$i]}/ping" >/dev/null; do sleep 0.2; done
	ch "$i" "CREATE TABLE responses_local (submitted_at DateTime('UTC'), region String, plan String, channel String, score Nullable(String)) ENGINE = MergeTree() ORDER BY submitted_at" </dev/null
	# Half of the rows each, by a hash of the response id: PostgreSQL's
	# text COPY output is ClickHouse's TabSeparated input.
	psql -q "$PGURL" -c "COPY (SELECT extract(epoch FROM submitted_at)::bigint, region, plan, channel, score FROM responses WHERE abs(hashtext(response_id)) % 2 = $i) TO STDOUT" |
		ch "$i" "INSERT INTO responses_local FORMAT TabSeparated"
done
ch 0 "CREATE TABLE responses AS responses_local ENGINE = Distributed(nps, default, responses_local)" </dev/null
CHURL="clickhouse://127.0.0.1:${CH_HTTP[0]}/default"

median() {
	awk -v c="$2" '{print c ? $c : $2 + $3}' "$1" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

QUERIES=("score --by region --period month" "score")
cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
size=$(($(stat -c %s "$f") / 1000000))
echo "machine: $(nproc) cores, $cpu, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3); PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), ClickHouse $(echo "SELECT version()" | ch 0 "")"
echo "$ROWS rows, CSV $size MB; $RUNS alternating runs; nps's own wall, CPU and peak RSS (the servers' CPU is not counted)"
echo
echo "| query | source | wall (median) | nps CPU (median) | nps peak RSS (median) |"
echo "| --- | --- | ---: | ---: | ---: |"
for q in "${QUERIES[@]}"; do
	read -r -a args <<<"$q"
	rm -f "$TMP"/{file,pg,ch}.times
	"$BIN/nps" "${args[@]}" "$f" -f json >"$TMP/file.json"
	"$BIN/nps" "${args[@]}" --db "$PGURL" --table responses -f json >"$TMP/pg.json"
	"$BIN/nps" "${args[@]}" --db "$CHURL" --table responses -f json >"$TMP/ch.json"
	cmp -s "$TMP/file.json" "$TMP/pg.json" || { echo "PostgreSQL differs from the file: $q" >&2; exit 1; }
	cmp -s "$TMP/file.json" "$TMP/ch.json" || { echo "ClickHouse differs from the file: $q" >&2; exit 1; }
	for _ in $(seq "$RUNS"); do
		"$BIN/measure" "$BIN/nps" "${args[@]}" "$f" -f json >>"$TMP/file.times"
		"$BIN/measure" "$BIN/nps" "${args[@]}" --db "$PGURL" --table responses -f json >>"$TMP/pg.times"
		"$BIN/measure" "$BIN/nps" "${args[@]}" --db "$CHURL" --table responses -f json >>"$TMP/ch.times"
	done
	for src in "file:CSV file ($size MB)" "pg:PostgreSQL table" "ch:ClickHouse, 2 shards"; do
		t=${src%%:*}
		printf '| `nps %s` | %s | %.2f s | %.2f s | %.0f MiB |\n' "$q" "${src#*:}" "$(median "$TMP/$t.times" 1)" "$(median "$TMP/$t.times" 0)" "$(echo "$(median "$TMP/$t.times" 4) / 1024" | bc -l)"
	done
done
