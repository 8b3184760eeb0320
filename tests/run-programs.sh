#!/bin/bash
# Record/replay tests for single-process programs (tests/programs/*.c).
#
# usage: tests/run-programs.sh [-j N] [-t SECONDS] [-k] [-l] [NAME...]
#   -j N      run N tests at once (default: the number of CPUs)
#   -t SECS   time limit for each record, native run and replay (default 60;
#             a program's timeout= option overrides it)
#   -k        keep the work directory (also KEEP=1)
#   -l        list the tests and their options, run nothing
#   NAME...   run only these programs (file names without .c; shell
#             patterns allowed, e.g. 'mmap*')
#
# Environment: RRSUP (binary under test, default $TOP/rrsup), CC (default
# cc), RRSUP_RECORD_OPTS / RRSUP_REPLAY_OPTS (extra options for record /
# replay).  See tests/programs/README for what each test checks and for
# the "rrsup-test:" option line.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
rp_init "$HERE/programs" 0

# ---------------------------------------------------------------------------
# One test.  Runs in its own process (xargs), reports through files; the
# steps common to both program runners are in lib.sh (rp_*).

# parse_opts FILE: sets O_* from the file's "rrsup-test:" line.
parse_opts() {
	O_DELETE_EXE=0
	rp_parse_opts "$1"
}
rp_opt() {
	case $1 in
	delete-exe) O_DELETE_EXE=1 ;;
	*) return 1 ;;
	esac
}

run_one() {
	rp_setup "$1" "unknown rrsup-test option(s)" || return
	steps
	rp_finish $?
}

# steps: the steps of one test; true when it passed.
steps() {
	rp_build "does not compile" -O1 -g -Wall || return

	# 1. Record.
	rp_record || return

	# 2. A native run: for 'varies' it must differ from the recording
	#    (else the test cannot tell a replay from a rerun); otherwise it
	#    must be identical (recording must not change what the program sees).
	if [ "$O_NONDET" = 0 ]; then
		local t0=$SECONDS ns
		rp_run native "$W/tmp" "$W/nat.out" "$W/nat.err" "$RP_EXE" "${RP_ARGS[@]}"
		ns=$?
		if rp_timed_out "$ns" "$t0"; then
			rp_fail "native run timed out"
			return 1
		fi
		if [ "$ns" != "$O_STATUS" ]; then
			rp_fail "native run exited $ns, expected $O_STATUS (broken test?)"
			t_show "$W/nat.err" >>"$RP_REP"
			return 1
		fi
		if [ "$O_VARIES" = 1 ] && cmp -s "$W/rec.out" "$W/nat.out"; then
			rp_fail "marked 'varies' but a native rerun printed the same as the recording"
			return 1
		fi
		rp_vs_native "$W/nat.out" "a native run" "a native run's" || return
	fi

	# 3. After-record changes to the world replay must not depend on.
	if [ "$O_DELETE_EXE" = 1 ]; then
		rm -f "$RP_EXE"
		if [ -f "$W/stdin.txt" ]; then
			echo "stdin changed after recording" >"$W/stdin.txt"
		fi
		echo "input changed after recording" >"$W/input.dat"
		rm -f "$W/input.dat"
	fi

	# 4. Replay, from another directory, with other TMPDIR and stdin.
	rp_replay '' || return
	return 0
}

rp_main "$@"

# ---------------------------------------------------------------------------
# Driver.

JOBS=$(nproc 2>/dev/null || echo 2)
TIMEOUT=60
LIST=0
while getopts 'j:t:kl' o; do
	case $o in
	j) JOBS=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	k) KEEP=1 ;;
	l) LIST=1 ;;
	*) t_usage; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
export KEEP=${KEEP:-0} TIMEOUT

rp_prepare programs "$LIST" "$@"
echo "# rrsup: $RRSUP; ${#RP_NAMES[@]} programs, $JOBS at a time, ${TIMEOUT}s limit per step"
rp_run_all programs "the test runner itself died"
