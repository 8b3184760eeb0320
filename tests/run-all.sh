#!/bin/bash
# The whole test suite, run from the project root after the build:
#   1. the Check unit tests (make check; each unit test binary counts as one
#      test),
#   2. tests/run-programs.sh (record/replay of tests/programs/*.c),
#   3. tests/real/*.sh (real programs),
#   4. tests/bad-input.sh (errors on bad input and damaged traces),
#   5. any other tests/*.sh suite written with tests/lib.sh (PASS/FAIL lines
#      and a closing "N passed, N failed"), e.g. tests/divergence.sh.
# Ends with one line "N passed, N failed" (", N skipped" when some were)
# and exits nonzero when anything failed.
#
# usage: tests/run-all.sh [-j N] [-s SECTION]...
#   -j N        parallel jobs for make check and the programs suite
#   -s SECTION  run only these sections: unit, programs, real, bad-input,
#               other
# Environment: RRSUP (default ./rrsup), KEEP=1 keeps work directories,
# RRSUP_CACHE (default: a fresh cache for this run).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
cd "$TOP" || exit 2

JOBS=$(nproc 2>/dev/null || echo 2)
SECTIONS=()
while getopts 'j:s:' o; do
	case $o in
	j) JOBS=$OPTARG ;;
	s) SECTIONS+=("$OPTARG") ;;
	*) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
[ ${#SECTIONS[@]} -gt 0 ] || SECTIONS=(unit programs real bad-input other)
want() {
	local s
	for s in "${SECTIONS[@]}"; do [ "$s" = "$1" ] && return 0; done
	return 1
}

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-run-all.XXXXXX") || exit 2
trap 'rm -rf "$LOGDIR"' EXIT
# The recordings share a file-copy cache of their own (used, and gone at
# the end), not the user's.
export RRSUP_CACHE=${RRSUP_CACHE-$LOGDIR/cache}
SUITE_LIMIT=900 # seconds for any one suite: a hang must not stop the rest
START=$SECONDS

# suite NAME CMD...: runs a suite that prints PASS/FAIL/SKIP lines and a
# closing "N passed, N failed" line; counts its lines, and echoes them with
# the closing line turned into a comment so only ours closes the run.
suite() {
	local name=$1 log=$LOGDIR/${1//\//-}.log st p f s t0=$SECONDS
	shift
	echo "# === $name"
	timeout -k 10 $SUITE_LIMIT "$@" </dev/null >"$log" 2>&1
	st=$?
	awk -v n="$name" '/^[0-9]+ passed, [0-9]+ failed/ { print "# " n ": " $0; next } { print }' "$log"
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	s=$(grep -c '^SKIP ' "$log")
	if [ "$st" = 124 ] || [ "$st" = 137 ]; then
		t_fail "$name" "the suite did not finish within ${SUITE_LIMIT}s"
	elif [ "$st" != 0 ] && [ "$f" = 0 ]; then
		t_fail "$name" "the suite exited $st without reporting a failing test"
	elif [ $((p + f + s)) = 0 ]; then
		t_fail "$name" "the suite ran no test"
	fi
	T_PASS=$((T_PASS + p))
	T_FAIL=$((T_FAIL + f))
	T_SKIP=$((T_SKIP + s))
	echo "# $name took $((SECONDS - t0))s"
}

# --- 1. unit tests -----------------------------------------------------------------
unit() {
	echo "# === unit (make check)"
	local log=$LOGDIR/unit.log t0=$SECONDS
	if [ ! -f Makefile ]; then
		t_fail unit "no Makefile: configure and build first (./bootstrap.sh build)"
		return
	fi
	rm -f tests/unit/*.trs tests/unit/*.log
	timeout -k 10 $SUITE_LIMIT make -j"$JOBS" check >"$log" 2>&1
	local st=$? trs res n=0
	for trs in tests/unit/*.trs; do
		[ -f "$trs" ] || continue
		n=$((n + 1))
		res=$(sed -n 's/^:test-result: //p' "$trs" | head -1)
		local tname detail
		tname=unit/$(basename "$trs" .trs)
		# Check's own summary line: "100%: Checks: 12, Failures: 0, Errors: 0"
		detail=$(grep -ahE '^[0-9]+%: Checks: ' "${trs%.trs}.log" 2>/dev/null | head -1)
		case $res in
		PASS | XFAIL) t_pass "$tname${detail:+ ($detail)}" ;;
		SKIP) t_skip "$tname" "skipped by the test itself" ;;
		*)
			t_fail "$tname" "${res:-no result}${detail:+ ($detail)}"
			grep -aE ':[0-9]+:[EF]:' "${trs%.trs}.log" 2>/dev/null | head -5 | sed 's/^/    | /'
			;;
		esac
	done
	if [ "$n" = 0 ]; then
		t_fail unit "make check ran no unit test (exit $st)"
		tail -n 15 "$log" | sed 's/^/    | /'
	elif [ "$st" != 0 ] && ! grep -qs -e '^:test-result: FAIL' -e '^:test-result: ERROR' \
		-e '^:test-result: XPASS' tests/unit/*.trs; then
		t_fail unit "make check exited $st"
		tail -n 15 "$log" | sed 's/^/    | /'
	fi
	echo "# unit took $((SECONDS - t0))s"
}

want unit && unit
if want programs; then
	suite programs bash "$HERE/run-programs.sh" -j "$JOBS"
	# Again with the in-process helper off: every call stops the program.
	RRSUP_RECORD_OPTS="${RRSUP_RECORD_OPTS:-} --no-syscall-buffer" RP_TAG=no-buffer \
		suite programs-no-buffer bash "$HERE/run-programs.sh" -j "$JOBS"
	RRSUP_RECORD_OPTS="${RRSUP_RECORD_OPTS:-} --no-syscall-buffer" RP_TAG=no-buffer \
		suite programs-mt-no-buffer bash "$HERE/run-programs-mt.sh" -N
fi
if want real; then
	for s in "$HERE"/real/*.sh; do
		suite "real/$(basename "$s" .sh)" bash "$s"
	done
fi
want bad-input && suite bad-input bash "$HERE/bad-input.sh"
if want other; then
	for s in "$HERE"/*.sh; do
		case $(basename "$s") in
		lib.sh | run-all.sh | run-programs.sh | bad-input.sh) continue ;;
		esac
		suite "$(basename "$s" .sh)" bash "$s"
	done
fi

echo "# rrsup: $RRSUP; whole suite took $((SECONDS - START))s"
t_summary
