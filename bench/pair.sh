#!/usr/bin/env bash
# Paired runs: two commands alternated (A B A B ...), the ratio of A to B
# taken pair by pair, so that a machine whose speed drifts during the call
# still gives a meaningful ratio. Quote the median ratio; min and max show
# how noisy the machine was.
#
#   bench/pair.sh [-n RUNS] [-w FILE]... -- 'COMMAND A' 'COMMAND B'
#
# Each command is one string split into words (no shell). -w FILE reads
# FILE into the page cache before every run (the machines here evict it
# now and then). Prints wall and CPU seconds and peak RSS of each (min,
# median, max) and the A/B ratios of wall and CPU time.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=7
warm=()
while [ $# -gt 0 ]; do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-w) warm+=("$2"); shift 2 ;;
	--) shift; break ;;
	*) echo "usage: bench/pair.sh [-n RUNS] [-w FILE]... -- 'COMMAND A' 'COMMAND B'" >&2; exit 2 ;;
	esac
done
[ $# -eq 2 ] || { echo "bench/pair.sh: give two commands after --" >&2; exit 2; }
read -r -a a <<<"$1"
read -r -a b <<<"$2"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/measure" ./bench/measure

one() { # OUT CMD...: one run after warming the files
	local out=$1
	shift
	[ ${#warm[@]} -eq 0 ] || cat "${warm[@]}" >/dev/null
	"$tmp/measure" "$@" >>"$out"
}
one /dev/null "${a[@]}" # warm-up, not counted
one /dev/null "${b[@]}"
for _ in $(seq "$runs"); do
	one "$tmp/a" "${a[@]}"
	one "$tmp/b" "${b[@]}"
done

# stats: min, median and max of the lines on standard input.
stats() { sort -g | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%8.3f %8.3f %8.3f\n", v[1], m, v[NR]}'; }
printf '%-14s %8s %8s %8s\n' "" min median max
for s in a b; do
	printf '%-14s ' "$s wall s"; awk '{print $1}' "$tmp/$s" | stats
	printf '%-14s ' "$s cpu s"; awk '{print $2 + $3}' "$tmp/$s" | stats
	printf '%-14s ' "$s peak MiB"; awk '{print $4 / 1024}' "$tmp/$s" | stats
done
printf '%-14s ' "A/B wall"; paste "$tmp/a" "$tmp/b" | awk '{print $1 / $5}' | stats
printf '%-14s ' "A/B cpu"; paste "$tmp/a" "$tmp/b" | awk '{print ($2 + $3) / ($6 + $7)}' | stats
