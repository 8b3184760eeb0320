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

# Indents a file's first lines under a FAIL line ("    | ...").
t_show() {
	local f=$1 n=${2:-10}
	[ -s "$f" ] || return 0
	head -n "$n" "$f" | cut -c1-200 | sed 's/^/    | /'
}

# A short diff of two files, indented.
t_diff() {
	diff -a -u --label "$3" --label "$4" "$1" "$2" | head -n "${5:-20}" | cut -c1-200 | sed 's/^/    | /'
}

# True when the rrsup binary is there and runnable; else says why on stdout.
t_have_rrsup() {
	if [ ! -x "$RRSUP" ]; then
		echo "rrsup binary not found or not executable: $RRSUP (build it, or set RRSUP)"
		return 1
	fi
	return 0
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
	if { [ "$T_STATUS" = 124 ] || [ "$T_STATUS" = 137 ]; } && [ $((SECONDS - start)) -ge "$secs" ]; then
		T_TIMEDOUT=1
	fi
}

# Lines of a stderr capture that rrsup wrote / that the program wrote.
t_rrsup_lines() { grep -a '^rrsup:' "$1" || true; }
t_prog_lines() { grep -av '^rrsup:' "$1" || true; }

t_hash() { sha256sum "$1" | cut -c1-16; }

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
t_roundtrip() {
	local name=$1
	shift
	local d=$T_WORK/$name secs=${RT_TIMEOUT:-120} want=${RT_STATUS:-0}
	local stdin=${RT_STDIN:-/dev/null} cwd=${RT_CWD:-$T_WORK}
	local varies=${RT_VARIES:-0} after=${RT_AFTER:-}
	RT_STDIN='' RT_CWD='' RT_TIMEOUT='' RT_VARIES='' RT_AFTER='' RT_STATUS=''
	mkdir -p "$d/replay-cwd"
	local rs ps
	(cd "$cwd" && t_run "$secs" "$d/rec.out" "$d/rec.err" "$RRSUP" record -o "$d/trace" -- "$@" <"$stdin"
	 echo "$T_STATUS $T_TIMEDOUT" >"$d/rec.st")
	read -r rs rto <"$d/rec.st"
	if [ "$rto" = 1 ]; then
		t_fail "$name" "record timed out after ${secs}s"
		t_show "$d/rec.err" 5
		return 1
	fi
	if [ "$rs" != "$want" ]; then
		t_fail "$name" "record exited $rs, expected $want"
		t_show "$d/rec.err" 5
		return 1
	fi
	if [ "$varies" = 1 ]; then
		(cd "$cwd" && t_run "$secs" "$d/nat.out" "$d/nat.err" "$@" <"$stdin")
		if cmp -s "$d/rec.out" "$d/nat.out"; then
			t_fail "$name" "a native rerun printed the same as the recording: the test proves nothing"
			return 1
		fi
	fi
	if [ -n "$after" ]; then
		(cd "$cwd" && eval "$after")
	fi
	(cd "$d/replay-cwd" && t_run "$secs" "$d/rep.out" "$d/rep.err" "$RRSUP" replay "$d/trace" </dev/null
	 echo "$T_STATUS $T_TIMEDOUT" >"$d/rep.st")
	read -r ps pto <"$d/rep.st"
	if [ "$pto" = 1 ]; then
		t_fail "$name" "replay timed out after ${secs}s"
		t_show "$d/rep.err" 5
		return 1
	fi
	if [ -n "$(t_rrsup_lines "$d/rep.err")" ]; then
		t_fail "$name" "replay printed rrsup diagnostics (exit $ps)"
		t_rrsup_lines "$d/rep.err" | head -3 | cut -c1-300 | sed 's/^/    | /'
		return 1
	fi
	if ! cmp -s "$d/rec.out" "$d/rep.out"; then
		t_fail "$name" "replayed stdout differs (recorded $(t_hash "$d/rec.out") $(wc -c <"$d/rec.out") bytes, replayed $(t_hash "$d/rep.out") $(wc -c <"$d/rep.out") bytes)"
		t_diff "$d/rec.out" "$d/rep.out" recorded replayed 10
		return 1
	fi
	t_prog_lines "$d/rec.err" >"$d/rec.perr"
	t_prog_lines "$d/rep.err" >"$d/rep.perr"
	if ! cmp -s "$d/rec.perr" "$d/rep.perr"; then
		t_fail "$name" "replayed stderr differs"
		t_diff "$d/rec.perr" "$d/rep.perr" recorded replayed 10
		return 1
	fi
	if [ "$ps" != "$rs" ]; then
		t_fail "$name" "replay exited $ps, recording $rs"
		return 1
	fi
	t_pass "$name"
}
