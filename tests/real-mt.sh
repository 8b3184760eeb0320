#!/bin/bash
# Real programs with threads and child processes (tests/real-mt/*.sh):
# bash pipeline, make -j2, python3 threading+subprocess, xz -T2,
# sort --parallel=2, and SIGTERM during a multi-threaded recording.
# Runs each script (all but the helper mt-lib.sh), passes on its PASS /
# FAIL / SKIP lines, and closes with one "N passed, N failed" line for
# all of them.  Picked up by tests/run-all.sh like any tests/*.sh suite.
#
# usage: tests/real-mt.sh [NAME...]   (script names without .sh)
# Environment: RRSUP as for every suite; KEEP=1 keeps work directories.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
LIMIT=600 # seconds for any one script: a hang must not stop the rest

LOG=$(mktemp "${TMPDIR:-/tmp}/rrsup-real-mt.XXXXXX") || exit 2
trap 'rm -f "$LOG"' EXIT
start=$SECONDS
for s in "$HERE"/real-mt/*.sh; do
	n=$(basename "$s" .sh)
	case $n in *lib) continue ;; esac
	t_match "$n" "$@" || continue
	t0=$SECONDS
	timeout -k 10 $LIMIT bash "$s" </dev/null >"$LOG" 2>&1
	st=$?
	awk -v n="$n" '/^[0-9]+ passed, [0-9]+ failed/ { print "# " n ": " $0; next } { print }' "$LOG"
	p=$(grep -c '^PASS ' "$LOG")
	f=$(grep -c '^FAIL ' "$LOG")
	k=$(grep -c '^SKIP ' "$LOG")
	T_PASS=$((T_PASS + p))
	T_FAIL=$((T_FAIL + f))
	T_SKIP=$((T_SKIP + k))
	if [ "$st" = 124 ] || [ "$st" = 137 ]; then
		t_fail "real-mt/$n" "did not finish within ${LIMIT}s"
	elif [ "$st" != 0 ] && [ "$f" = 0 ]; then
		t_fail "real-mt/$n" "exited $st without reporting a failing test"
	elif [ $((p + f + k)) = 0 ]; then
		t_fail "real-mt/$n" "ran no test"
	fi
	echo "# real-mt/$n took $((SECONDS - t0))s"
done
echo "# real-mt suite took $((SECONDS - start))s"
t_summary
