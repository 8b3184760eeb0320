#!/usr/bin/env bash
# bench/reverse.sh — how long gdb's reverse-continue takes to go back one
# second of recorded time, in recordings of several lengths.
#
#   bench/reverse.sh [SECONDS...]      (default: 10 60 300)
#
# For each length it records bench/reverse.c running that many seconds (a
# CPU-and-syscall mix: ~20k multiply-adds, then getppid, in a loop; a call
# to second_mark() every second), then under "rrsup replay -s" and gdb:
# stops at the end, sets a breakpoint on second_mark, reverse-continues
# to the last mark (just before the end) and times the next
# reverse-continue, which must stop at the mark before, exactly one second
# of recorded time back; and times a plain replay for comparison.  It also reports how
# many checkpoints the replay kept and the memory they and the replayed
# process hold (summed PSS).  Results go to bench/REVERSE.md (or $OUT).
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
	# Memory: proportional set size of the replayed process and the
	# checkpoints (all children of the server), summed after the reverse.
	gdb -nx -batch -ex 'set pagination off' -ex "target extended-remote 127.0.0.1:$port" \
		-ex 'break at_end' -ex 'continue' -ex 'break second_mark' \
		-ex 'reverse-continue' \
		-ex 'python import time; t = time.time()' -ex 'reverse-continue' \
		-ex 'python print("REVERSE-SECONDS %.3f" % (time.time() - t))' \
		-ex 'print s' -ex 'monitor checkpoints' \
		-ex "shell for p in \$(pgrep -P $srv); do grep '^Pss:' /proc/\$p/smaps_rollup; done | awk '{ s += \$2 } END { print \"PSS-KB \" s }'" \
		"$W/mix" >"$W/gdb$len.out" 2>&1 || true
	kill $srv 2>/dev/null || true
	wait $srv 2>/dev/null || true
	rc=$(sed -n 's/^REVERSE-SECONDS //p' "$W/gdb$len.out")
	marks=$(sed -n 's/^\([0-9]*\) seconds.*/\1/p' "$W/rec$len.out")
	got=$(sed -n 's/^\$1 = //p' "$W/gdb$len.out")
	ok=yes
	[ "$got" = "$((marks - 1))" ] || ok="no (stopped at s=$got, marks 1..$marks)"
	rec=$(echo "$t1 - $t0" | bc)
	rep=$(echo "$t2 - $t1" | bc)
	pss=$(sed -n 's/^PSS-KB //p' "$W/gdb$len.out")
	nck=$(sed -n 's/^\([0-9]*\) checkpoints\{0,1\}.*/\1/p' "$W/gdb$len.out")
	rows+=("| $len s | $(printf %.1f "$rec") | $(printf %.1f "$rep") | ${rc:-n/a} | $ok | ${nck:-?} | $(( ${pss:-0} / 1024 )) MiB |")
done
{
	echo "# reverse-continue one second back (bench/reverse.sh)"
	echo
	echo "$(date -u +%Y-%m-%d) on $(nproc) CPUs, $(uname -r); $(gdb --version | head -1)."
	echo "Each row: record bench/reverse.c for N seconds, replay it once, then"
	echo "under gdb stop at the end, reverse-continue to the last \`second_mark\`"
	echo "and time the next \`reverse-continue\`, to the mark one second of"
	echo "recorded time before."
	echo
	echo "| recording | record s | replay s | reverse-continue s | right stop | checkpoints kept | PSS of replayed process + checkpoints |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
	echo
	echo "Checkpoints (a stopped clone of the replayed process every 250 ms of"
	echo "replay, at most 128; when full, every other one of the older half"
	echo "goes) let reverse-continue start from the latest one before the"
	echo "current point and scan back one interval at a time; each keeps where"
	echo "the trace reader stood, so restoring one costs the same anywhere in"
	echo "the recording.  Its time depends on how far back the hit is, not on"
	echo "the recording's length.  The memory column is the sum of the"
	echo "proportional set sizes of the replayed process and its checkpoints"
	echo "(pages shared copy-on-write are counted once)."
} >"$OUT"
cat "$OUT"
