#!/usr/bin/env bash
# Benchmark: nps against DuckDB (duckdb-go) and Miller on generated exports.
#
#   bench/run.sh                 1M, 3M and 10M rows, 5 alternating runs each
#   ROWS="1000000" RUNS=3 bench/run.sh
#
# It builds nps and npsgen, builds bench/duckdb (its own module, so DuckDB
# never enters the nps binary or go.mod), installs Miller with apt-get when
# it is missing, generates the exports into $BENCH_DIR (default bench/data,
# ignored by git), warms the page cache, and then runs the tools in turn,
# round after round, so that a noisy neighbour hurts all of them alike. It
# prints a Markdown table of medians (wall seconds, CPU seconds and peak RSS
# from bench/measure) and ratios to DuckDB. Not part of CI: it needs a few
# GB of disk, cgo, and minutes. bench/linearity.sh times nps alone.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"1000000 3000000 10000000"}
RUNS=${RUNS:-5}
BENCH_DIR=${BENCH_DIR:-bench/data}
MILLER=${MILLER:-1} # 0 skips Miller (slow: minutes per 10M-row run)
mkdir -p "$BENCH_DIR"
mkdir -p "$BENCH_DIR/bin"
BIN=$(cd "$BENCH_DIR/bin" && pwd)

echo "building nps, npsgen, measure and the DuckDB runner..." >&2
go build -o "$BIN/nps" ./cmd/nps
go build -o "$BIN/npsgen" ./cmd/npsgen
go build -o "$BIN/measure" ./bench/measure
(cd bench/duckdb && GOWORK=off go build -o "$BIN/duckdb-nps" .)
if [ "$MILLER" = 1 ] && ! command -v mlr >/dev/null; then
	echo "installing Miller..." >&2
	apt-get update >/dev/null && apt-get install -y miller >/dev/null
fi
# measure NAME CMD...: one run; appends "wall user sys rss_kb" to $BENCH_DIR/NAME.
measure() {
	local name=$1
	shift
	"$BIN/measure" "$@" >>"$BENCH_DIR/$name"
}

# median FILE COLUMN (0: user + sys)
median() {
	awk -v c="$2" '{print c ? $c : $2 + $3}' "$1" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

MLR_OVERALL=(mlr --icsv --ojson filter '$score != ""' then put '$cat = $score >= 9 ? "p" : ($score <= 6 ? "d" : "x")' then count-distinct -f cat)
MLR_GROUPED=(mlr --icsv --ojson filter '$score != ""' then put '$period = substr($submitted_at, 0, 6); $cat = $score >= 9 ? "p" : ($score <= 6 ? "d" : "x")' then count-distinct -f region,period,cat)

cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
echo "machine: $(nproc) cores, $cpu, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), $(uname -sr)"
echo
echo "| rows | file | query | tool | wall (median) | CPU (median) | peak RSS (median) | vs DuckDB |"
echo "| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |"
for rows in $ROWS; do
	f=$BENCH_DIR/export-$rows-c1.csv # every row has a quoted comment: ~106 B/row, issue 6's shape
	[ -s "$f" ] || "$BIN/npsgen" -rows "$rows" -seed 1 -comment-share 1 >"$f"
	size=$(($(stat -c %s "$f") / 1000000))
	cat "$f" >/dev/null # page cache
	rm -f "$BENCH_DIR"/{cat,duck-o,duck-g,nps-o,nps-g,mlr-o,mlr-g}
	for _ in $(seq "$RUNS"); do
		measure cat cat "$f"
		measure duck-o "$BIN/duckdb-nps" overall "$f"
		measure nps-o "$BIN/nps" score -q "$f"
		measure duck-g "$BIN/duckdb-nps" grouped "$f"
		measure nps-g "$BIN/nps" score -q "$f" --by region --period month
		if [ "$MILLER" = 1 ] && [ "$rows" -le 3000000 ]; then
			measure mlr-o "${MLR_OVERALL[@]}" "$f"
			measure mlr-g "${MLR_GROUPED[@]}" "$f"
		fi
	done
	do=$(median "$BENCH_DIR/duck-o" 1)
	dg=$(median "$BENCH_DIR/duck-g" 1)
	row() { # query tool file base-wall
		[ -s "$BENCH_DIR/$3" ] || return 0
		local w c r
		w=$(median "$BENCH_DIR/$3" 1)
		c=$(median "$BENCH_DIR/$3" 0)
		r=$(median "$BENCH_DIR/$3" 4)
		awk -v rows="$rows" -v size="$size" -v q="$1" -v t="$2" -v w="$w" -v c="$c" -v r="$r" -v b="$4" 'BEGIN{
			ratio = (b == "") ? "" : sprintf("%.2f×", w / b)
			printf "| %s | %s MB | %s | %s | %.2f s | %.2f s | %.0f MB | %s |\n", rows, size, q, t, w, c, r / 1024, ratio }'
	}
	row "read the file" "cat > /dev/null" cat ""
	row "overall NPS" "DuckDB" duck-o "$do"
	row "overall NPS" "nps score" nps-o "$do"
	row "overall NPS" "Miller" mlr-o "$do"
	row "by region, month" "DuckDB" duck-g "$dg"
	row "by region, month" "nps score --by region --period month" nps-g "$dg"
	row "by region, month" "Miller" mlr-g "$dg"
done
