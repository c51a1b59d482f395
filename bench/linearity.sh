#!/usr/bin/env bash
# Linearity: nps alone on the exports of bench/run.sh (same generator and
# seed), in alternating rounds. For each query and size it prints the median
# wall and CPU (user + system) time, a least-squares fit wall = a + b·rows
# with each size's residual, and the time per row against the largest size.
#
#   BENCH_DIR=/tmp/benchrun ROUNDS=9 bench/linearity.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-"1000000 3000000 10000000"}
ROUNDS=${ROUNDS:-9}
BENCH_DIR=${BENCH_DIR:-bench/data}
mkdir -p "$BENCH_DIR/bin"
BIN=$(cd "$BENCH_DIR/bin" && pwd)
go build -o "$BIN/nps" ./cmd/nps
go build -o "$BIN/npsgen" ./cmd/npsgen
go build -o "$BIN/measure" ./bench/measure

for rows in $ROWS; do
	f=$BENCH_DIR/export-$rows-c1.csv
	[ -s "$f" ] || "$BIN/npsgen" -rows "$rows" -seed 1 -comment-share 1 >"$f"
	cat "$f" >/dev/null # page cache
	rm -f "$BENCH_DIR/lin-o-$rows" "$BENCH_DIR/lin-g-$rows"
done
for _ in $(seq "$ROUNDS"); do
	for rows in $ROWS; do
		f=$BENCH_DIR/export-$rows-c1.csv
		"$BIN/measure" "$BIN/nps" score -q "$f" >>"$BENCH_DIR/lin-o-$rows"
		"$BIN/measure" "$BIN/nps" score -q "$f" --by region --period month >>"$BENCH_DIR/lin-g-$rows"
	done
done

# median FILE: "wall cpu" medians of a measure file.
median() {
	awk '{print $1}' "$1" | sort -g | awk '{v[NR]=$1} END{printf "%s ", v[int((NR+1)/2)]}'
	awk '{print $2 + $3}' "$1" | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'
}

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $ROUNDS rounds, medians"
for q in o g; do
	echo
	[ $q = o ] && echo "nps score (overall NPS):" || echo "nps score --by region --period month:"
	for rows in $ROWS; do
		echo "$rows $(median "$BENCH_DIR/lin-$q-$rows")"
	done | awk '
	{ n[NR] = $1; w[NR] = $2; c[NR] = $3 }
	END {
		k = NR
		for (i = 1; i <= k; i++) { sx += n[i]; sy += w[i]; sxx += n[i] * n[i]; sxy += n[i] * w[i] }
		b = (k * sxy - sx * sy) / (k * sxx - sx * sx); a = (sy - b * sx) / k
		printf "fit: wall = %.1f ms + %.1f ns × rows\n\n", a * 1e3, b * 1e9
		print "| rows | wall | fit | residual | CPU | wall per row | CPU per row | per row vs largest: wall, CPU |"
		print "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		for (i = 1; i <= k; i++) {
			f = a + b * n[i]
			printf "| %d | %.3f s | %.3f s | %+.1f%% | %.3f s | %.1f ns | %.1f ns | %+.0f%%, %+.0f%% |\n", n[i], w[i], f, (w[i] / f - 1) * 100, c[i],
				w[i] / n[i] * 1e9, c[i] / n[i] * 1e9, (w[i] / n[i] / (w[k] / n[k]) - 1) * 100, (c[i] / n[i] / (c[k] / n[k]) - 1) * 100
		}
	}'
done
