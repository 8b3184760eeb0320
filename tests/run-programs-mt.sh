#!/bin/bash
# Record/replay tests for multi-threaded and multi-process programs
# (tests/programs-mt/*.c): threads, fork/vfork/clone/clone3/exec, wait,
# futex, signals between threads and processes.
#
# usage: tests/run-programs-mt.sh [-j N] [-t SECS] [-r N] [-n N] [-N] [-k] [-l] [NAME...]
#   -j N      run N tests at once (default: the number of CPUs)
#   -t SECS   time limit for each step: the batch of native runs, the
#             recording, each replay (default 60; a program's timeout=
#             option overrides it); a step that hits it is a FAIL
#   -r N      replays of each recording (default 5; replays= overrides)
#   -n N      native runs per program for the variance check (default 20)
#   -N        no native runs at all (quicker; checks only record/replay)
#   -k        keep the work directory (also KEEP=1)
#   -l        list the tests and their options, run nothing
#   NAME...   run only these programs (file names without .c; shell
#             patterns allowed, e.g. 'futex*')
#
# Environment: RRSUP (binary under test, default $TOP/rrsup), CC (default
# cc), RRSUP_RECORD_OPTS / RRSUP_REPLAY_OPTS (extra options for record /
# replay), NATIVE_JOBS (native runs at once within one test, default 2),
# RRSUP_MT_NATIVE_CACHE (a directory: native verdicts are kept there, keyed
# by the program's source, options, compiler and run count, and reused by
# later runs).  See tests/programs-mt/README for what each test checks and
# for the "rrsup-test:" option line.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
rp_init "$HERE/programs-mt" 1
CFLAGS_MT=(-O1 -g -Wall -Werror -pthread -I"$TOP/include")

# ---------------------------------------------------------------------------
# One test.  Runs in its own process (xargs), reports through files; the
# steps common to both program runners are in lib.sh (rp_*).

# parse_opts FILE: sets O_* from the file's "rrsup-test:" line.
parse_opts() {
	O_VARIANTS='' O_REPLAYS=''
	rp_parse_opts "$1"
	case $O_VARIANTS in
	'') O_VARIANTS=2 ;;
	*[!0-9]*) O_BAD="$O_BAD native-variants=$O_VARIANTS" ;;
	esac
	case $O_REPLAYS in
	*[!0-9]*) O_BAD="$O_BAD replays=$O_REPLAYS" ;;
	esac
}
rp_opt() {
	case $1 in
	native-variants) O_VARIES=1 O_VARIANTS=$2 ;;
	replays) O_REPLAYS=$2 ;;
	*) return 1 ;;
	esac
}

run_one() {
	rp_setup "$1" "unknown or bad rrsup-test option(s)" || return
	mkdir -p "$W/native"
	DISTINCT=0
	local st
	steps
	st=$?
	echo "$DISTINCT" >"$W/distinct"
	rp_finish "$st"
}

# steps: the steps of one test; true when it passed.
steps() {
	rp_build "does not compile (cc ${CFLAGS_MT[*]})" "${CFLAGS_MT[@]}" || return

	# 1. Native runs, NATIVE_RUNS of them, NATIVE_JOBS at a time: all
	#    must exit as expected; a 'varies' program must print at least
	#    O_VARIANTS different outputs (else the test cannot tell a
	#    replay from a rerun), any other exactly one.
	local nruns=$NATIVE_RUNS
	[ "$O_NONDET" = 1 ] && nruns=0
	native_runs "$nruns" || return

	# 2. Record.
	rp_record || return
	if [ "$nruns" -gt 0 ] && [ -f "$W/native/1.out" ]; then
		rp_vs_native "$W/native/1.out" "native runs" "the native runs'" || return
	fi

	# 3. Replays, each from another directory with another TMPDIR and
	#    stdin from /dev/null; each must match the recording exactly.
	local k replays=${O_REPLAYS:-$REPLAYS}
	for k in $(seq 1 "$replays"); do
		rp_replay "$k of $replays" || return
	done
	return 0
}

# native_runs N: step 1 (none for N=0), its verdicts cached in
# RRSUP_MT_NATIVE_CACHE when set.  Sets DISTINCT and RP_NOTE.
native_runs() {
	local nruns=$1 key='' cached=''
	if [ "$nruns" -gt 0 ] && [ -n "${RRSUP_MT_NATIVE_CACHE:-}" ]; then
		key=$({ cat "$RP_SRC"; echo "$nruns ${CC:-cc} ${CFLAGS_MT[*]}"; ${CC:-cc} --version 2>&1 | head -1; } |
			sha256sum | cut -c1-32)
		cached=$(cat "$RRSUP_MT_NATIVE_CACHE/$RP_NAME.$key" 2>/dev/null)
	fi
	if [ -n "$cached" ]; then
		DISTINCT=$cached
		cp "$RRSUP_MT_NATIVE_CACHE/$RP_NAME.$key.out" "$W/native/1.out" 2>/dev/null
		RP_NOTE="native: $DISTINCT/$nruns distinct, cached"
		return 0
	fi
	[ "$nruns" -gt 0 ] || return 0
	local t0=$SECONDS i st bad=''
	for i in $(seq 1 "$nruns"); do
		mkdir -p "$W/native/$i.d"
		(rp_run native "$W/native/$i.d" "$W/native/$i.out" "$W/native/$i.err" "$RP_EXE" "${RP_ARGS[@]}"
		 echo $? >"$W/native/$i.st") &
		while [ "$(jobs -rp | wc -l)" -ge "$NATIVE_JOBS" ]; do wait -n; done
	done
	wait
	for i in $(seq 1 "$nruns"); do
		st=$(cat "$W/native/$i.st")
		if [ "$st" != "$O_STATUS" ]; then
			if rp_timed_out "$st" "$t0"; then
				bad="native run $i timed out after ${RP_SECS}s"
			else
				bad="native run $i exited $st, expected $O_STATUS (broken test?)"
			fi
			t_show "$W/native/$i.err" 5 >>"$RP_REP"
			break
		fi
		if [ "$O_VARIES" = 1 ] && [ "$O_LINES_VARY" = 0 ] &&
			[ "$(wc -l <"$W/native/$i.out")" != "$(wc -l <"$W/native/1.out")" ]; then
			bad="native runs printed $(wc -l <"$W/native/1.out") and $(wc -l <"$W/native/$i.out") lines (mark it lines-vary?)"
			break
		fi
	done
	if [ -n "$bad" ]; then
		rp_fail "$bad"
		return 1
	fi
	rp_no_leftovers "native runs" || return 1
	DISTINCT=$(for i in $(seq 1 "$nruns"); do sha256sum <"$W/native/$i.out"; done | sort -u | wc -l)
	RP_NOTE="native: $DISTINCT/$nruns distinct"
	if [ "$O_VARIES" = 1 ] && [ "$DISTINCT" -lt "$O_VARIANTS" ] && [ "$NCPUS" -lt 2 ]; then
		# With one CPU, threads and processes rarely overlap:
		# too little variation says nothing about the test.
		RP_NOTE="$RP_NOTE, fewer than $O_VARIANTS but this machine has one CPU"
	elif [ "$O_VARIES" = 1 ] && [ "$DISTINCT" -lt "$O_VARIANTS" ]; then
		rp_fail "marked 'varies' but only $DISTINCT distinct output(s) in $nruns native runs (wanted $O_VARIANTS or more)"
		t_show "$W/native/1.out" 5 >>"$RP_REP"
		return 1
	fi
	if [ "$O_VARIES" = 0 ] && [ "$DISTINCT" != 1 ]; then
		rp_fail "not marked 'varies' but $nruns native runs printed $DISTINCT different outputs"
		for i in $(seq 2 "$nruns"); do
			cmp -s "$W/native/1.out" "$W/native/$i.out" && continue
			t_diff "$W/native/1.out" "$W/native/$i.out" native-1 "native-$i" >>"$RP_REP"
			break
		done
		return 1
	fi
	if [ -n "$key" ]; then
		mkdir -p "$RRSUP_MT_NATIVE_CACHE" &&
			cp "$W/native/1.out" "$RRSUP_MT_NATIVE_CACHE/$RP_NAME.$key.out" &&
			echo "$DISTINCT" >"$RRSUP_MT_NATIVE_CACHE/$RP_NAME.$key"
	fi
	return 0
}

rp_main "$@"

# ---------------------------------------------------------------------------
# Driver.

JOBS=$(nproc 2>/dev/null || echo 2)
TIMEOUT=60
REPLAYS=5
NATIVE_RUNS=20
NATIVE_JOBS=${NATIVE_JOBS:-2}
NCPUS=$(nproc 2>/dev/null || echo 2)
LIST=0
while getopts 'j:t:r:n:Nkl' o; do
	case $o in
	j) JOBS=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	r) REPLAYS=$OPTARG ;;
	n) NATIVE_RUNS=$OPTARG ;;
	N) NATIVE_RUNS=0 ;;
	k) KEEP=1 ;;
	l) LIST=1 ;;
	*) t_usage; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
export KEEP=${KEEP:-0} TIMEOUT REPLAYS NATIVE_RUNS NATIVE_JOBS NCPUS

rp_prepare programs-mt "$LIST" "$@"
echo "# rrsup: $RRSUP; ${#RP_NAMES[@]} programs, $JOBS at a time, ${TIMEOUT}s limit per step," \
	"$REPLAYS replays, $NATIVE_RUNS native runs ($NATIVE_JOBS at a time)"
# The outer limit only guards against the runner itself hanging: every
# step inside already has its own.
rp_run_all programs-mt "the test runner itself died or hit its overall limit" \
	timeout -k 5 $((TIMEOUT * (REPLAYS + 4)))
