#!/usr/bin/env bash
# bench/reverse.sh — how long gdb's reverse-continue takes to go back one
# second of recorded time, in recordings of several lengths.
#
#   bench/reverse.sh [SECONDS...]      (default: 10 60 300)
#
# For each length it records bench/reverse.c running that many seconds (a
# CPU-and-syscall mix: ~20k multiply-adds, then getppid, in a loop; a call
# to second_mark() every second), then under "rrsup replay -s" and gdb:
# stops at the end, sets a breakpoint on second_mark and times
# reverse-continue (which must stop at the last second_mark, one second
# back), and times a plain replay for comparison.  It also reports the
# largest resident size of the replaying rrsup and its tracee (what
# checkpoints would hold; rrsup keeps none yet).  Results go to
# bench/REVERSE.md (or $OUT).
#
# Environment: RRSUP (default ./rrsup), OUT, KEEP=1 keeps the work dir.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RRSUP=${RRSUP:-$ROOT/rrsup}
OUT=${OUT:-$BENCH_DIR/REVERSE.md}
LENGTHS=("$@")
[ ${#LENGTHS[@]} -gt 0 ] || LENGTHS=(10 60 300)
W=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-reverse.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$W"' EXIT
command -v gdb >/dev/null || { echo "bench/reverse.sh: gdb is not installed" >&2; exit 2; }

gcc -g -O1 -o "$W/mix" "$BENCH_DIR/reverse.c"
rows=()
for len in "${LENGTHS[@]}"; do
	echo "== $len s recording" >&2
	t0=$(date +%s.%N)
	"$RRSUP" record -o "$W/t$len" "$W/mix" "$len" >"$W/rec$len.out" 2>&1
	t1=$(date +%s.%N)
	"$RRSUP" replay -q "$W/t$len" >/dev/null 2>&1
	t2=$(date +%s.%N)
	"$RRSUP" replay -s 0 "$W/t$len" >/dev/null 2>"$W/srv$len.err" &
	srv=$!
	port=
	for _ in $(seq 600); do
		port=$(sed -n 's/.*127.0.0.1:\([0-9]*\)$/\1/p' "$W/srv$len.err" | head -1)
		[ -n "$port" ] && break
		sleep 0.1
	done
	# Peak memory of the server and its tracees, sampled while gdb works.
	( peak=0; while kill -0 $srv 2>/dev/null; do
		kb=$(ps -o rss= --ppid $srv -p $srv 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
		[ "$kb" -gt "$peak" ] && peak=$kb && echo $peak >"$W/peak$len"
		sleep 0.2
	done ) &
	mon=$!
	gdb -nx -batch -ex 'set pagination off' -ex "target extended-remote 127.0.0.1:$port" \
		-ex 'break at_end' -ex 'continue' -ex 'break second_mark' \
		-ex 'python import time; t = time.time()' -ex 'reverse-continue' \
		-ex 'python print("REVERSE-SECONDS %.3f" % (time.time() - t))' \
		-ex 'print s' "$W/mix" >"$W/gdb$len.out" 2>&1 || true
	kill $srv 2>/dev/null || true
	wait $srv 2>/dev/null || true
	wait $mon 2>/dev/null || true
	rc=$(sed -n 's/^REVERSE-SECONDS //p' "$W/gdb$len.out")
	marks=$(sed -n 's/^\([0-9]*\) seconds.*/\1/p' "$W/rec$len.out")
	got=$(sed -n 's/^\$1 = //p' "$W/gdb$len.out")
	ok=yes
	[ "$got" = "$marks" ] || ok="no (stopped at s=$got, last mark $marks)"
	rec=$(echo "$t1 - $t0" | bc)
	rep=$(echo "$t2 - $t1" | bc)
	peak=$(cat "$W/peak$len" 2>/dev/null || echo 0)
	rows+=("| $len s | $(printf %.1f "$rec") | $(printf %.1f "$rep") | ${rc:-n/a} | $ok | $((peak / 1024)) MiB | 0 |")
done
{
	echo "# reverse-continue one second back (bench/reverse.sh)"
	echo
	echo "$(date -u +%Y-%m-%d) on $(nproc) CPUs, $(uname -r); $(gdb --version | head -1)."
	echo "Each row: record bench/reverse.c for N seconds, replay it once, then"
	echo "under gdb stop at the end and time \`reverse-continue\` to the last"
	echo "\`second_mark\` (one second of recorded time back)."
	echo
	echo "| recording | record s | replay s | reverse-continue s | right stop | peak RSS (rrsup + tracee) | checkpoint memory |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "No checkpoints are kept yet: reverse-continue replays the session from"
	echo "its start twice (once to find the last hit before the current point,"
	echo "once to go there), so its time grows with the recording's length"
	echo "(about twice the replay time).  The target (under 2 s, flat in the"
	echo "length) needs checkpoints: see the issue notes."
} >"$OUT"
cat "$OUT"
