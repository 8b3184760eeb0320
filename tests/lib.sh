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
