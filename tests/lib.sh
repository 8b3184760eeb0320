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
	local rs rto ps pto why k tries=1 differs=0 n='' replayed=replayed
	[ "$mt" = 1 ] && tries=5
	(cd "$cwd" && t_run "$secs" "$d/rec.out" "$d/rec.err" "$RRSUP" record -o "$d/trace" -- "$@" <"$stdin"
	 echo "$T_STATUS $T_TIMEDOUT" >"$d/rec.st")
	read -r rs rto <"$d/rec.st"
	if [ "$rto" = 1 ]; then
		t_fail "$name" "record timed out after ${secs}s"
		t_show "$d/rec.err" 5
		return 1
	fi
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
		(cd "$d/replay-cwd" && t_run "$secs" "$d/rep.out" "$d/rep.err" "$RRSUP" replay "$d/trace" </dev/null
		 echo "$T_STATUS $T_TIMEDOUT" >"$d/rep.st")
		read -r ps pto <"$d/rep.st"
		if [ "$pto" = 1 ]; then
			t_fail "$name" "replay$n timed out after ${secs}s"
			t_show "$d/rep.err" 5
			return 1
		fi
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

