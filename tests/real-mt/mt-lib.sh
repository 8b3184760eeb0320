# shellcheck shell=bash
# Helpers for the real-program multi-thread/multi-process tests in
# tests/real-mt/ (sourced, not run; tests/real-mt.sh skips this file).
# Builds on tests/lib.sh.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# mt_need NAME TOOL...: true when every TOOL is installed; else reports
# NAME as SKIP saying which one is missing.
mt_need() {
	local name=$1 tool
	shift
	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "$tool" ]; then
			t_skip "$name" "$tool is not installed"
			return 1
		fi
	done
	return 0
}

# mt_start NAME: the common start of a real-mt script: SKIP (and exit 0)
# when there is no rrsup binary; else a work directory (T_WORK).
mt_start() {
	if ! t_have_rrsup >/dev/null; then
		t_skip "$1" "$(t_have_rrsup)"
		t_summary
		exit 0
	fi
	t_workdir "$1"
}

# mt_unsupported ERRFILE: true (and prints the reason) when rrsup declined
# to record with an "rrsup: ... not supported yet" message.
mt_unsupported() {
	grep -a -m1 '^rrsup:.*not supported yet' "$1" | cut -c1-250 | grep .
}

# mt_roundtrip NAME CMD...: records CMD once and replays the trace
# MT_REPLAYS times (default 2).  SKIP when rrsup says the program needs
# something "not supported yet"; otherwise PASS when the recorded exit
# status is MT_STATUS (default 0), every replay prints the recorded stdout
# byte for byte and the recorded stderr minus "rrsup:" lines, exits with
# the recorded status and prints no "rrsup:" line.  Settings (variables,
# reset after each call):
#   MT_STDIN    stdin for the recording (default /dev/null)
#   MT_CWD      directory to record in (default $T_WORK)
#   MT_TIMEOUT  seconds per step (default 180)
#   MT_VARIES   1: run CMD natively up to 5 times and require an output
#               different from the recording's (the test can tell)
#   MT_AFTER    shell code run between record and replay
# Leaves captures in $T_WORK/NAME/ and the trace in $T_WORK/NAME/trace.
mt_roundtrip() {
	local name=$1
	shift
	local d=$T_WORK/$name secs=${MT_TIMEOUT:-180} want=${MT_STATUS:-0}
	local stdin=${MT_STDIN:-/dev/null} cwd=${MT_CWD:-$T_WORK}
	local varies=${MT_VARIES:-0} after=${MT_AFTER:-} replays=${MT_REPLAYS:-2}
	MT_STDIN='' MT_CWD='' MT_TIMEOUT='' MT_VARIES='' MT_AFTER='' MT_STATUS='' MT_REPLAYS=''
	mkdir -p "$d/replay-cwd"
	local rs rto ps pto why k differs=0
	(cd "$cwd" && t_run "$secs" "$d/rec.out" "$d/rec.err" "$RRSUP" record -o "$d/trace" -- "$@" <"$stdin"
	 echo "$T_STATUS $T_TIMEDOUT" >"$d/rec.st")
	read -r rs rto <"$d/rec.st"
	if [ "$rto" = 1 ]; then
		t_fail "$name" "record timed out after ${secs}s"
		t_show "$d/rec.err" 5
		return 1
	fi
	if [ "$rs" != "$want" ] && why=$(mt_unsupported "$d/rec.err"); then
		t_skip "$name" "$why"
		return 0
	fi
	if [ "$rs" != "$want" ]; then
		t_fail "$name" "record exited $rs, expected $want"
		t_show "$d/rec.err" 5
		return 1
	fi
	if [ "$varies" = 1 ]; then
		for _ in 1 2 3 4 5; do
			(cd "$cwd" && t_run "$secs" "$d/nat.out" "$d/nat.err" "$@" <"$stdin")
			cmp -s "$d/rec.out" "$d/nat.out" || { differs=1; break; }
		done
		if [ "$differs" = 0 ]; then
			t_fail "$name" "5 native reruns printed the same as the recording: the test proves nothing"
			return 1
		fi
	fi
	if [ -n "$after" ]; then
		(cd "$cwd" && eval "$after")
	fi
	t_prog_lines "$d/rec.err" >"$d/rec.perr"
	for k in $(seq 1 "$replays"); do
		(cd "$d/replay-cwd" && t_run "$secs" "$d/rep.out" "$d/rep.err" "$RRSUP" replay "$d/trace" </dev/null
		 echo "$T_STATUS $T_TIMEDOUT" >"$d/rep.st")
		read -r ps pto <"$d/rep.st"
		if [ "$pto" = 1 ]; then
			t_fail "$name" "replay $k timed out after ${secs}s"
			t_show "$d/rep.err" 5
			return 1
		fi
		if [ -n "$(t_rrsup_lines "$d/rep.err")" ]; then
			t_fail "$name" "replay $k printed rrsup diagnostics (exit $ps)"
			t_rrsup_lines "$d/rep.err" | head -3 | cut -c1-300 | sed 's/^/    | /'
			return 1
		fi
		if ! cmp -s "$d/rec.out" "$d/rep.out"; then
			t_fail "$name" "replay $k: stdout differs (recorded $(t_hash "$d/rec.out") $(wc -c <"$d/rec.out") bytes, replayed $(t_hash "$d/rep.out") $(wc -c <"$d/rep.out") bytes)"
			t_diff "$d/rec.out" "$d/rep.out" recorded replayed 10
			return 1
		fi
		t_prog_lines "$d/rep.err" >"$d/rep.perr"
		if ! cmp -s "$d/rec.perr" "$d/rep.perr"; then
			t_fail "$name" "replay $k: stderr differs"
			t_diff "$d/rec.perr" "$d/rep.perr" recorded replayed 10
			return 1
		fi
		if [ "$ps" != "$rs" ]; then
			t_fail "$name" "replay $k exited $ps, recording $rs"
			return 1
		fi
	done
	t_pass "$name"
}
