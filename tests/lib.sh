# shellcheck shell=bash
# Shared helpers for rrsup's shell test suites (sourced, not run).
#
#   TOP      the project root (the directory above tests/)
#   RRSUP    the rrsup binary under test: $RRSUP if set, else $TOP/rrsup
#
# Results are reported one line per test: "PASS name", "FAIL name: why",
# "SKIP name: why", and t_summary prints the closing "N passed, N failed"
# (", N skipped" when there were skips) and returns nonzero on failures.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RRSUP=${RRSUP:-$TOP/rrsup}
case $RRSUP in
/*) ;;
*/*) RRSUP=$(cd "$(dirname "$RRSUP")" && pwd)/$(basename "$RRSUP") ;;
*) RRSUP=$(command -v "$RRSUP" || echo "$RRSUP") ;;
esac
export RRSUP

T_PASS=0
T_FAIL=0
T_SKIP=0

t_pass() { echo "PASS $1"; T_PASS=$((T_PASS + 1)); }
t_fail() { echo "FAIL $1: $2"; T_FAIL=$((T_FAIL + 1)); }
t_skip() { echo "SKIP $1: $2"; T_SKIP=$((T_SKIP + 1)); }

t_summary() {
	local s="$T_PASS passed, $T_FAIL failed"
	[ "$T_SKIP" -gt 0 ] && s="$s, $T_SKIP skipped"
	echo "$s"
	[ "$T_FAIL" -eq 0 ]
}

# Indents lines on stdin under a FAIL line ("    | ..."), cut to WIDTH
# characters (default 200).
t_indent() { cut -c1-"${1:-200}" | sed 's/^/    | /'; }

# Indents a file's first lines under a FAIL line.
t_show() {
	local f=$1 n=${2:-10}
	[ -s "$f" ] || return 0
	head -n "$n" "$f" | t_indent
}

# A short diff of two files, indented.
t_diff() {
	diff -a -u --label "$3" --label "$4" "$1" "$2" | head -n "${5:-20}" | t_indent
}

# Prints the usage of the running script: its comment block up to "set -u".
t_usage() { sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; }

# t_match NAME [PATTERN...]: true when NAME matches one of the shell
# PATTERNs, or when there are none (selecting tests by name).
t_match() {
	local n=$1 pat
	shift
	[ $# = 0 ] && return 0
	for pat in "$@"; do
		# shellcheck disable=SC2254
		case $n in $pat) return 0 ;; esac
	done
	return 1
}

# True when the rrsup binary is there and runnable; else says why on stdout.
t_have_rrsup() {
	if [ ! -x "$RRSUP" ]; then
		echo "rrsup binary not found or not executable: $RRSUP (build it, or set RRSUP)"
		return 1
	fi
	return 0
}

# t_missing TOOL...: prints the first TOOL that is neither a command nor an
# executable file (and is true); false when all are there.
t_missing() {
	local tool
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "$tool" ]; then
			echo "$tool"
			return 0
		fi
	done
	return 1
}

# t_skip_all NAME WHY: for a script that cannot run: reports NAME as SKIP,
# prints the summary and exits 0.
t_skip_all() {
	t_skip "$1" "$2"
	t_summary
	exit 0
}

# A scratch directory removed at exit unless KEEP=1 (then its path is
# printed).  Sets T_WORK.
t_workdir() {
	T_WORK=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-${1:-test}.XXXXXX") || exit 2
	if [ "${KEEP:-0}" = 1 ]; then
		trap 'echo "# kept work directory $T_WORK" >&2' EXIT
	else
		trap 'rm -rf "$T_WORK"' EXIT
	fi
	# Keep rrsup's default trace directory (rrsup ls, latest-trace) out
	# of the user's home.
	export RRSUP_TRACE_DIR=$T_WORK/traces
	mkdir -p "$RRSUP_TRACE_DIR"
}

# t_start NAME [TOOL...]: the common start of a script: t_skip_all NAME
# when there is no rrsup binary or a TOOL is not installed; else a work
# directory (t_workdir NAME).
t_start() {
	local name=$1 why
	shift
	why=$(t_have_rrsup) || t_skip_all "$name" "$why"
	why=$(t_missing "$@") && t_skip_all "$name" "$why not installed"
	t_workdir "$name"
}

# t_timed_out STATUS START SECS: true when a command run under timeout(1)
# with limit SECS from time START ($SECONDS) ended with STATUS because of
# the limit.
t_timed_out() {
	{ [ "$1" = 124 ] || [ "$1" = 137 ]; } && [ $((SECONDS - $2)) -ge "$3" ]
}

# t_run SECONDS OUT ERR CMD...: runs CMD with stdin from /dev/null unless
# already redirected by the caller, a time limit and captured output.
# Sets T_STATUS (the command's exit status) and T_TIMEDOUT (1 when the
# limit was hit).
t_run() {
	local secs=$1 out=$2 err=$3
	shift 3
	local start=$SECONDS
	timeout -k 5 "$secs" "$@" >"$out" 2>"$err"
	T_STATUS=$?
	T_TIMEDOUT=0
	if t_timed_out "$T_STATUS" "$start" "$secs"; then
		T_TIMEDOUT=1
	fi
}

# Lines of a stderr capture that rrsup wrote / that the program wrote.
t_rrsup_lines() { grep -a '^rrsup:' "$1" || true; }
t_prog_lines() { grep -av '^rrsup:' "$1" || true; }

# t_unsupported ERRFILE: true (and prints the reason) when rrsup declined
# to record with an "rrsup: ... not supported yet" message.
t_unsupported() {
	grep -a -m1 '^rrsup:.*not supported yet' "$1" | cut -c1-250 | grep .
}

t_hash() { sha256sum "$1" | cut -c1-16; }

# t_procs PREFIX: the pids (space-separated) of the processes whose command
# line starts with PREFIX.
t_procs() { pgrep -f "^$1" | tr '\n' ' '; }

# t_leftovers PREFIX: t_procs PREFIX after giving exits up to a second to
# settle; empty when none are left.
t_leftovers() {
	local p
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		p=$(t_procs "$1")
		[ -z "$p" ] && return 0
		sleep 0.1
	done
	echo "$p"
}

# t_kill PIDS: kills what a failed step left behind (ours).
t_kill() {
	local p
	for p in $1; do kill -KILL "$p" 2>/dev/null; done
}

# t_roundtrip NAME CMD...: records CMD, replays the trace, and reports PASS
# or FAIL for NAME.  Passes when the recorded exit status is $RT_STATUS
# (default 0), replay's stdout equals the recording's byte for byte, the
# program's stderr lines (minus "rrsup:" lines) are equal, the exit
# statuses are equal and replay printed no "rrsup:" line.  Settings
# (variables, reset after each call):
#   RT_STDIN    file for the program's stdin (default /dev/null; replay
#               always gets /dev/null)
#   RT_CWD      directory to record in (default $T_WORK)
#   RT_TIMEOUT  seconds per step (default 120)
#   RT_VARIES   1: also run CMD natively and require different stdout
#   RT_AFTER    shell code run between record and replay (change the world)
# Leaves the captures in $T_WORK/NAME/{rec,rep,nat}.{out,err} and the
# trace in $T_WORK/NAME/trace.
t_roundtrip() { t_rt 0 1 "$@"; }

# t_rt MT REPLAYS NAME CMD...: t_roundtrip with REPLAYS replays.  MT=1 (for
# mt_roundtrip in tests/real-mt/mt-lib.sh): SKIP when rrsup says the
# program needs something "not supported yet", up to 5 native runs for
# RT_VARIES, and the failures name the replay ("replay 2 ...").
t_rt() {
	local mt=$1 replays=$2 name=$3
	shift 3
	local d=$T_WORK/$name secs=${RT_TIMEOUT:-120} want=${RT_STATUS:-0}
	local stdin=${RT_STDIN:-/dev/null} cwd=${RT_CWD:-$T_WORK}
	local varies=${RT_VARIES:-0} after=${RT_AFTER:-}
	RT_STDIN='' RT_CWD='' RT_TIMEOUT='' RT_VARIES='' RT_AFTER='' RT_STATUS=''
	mkdir -p "$d/replay-cwd"
	local st rs ps why k tries=1 differs=0 n='' replayed=replayed
	[ "$mt" = 1 ] && tries=5
	t_rt_step record "$cwd" rec "$RRSUP" record -o "$d/trace" -- "$@" <"$stdin" || return 1
	rs=$st
	if [ "$mt" = 1 ] && [ "$rs" != "$want" ] && why=$(t_unsupported "$d/rec.err"); then
		t_skip "$name" "$why"
		return 0
	fi
	if [ "$rs" != "$want" ]; then
		t_fail "$name" "record exited $rs, expected $want"
		t_show "$d/rec.err" 5
		return 1
	fi
	if [ "$varies" = 1 ]; then
		for _ in $(seq 1 "$tries"); do
			(cd "$cwd" && t_run "$secs" "$d/nat.out" "$d/nat.err" "$@" <"$stdin")
			cmp -s "$d/rec.out" "$d/nat.out" || { differs=1; break; }
		done
		if [ "$differs" = 0 ]; then
			why="a native rerun"
			[ "$tries" != 1 ] && why="$tries native reruns"
			t_fail "$name" "$why printed the same as the recording: the test proves nothing"
			return 1
		fi
	fi
	if [ -n "$after" ]; then
		(cd "$cwd" && eval "$after")
	fi
	t_prog_lines "$d/rec.err" >"$d/rec.perr"
	for k in $(seq 1 "$replays"); do
		[ "$mt" = 1 ] && n=" $k" replayed="replay $k:"
		t_rt_step "replay$n" "$d/replay-cwd" rep "$RRSUP" replay "$d/trace" </dev/null || return 1
		ps=$st
		if [ -n "$(t_rrsup_lines "$d/rep.err")" ]; then
			t_fail "$name" "replay$n printed rrsup diagnostics (exit $ps)"
			t_rrsup_lines "$d/rep.err" | head -3 | t_indent 300
			return 1
		fi
		if ! cmp -s "$d/rec.out" "$d/rep.out"; then
			t_fail "$name" "$replayed stdout differs (recorded $(t_hash "$d/rec.out") $(wc -c <"$d/rec.out") bytes, replayed $(t_hash "$d/rep.out") $(wc -c <"$d/rep.out") bytes)"
			t_diff "$d/rec.out" "$d/rep.out" recorded replayed 10
			return 1
		fi
		t_prog_lines "$d/rep.err" >"$d/rep.perr"
		if ! cmp -s "$d/rec.perr" "$d/rep.perr"; then
			t_fail "$name" "$replayed stderr differs"
			t_diff "$d/rec.perr" "$d/rep.perr" recorded replayed 10
			return 1
		fi
		if [ "$ps" != "$rs" ]; then
			t_fail "$name" "replay$n exited $ps, recording $rs"
			return 1
		fi
	done
	t_pass "$name"
}

# t_rt_step STEP DIR CAPTURE CMD...: in t_rt, runs CMD in DIR (in a
# subshell) with the captures $d/CAPTURE.{out,err}; sets st to its exit
# status; false (FAIL "STEP timed out") when it hit the limit.
t_rt_step() {
	local step=$1 dir=$2 c=$d/$3 to
	shift 3
	(cd "$dir" && t_run "$secs" "$c.out" "$c.err" "$@"
	 echo "$T_STATUS $T_TIMEDOUT" >"$c.st")
	read -r st to <"$c.st"
	[ "$to" = 1 ] || return 0
	t_fail "$name" "$step timed out after ${secs}s"
	t_show "$c.err" 5
	return 1
}

# ---------------------------------------------------------------------------
# The program runners, tests/run-programs.sh and tests/run-programs-mt.sh:
# each test is a C file in $PROGDIR with a "rrsup-test:" option line, run
# in its own process ("--one NAME", started by xargs) in $WORKROOT/NAME
# (W), with the limit $TIMEOUT per step.  A runner calls rp_init, defines
# parse_opts FILE (calling rp_parse_opts) and run_one NAME (rp_setup, its
# steps, rp_finish).

# rp_init PROGDIR MT: the tests are in PROGDIR.  MT=1 is the multi-process
# runner (RP_MT): processes left behind by a step fail the test, an rrsup
# that says "not supported yet" makes it SKIP, and the failures of replays
# say which replay it was.
rp_init() {
	PROGDIR=$1 RP_MT=$2
}

# rp_opt_line FILE: the options of FILE's "rrsup-test:" line.
rp_opt_line() {
	grep -m1 -o 'rrsup-test:.*' "$1" | sed -e 's/^rrsup-test: *//' -e 's| *\*/.*$||'
}

# rp_parse_opts FILE: sets O_* from FILE's "rrsup-test:" line: the options
# both runners know; any other goes to the runner's rp_opt KEY VALUE,
# which is false when it does not know it either (then it is in O_BAD).
# shellcheck disable=SC2034 # the runners use the O_*
rp_parse_opts() {
	O_ARGS='' O_STDIN='' O_STDIN_PIPE=0 O_STATUS=0 O_VARIES=0 O_ALLOW_RRSUP=0 O_ENV=''
	O_TIMEOUT='' O_SKIP='' O_LINES_VARY=0 O_NONDET=0 O_MAY_REFUSE=0 O_BAD=
	O_BUFFERED=0
	local tok key val
	while IFS= read -r -d '' tok; do
		key=${tok%%=*}
		val=
		[ "$key" != "$tok" ] && val=${tok#*=}
		case $key in
		args) O_ARGS=$val ;;
		stdin) O_STDIN=$val ;;
		stdin-pipe) O_STDIN_PIPE=1 ;;
		status) O_STATUS=$val ;;
		varies) O_VARIES=1 ;;
		nondet) O_NONDET=1 ;;
		lines-vary) O_LINES_VARY=1 ;;
		allow-rrsup) O_ALLOW_RRSUP=1 ;;
		may-refuse) O_MAY_REFUSE=1 ;;
		buffered) O_BUFFERED=1 ;;
		env) O_ENV=$val ;;
		timeout) O_TIMEOUT=$val ;;
		skip) O_SKIP=${val:-skipped} ;;
		*) rp_opt "$key" "$val" || O_BAD="$O_BAD $tok" ;;
		esac
	done < <(rp_opt_line "$1" | xargs -r printf '%s\0')
}

# rp_words STRING: the shell-quoted words of STRING, NUL-separated, with the
# placeholders @TMP@ and @INPUT@ substituted.
rp_words() {
	printf '%s' "$1" | xargs -r printf '%s\0' |
		sed -z -e "s|@TMP@|$W/tmp|g" -e "s|@INPUT@|$W/input.dat|g"
}

# rp_setup NAME BADOPTS: the start of test NAME: its work directory W and
# report RP_REP, its options (parse_opts), its input file, stdin
# (RP_STDIN), arguments (RP_ARGS), environment (RP_ENVS), executable
# (RP_EXE) and time limit (RP_SECS).  False when that decides the test
# (skip=, or options it does not know: "FAIL NAME: BADOPTS: ...").
rp_setup() {
	RP_NAME=$1 RP_SRC=$PROGDIR/$1.c
	W=$WORKROOT/$1
	RP_REP=$W/report RP_EXE=$W/$1 RP_RESULT=FAIL RP_REASON='' RP_NOTE=''
	mkdir -p "$W/tmp" "$W/replay-cwd" "$W/replay-tmp"
	: >"$RP_REP"
	parse_opts "$RP_SRC"
	RP_SECS=${O_TIMEOUT:-$TIMEOUT}
	if [ -n "$O_SKIP" ]; then
		echo "SKIP $1${RP_TAG:+[$RP_TAG]}: $O_SKIP" >"$RP_REP"
		echo SKIP >"$W/result"
		return 1
	fi
	if [ -n "$O_BAD" ]; then
		echo "FAIL $1: $2:$O_BAD" >"$RP_REP"
		echo FAIL >"$W/result"
		return 1
	fi

	# Inputs: a file the program may be given (@INPUT@), and stdin.
	{
		cat "$RP_SRC"
		head -c 3000 /dev/urandom | base64
	} >"$W/input.dat"
	RP_STDIN=/dev/null
	case $O_STDIN in
	'') ;;
	SELF) cp "$RP_SRC" "$W/stdin.txt" && RP_STDIN=$W/stdin.txt ;;
	INPUT) RP_STDIN=$W/input.dat ;;
	/*) RP_STDIN=$O_STDIN ;;
	*) RP_STDIN=$PROGDIR/$O_STDIN ;;
	esac
	RP_ARGS=() RP_ENVS=()
	[ -n "$O_ARGS" ] && mapfile -d '' RP_ARGS < <(rp_words "$O_ARGS")
	[ -n "$O_ENV" ] && mapfile -d '' RP_ENVS < <(rp_words "$O_ENV")
	return 0
}

rp_fail() { RP_REASON=$1; }

# rp_timed_out STATUS START: t_timed_out with the test's limit.
rp_timed_out() { t_timed_out "$1" "$2" "$RP_SECS"; }

# rp_build WHY CFLAGS...: compiles the program; else FAIL WHY.
rp_build() {
	local why=$1
	shift
	${CC:-cc} "$@" -o "$RP_EXE" "$RP_SRC" >"$W/build.log" 2>&1 && return 0
	rp_fail "$why"
	t_show "$W/build.log" >>"$RP_REP"
	return 1
}

# rp_run PHASE CWD OUT ERR CMD...: runs CMD as the program runs: in CWD
# with TMPDIR=CWD, the test's environment and stdin (through a real pipe
# for stdin-pipe), RRSUP_TEST_PHASE=PHASE and the time limit.
rp_run() {
	local phase=$1 cwd=$2 out=$3 err=$4
	shift 4
	if [ "$O_STDIN_PIPE" = 1 ]; then
		# A real pipe, not a file: cat feeds it.
		# shellcheck disable=SC2002
		(cd "$cwd" && cat "$RP_STDIN" | env "${RP_ENVS[@]}" TMPDIR="$cwd" \
			RRSUP_TEST_PHASE="$phase" timeout -k 5 "$RP_SECS" "$@" >"$out" 2>"$err") 2>/dev/null
	else
		(cd "$cwd" && env "${RP_ENVS[@]}" TMPDIR="$cwd" RRSUP_TEST_PHASE="$phase" \
			timeout -k 5 "$RP_SECS" "$@" <"$RP_STDIN" >"$out" 2>"$err") 2>/dev/null
	fi
}

# rp_no_leftovers WHAT: false (FAIL "WHAT left processes behind", and
# kills them) when processes of the test are still running.
rp_no_leftovers() {
	local p
	p=$(t_leftovers "$W/")
	[ -z "$p" ] && return 0
	rp_fail "$1 left processes behind: $p"
	t_kill "$p"
	return 1
}

# After a step timed out (RP_MT=1): reports and kills what it left behind.
rp_left_behind() {
	local p
	[ "$RP_MT" = 1 ] || return 0
	p=$(t_leftovers "$W/")
	[ -n "$p" ] && { echo "    | left behind: $p" >>"$RP_REP"; t_kill "$p"; }
	return 0
}

# rp_record: records the program (cwd and TMPDIR $W/tmp) into $W/trace;
# its exit status (RP_RS) must be the expected one and it must print.
# SKIP when rrsup refused a may-refuse program.  False when the test is
# decided.
rp_record() {
	local t0=$SECONDS
	# shellcheck disable=SC2206
	local -a opts=(${RRSUP_RECORD_OPTS:-})
	rp_run record "$W/tmp" "$W/rec.out" "$W/rec.err" "$RRSUP" record "${opts[@]}" \
		-o "$W/trace" -- "$RP_EXE" "${RP_ARGS[@]}"
	RP_RS=$?
	if rp_timed_out "$RP_RS" "$t0"; then
		rp_fail "record timed out after ${RP_SECS}s"
		t_show "$W/rec.err" >>"$RP_REP"
		rp_left_behind
		return 1
	fi
	if [ "$RP_MT" = 1 ] && [ "$RP_RS" != "$O_STATUS" ] && RP_REASON=$(t_unsupported "$W/rec.err"); then
		RP_RESULT=SKIP
		return 1
	fi
	if [ "$RP_RS" != "$O_STATUS" ] && [ "$O_MAY_REFUSE" = 1 ] && [ "$RP_RS" -ge 1 ] &&
		[ "$RP_RS" -le 127 ] && grep -aq '^rrsup:' "$W/rec.err"; then
		RP_RESULT=SKIP
		RP_REASON="rrsup refused to record (exit $RP_RS): $(grep -a -m1 '^rrsup:' "$W/rec.err" | cut -c1-250)"
		return 1
	fi
	if [ "$RP_RS" != "$O_STATUS" ]; then
		rp_fail "record exited $RP_RS, expected $O_STATUS"
		t_show "$W/rec.err" >>"$RP_REP"
		return 1
	fi
	if [ ! -s "$W/rec.out" ]; then
		rp_fail "recording produced no stdout (the program always prints)"
		t_show "$W/rec.err" >>"$RP_REP"
		return 1
	fi
	# A "buffered" program exists to exercise the helper: unless it was
	# switched off, some of its calls must have been recorded in-process.
	if [ "$O_BUFFERED" = 1 ] && [[ " ${opts[*]} " != *" --no-syscall-buffer "* ]] &&
		! "$RRSUP" info "$W/trace" | grep -qE '^syscalls: +[1-9][0-9]* recorded in-process'; then
		rp_fail "no call was recorded in-process by the helper"
		"$RRSUP" info "$W/trace" 2>&1 | t_indent >>"$RP_REP"
		return 1
	fi
	[ "$RP_MT" = 1 ] && ! rp_no_leftovers recording && return 1
	t_prog_lines "$W/rec.err" >"$W/rec.perr"
}

# rp_vs_native OUT RUN RUNS: the recording's stdout against a native run's
# OUT: equal, or for 'varies' (unless lines-vary) as many lines.  RUN and
# RUNS name the native run(s) in the failures.
rp_vs_native() {
	local nat=$1
	if [ "$O_VARIES" = 0 ]; then
		cmp -s "$nat" "$W/rec.out" && return 0
		rp_fail "recorded stdout differs from $3 (rrsup changed the program's behaviour)"
	elif [ "$O_LINES_VARY" = 0 ] && [ "$(wc -l <"$W/rec.out")" != "$(wc -l <"$nat")" ]; then
		rp_fail "recorded run printed $(wc -l <"$W/rec.out") lines, $2 $(wc -l <"$nat")"
	else
		return 0
	fi
	t_diff "$nat" "$W/rec.out" native recorded >>"$RP_REP"
	return 1
}

# rp_replay LABEL: replays the trace from another directory, with
# another TMPDIR and stdin from /dev/null; it must print exactly what the
# recording printed, exit as it did, say nothing (no "rrsup:" line but,
# for allow-rrsup, about divergence or errors) and create no files in
# TMPDIR.  LABEL ("K of N" or empty) says which replay it is.  False when
# the test failed.
rp_replay() {
	local n=${1:+ $1} t0=$SECONDS ps bad
	# shellcheck disable=SC2206
	local -a opts=(${RRSUP_REPLAY_OPTS:-})
	(cd "$W/replay-cwd" && env RRSUP_TEST_PHASE=replay TMPDIR="$W/replay-tmp" \
		timeout -k 5 "$RP_SECS" "$RRSUP" replay "${opts[@]}" "$W/trace" \
		</dev/null >"$W/rep.out" 2>"$W/rep.err") 2>/dev/null
	ps=$?
	if rp_timed_out "$ps" "$t0"; then
		rp_fail "replay$n timed out after ${RP_SECS}s"
		t_show "$W/rep.err" >>"$RP_REP"
		# Where it hung: the last events, and what the replay printed.
		{ echo "last events of the trace:"; "$RRSUP" dump "$W/trace" 2>&1 | tail -6
		  echo "replayed stdout:"; tail -3 "$W/rep.out"; } | t_indent 300 >>"$RP_REP"
		rp_left_behind
		return 1
	fi
	if [ "$O_ALLOW_RRSUP" = 1 ]; then
		bad=$(grep -a '^rrsup:' "$W/rep.err" | grep -aiE 'diverg|error' | head -3)
	else
		bad=$(grep -a '^rrsup:' "$W/rep.err" | head -3)
	fi
	if [ -n "$bad" ]; then
		rp_fail "replay$n printed rrsup diagnostics (replay exit $ps)"
		printf '%s\n' "$bad" | t_indent 300 >>"$RP_REP"
		cmp -s "$W/rec.out" "$W/rep.out" ||
			t_diff "$W/rec.out" "$W/rep.out" recorded replayed 10 >>"$RP_REP"
		return 1
	fi
	if ! cmp -s "$W/rec.out" "$W/rep.out"; then
		rp_fail "$(rp_differs "$n" stdout)"
		t_diff "$W/rec.out" "$W/rep.out" recorded replayed >>"$RP_REP"
		return 1
	fi
	t_prog_lines "$W/rep.err" >"$W/rep.perr"
	if ! cmp -s "$W/rec.perr" "$W/rep.perr"; then
		rp_fail "$(rp_differs "$n" stderr)"
		t_diff "$W/rec.perr" "$W/rep.perr" recorded replayed >>"$RP_REP"
		return 1
	fi
	if [ "$ps" != "$RP_RS" ]; then
		if [ -n "$n" ]; then
			rp_fail "replay$n exited $ps, the recording $RP_RS"
		else
			rp_fail "replay exited $ps, recording exited $RP_RS"
		fi
		return 1
	fi
	if [ -n "$(ls -A "$W/replay-tmp")" ]; then
		# shellcheck disable=SC2012
		rp_fail "replay$n created files in TMPDIR: $(ls -A "$W/replay-tmp" | head -3 | tr '\n' ' ')"
		return 1
	fi
	[ "$RP_MT" = 1 ] && ! rp_no_leftovers "replay$n" && return 1
	return 0
}

# rp_differs " LABEL"|'' STREAM: the failure of a replay whose STREAM
# differs from the recording's.
rp_differs() {
	if [ -n "$1" ]; then
		echo "replay$1: $2 differs from the recording's"
	else
		echo "replayed $2 differs from recorded $2"
	fi
}

# rp_finish STATUS: writes the test's verdict at the top of its report
# and in $W/result: PASS when its steps returned STATUS 0, else SKIP or
# FAIL (RP_RESULT) with RP_REASON, and RP_NOTE.  Then, unless it failed or
# KEEP=1, removes the trace, the executable, the input file and the native
# runs' outputs from W.
rp_finish() {
	local extra='' name=$RP_NAME
	[ "$1" = 0 ] && RP_RESULT=PASS
	[ -n "$RP_NOTE" ] && extra=" ($RP_NOTE)"
	# RP_TAG names a second pass over the same programs (no-buffer).
	[ -n "${RP_TAG:-}" ] && name="$name[$RP_TAG]"
	case $RP_RESULT in
	PASS) echo "PASS $name$extra" ;;
	SKIP) echo "SKIP $name: $RP_REASON$extra" ;;
	*) echo "FAIL $name: $RP_REASON$extra" ;;
	esac >"$RP_REP.tmp"
	cat "$RP_REP" >>"$RP_REP.tmp"
	mv "$RP_REP.tmp" "$RP_REP"
	echo "$RP_RESULT" >"$W/result"
	if [ "$RP_RESULT" != FAIL ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "${W:?}/trace" "${W:?}/$RP_NAME" "${W:?}/input.dat" "${W:?}/native"
	fi
}

# rp_main [ARGS...]: in the process xargs starts for one test ("--one
# NAME"): runs it, prints its report and exits.  Else does nothing.
rp_main() {
	[ "${1:-}" = --one ] || return 0
	run_one "$2"
	flock "$WORKROOT/.lock" cat "$WORKROOT/$2/report"
	exit 0
}

# rp_prepare SUITE LIST [PATTERN...]: the programs in $PROGDIR to run
# (RP_NAMES, all or those matching a PATTERN).  With LIST=1, lists them
# with their options and exits; FAILs them all and exits when there is no
# rrsup binary; else makes the work directory WORKROOT.
rp_prepare() {
	local suite=$1 list=$2 f n why
	shift 2
	RP_NAMES=()
	for f in "$PROGDIR"/*.c; do
		n=$(basename "$f" .c)
		t_match "$n" "$@" && RP_NAMES+=("$n")
	done
	if [ ${#RP_NAMES[@]} = 0 ]; then
		echo "no programs match: $*" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
	if [ "$list" = 1 ]; then
		for n in "${RP_NAMES[@]}"; do
			printf '%-20s %s\n' "$n" "$(rp_opt_line "$PROGDIR/$n.c")"
		done
		exit 0
	fi
	if ! why=$(t_have_rrsup); then
		for n in "${RP_NAMES[@]}"; do
			t_fail "$n" "$why"
		done
		t_summary
		exit 1
	fi
	t_workdir "$suite"
	export WORKROOT=$T_WORK
	: >"$WORKROOT/.lock"
}

# rp_run_all SUITE DIED [WRAPPER...]: runs the tests, $JOBS at a time,
# each as "WRAPPER... bash $0 --one NAME"; counts their results (a test
# without one FAILs: "DIED") and prints the summary.
rp_run_all() {
	local suite=$1 died=$2 start=$SECONDS n
	shift 2
	printf '%s\n' "${RP_NAMES[@]}" | xargs -P "$JOBS" -I{} "$@" bash "$0" --one {}
	for n in "${RP_NAMES[@]}"; do
		case $(cat "$WORKROOT/$n/result" 2>/dev/null) in
		PASS) T_PASS=$((T_PASS + 1)) ;;
		SKIP) T_SKIP=$((T_SKIP + 1)) ;;
		*)
			T_FAIL=$((T_FAIL + 1))
			[ -f "$WORKROOT/$n/result" ] || echo "FAIL $n: $died"
			;;
		esac
	done
	echo "# $suite suite took $((SECONDS - start))s"
	t_summary
}
