#!/usr/bin/env bash
# Benchmark matrix: nps against DuckDB (duckdb-go) on generated exports,
# every command and format of issue 17, alternated in one run.
#
#   bench/run.sh                                  3M rows, 3 rounds
#   ROWS=1000000 RUNS=5 BASE=6cf556b bench/run.sh  also nps as of BASE
#
# It builds nps, npsgen, measure and bench/duckdb (its own module, so DuckDB
# never enters the nps binary or go.mod), and with BASE=REV the nps of that
# revision (from `git archive`, into $BENCH_DIR); it generates the exports
# into $BENCH_DIR (default bench/data, ignored by git): ROWS rows of CSV
# (npsgen -comment-share 1 -respondents ROWS*2/3: about half the rows'
# e-mails distinct), the same as JSON Lines and gzipped CSV, ROWS/3 rows as
# a JSON array and 100,000 as a workbook. It runs every row of the matrix
# in turn, round after round (DuckDB, then nps, then nps as of BASE), so
# that a noisy neighbour hurts all alike, each row after reading its file
# into the page cache again (the machines evict it now and then). It
# prints one Markdown table of medians: wall and CPU seconds and peak RSS
# (bench/measure) and each nps's wall time as a ratio to DuckDB's. MILLER=1
# adds Miller's overall and grouped queries. The exports are held in the
# page cache while it runs (bench/pin) where the user may lock memory. Not
# part of CI: it needs a few GB of disk, cgo, and many minutes.
# bench/linearity.sh times nps alone.
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-3000000}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-bench/data}
BASE=${BASE:-}
MILLER=${MILLER:-0}
mkdir -p "$BENCH_DIR/bin"
BIN=$(cd "$BENCH_DIR/bin" && pwd)
D=$(cd "$BENCH_DIR" && pwd)

echo "building nps, npsgen, measure and the DuckDB runner..." >&2
go build -o "$BIN/nps" ./cmd/nps
go build -o "$BIN/npsgen" ./cmd/npsgen
go build -o "$BIN/measure" ./bench/measure
go build -o "$BIN/pin" ./bench/pin
(cd bench/duckdb && GOWORK=off go build -o "$BIN/duckdb-nps" .)
if [ -n "$BASE" ]; then
	rm -rf "$D/base-src" && mkdir -p "$D/base-src"
	git archive "$BASE" | tar -x -C "$D/base-src"
	(cd "$D/base-src" && go build -o "$BIN/nps-base" ./cmd/nps)
fi
if [ "$MILLER" = 1 ] && ! command -v mlr >/dev/null; then
	echo "installing Miller..." >&2
	apt-get update >/dev/null && apt-get install -y miller >/dev/null
fi

csv=$D/export-$ROWS.csv
[ -s "$csv" ] || "$BIN/npsgen" -rows "$ROWS" -seed 1 -comment-share 1 -respondents $((ROWS * 2 / 3)) >"$csv"
[ -s "$csv.gz" ] || gzip -c "$csv" >"$csv.gz"
jsonl=$D/export-$ROWS.jsonl
[ -s "$jsonl" ] || "$BIN/npsgen" -rows "$ROWS" -seed 1 -comment-share 1 -respondents $((ROWS * 2 / 3)) -format jsonl >"$jsonl"
json=$D/export-$((ROWS / 3)).json
[ -s "$json" ] || "$BIN/npsgen" -rows $((ROWS / 3)) -seed 1 -comment-share 1 -respondents $((ROWS * 2 / 9)) -format json >"$json"
xlsx=$D/export-100000.xlsx
[ -s "$xlsx" ] || "$BIN/npsgen" -rows 100000 -seed 1 -comment-share 1 -format xlsx >"$xlsx"
out=$D/classify-out.csv

# Hold the exports in the page cache for the whole run (bench/pin), where
# locking memory is allowed; the rereads before each row stay for where
# it is not.
"$BIN/pin" "$csv" "$csv.gz" "$jsonl" "$json" "$xlsx" >"$D/pin.log" 2>&1 &
pin=$!
trap 'kill "$pin" 2>/dev/null || true' EXIT
sleep 1
kill -0 "$pin" 2>/dev/null || echo "bench/run.sh: not pinned, measuring anyway: $(cat "$D/pin.log")" >&2

# The matrix: name | DuckDB query (- for none) | file | nps arguments.
MATRIX=(
	"score CSV|overall|$csv|score -q $csv"
	"score --by region --period month CSV|grouped|$csv|score -q --by region --period month $csv"
	"trend --period week CSV|trend|$csv|trend -q --period week $csv"
	"dist CSV|dist|$csv|dist -q $csv"
	"compare --period month CSV|compare|$csv|compare -q --period month $csv"
	"score JSON Lines|overall|$jsonl|score -q $jsonl"
	"score JSON array|overall|$json|score -q $json"
	"score CSV gzip|overall|$csv.gz|score -q $csv.gz"
	"classify --only detractors -f csv -o|classify|$csv|classify -q --only detractors -f csv -o $out $csv"
	"classify --latest-per email -o|classifylatest|$csv|classify -q --latest-per email -o $out $csv"
	"inspect|inspect|$csv|inspect -q $csv"
	"score --latest-per email|latest|$csv|score -q --latest-per email $csv"
	"score --by response_id|byid|$csv|score -q --by response_id -f csv $csv"
	"trend --by email --period month|trendby|$csv|trend -q --by email --period month -f csv $csv"
	"followup --id-col email -o|followup|$csv|followup -q --id-col email -o $out $csv"
	"score xlsx (100k rows)|-|$xlsx|score -q $xlsx"
)
MLR_OVERALL=(mlr --icsv --ojson filter '$score != ""' then put '$cat = $score >= 9 ? "p" : ($score <= 6 ? "d" : "x")' then count-distinct -f cat)
MLR_GROUPED=(mlr --icsv --ojson filter '$score != ""' then put '$period = substr($submitted_at, 0, 6); $cat = $score >= 9 ? "p" : ($score <= 6 ? "d" : "x")' then count-distinct -f region,period,cat)

# measure NAME CMD...: one run; appends "wall user sys rss_kb" to $D/m-NAME.
measure() {
	local name=$1
	shift
	"$BIN/measure" "$@" >>"$D/m-$name"
}
# median NAME COLUMN (0: user + sys)
median() {
	[ -s "$D/m-$1" ] || return 0
	awk -v c="$2" '{print c ? $c : $2 + $3}' "$D/m-$1" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

cat "$csv" "$csv.gz" "$jsonl" "$json" "$xlsx" >/dev/null # page cache
rm -f "$D"/m-*
for round in $(seq "$RUNS"); do
	echo "round $round of $RUNS..." >&2
	measure cat cat "$csv"
	for k in "${!MATRIX[@]}"; do
		IFS='|' read -r _ q f args <<<"${MATRIX[$k]}"
		cat "$f" >/dev/null # back into the page cache: the machines evict it now and then
		if [ "$q" = classify ] || [ "$q" = classifylatest ] || [ "$q" = followup ]; then
			measure "duck-$k" "$BIN/duckdb-nps" "$q" "$f" "$out"
		elif [ "$q" != - ]; then
			measure "duck-$k" "$BIN/duckdb-nps" "$q" "$f"
		fi
		# shellcheck disable=SC2086 # the arguments are words
		measure "nps-$k" "$BIN/nps" $args
		if [ -n "$BASE" ]; then
			# shellcheck disable=SC2086
			measure "base-$k" "$BIN/nps-base" $args
		fi
	done
	if [ "$MILLER" = 1 ]; then
		measure mlr-0 "${MLR_OVERALL[@]}" "$csv"
		measure mlr-1 "${MLR_GROUPED[@]}" "$csv"
	fi
done

cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
echo "machine: $(nproc) cores, $cpu, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), $(uname -sr); $RUNS rounds; $(git rev-parse --short HEAD)${BASE:+ against $BASE}"
echo "files: CSV $(($(stat -c %s "$csv") / 1000000)) MB ($ROWS rows), gzip $(($(stat -c %s "$csv.gz") / 1000000)) MB, JSON Lines $(($(stat -c %s "$jsonl") / 1000000)) MB, JSON array $(($(stat -c %s "$json") / 1000000)) MB ($((ROWS / 3)) rows), xlsx $(($(stat -c %s "$xlsx") / 1000000)) MB (100000 rows); cat CSV > /dev/null: $(median cat 1) s"
echo
# cell NAME: "wall s / CPU s / peak MB", medians.
cell() {
	local w
	w=$(median "$1" 1)
	[ -n "$w" ] || { echo "n/a"; return; }
	awk -v w="$w" -v c="$(median "$1" 0)" -v r="$(median "$1" 4)" 'BEGIN{printf "%.2f s / %.2f s / %.0f MB", w, c, r / 1024}'
}
ratio() { # NAME BASE-NAME
	local a b
	a=$(median "$1" 1)
	b=$(median "$2" 1)
	[ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN{printf "%.2f×", a / b}' || echo ""
}
if [ -n "$BASE" ]; then
	echo "| path | DuckDB: wall / CPU / peak | nps $BASE: wall / CPU / peak | vs DuckDB | nps: wall / CPU / peak | vs DuckDB |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: |"
else
	echo "| path | DuckDB: wall / CPU / peak | nps: wall / CPU / peak | vs DuckDB |"
	echo "| --- | ---: | ---: | ---: |"
fi
for k in "${!MATRIX[@]}"; do
	IFS='|' read -r name _ _ _ <<<"${MATRIX[$k]}"
	if [ -n "$BASE" ]; then
		echo "| $name | $(cell "duck-$k") | $(cell "base-$k") | $(ratio "base-$k" "duck-$k") | $(cell "nps-$k") | $(ratio "nps-$k" "duck-$k") |"
	else
		echo "| $name | $(cell "duck-$k") | $(cell "nps-$k") | $(ratio "nps-$k" "duck-$k") |"
	fi
done
if [ "$MILLER" = 1 ]; then
	echo
	echo "Miller: overall $(cell mlr-0) ($(ratio mlr-0 duck-0) DuckDB), by region and month $(cell mlr-1) ($(ratio mlr-1 duck-1))"
fi
