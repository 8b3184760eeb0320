# shellcheck shell=bash
# Helpers for the real-program multi-thread/multi-process tests in
# tests/real-mt/ (sourced, not run; tests/real-mt.sh skips this file).
# Builds on tests/lib.sh (t_start begins a script there).

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# mt_need NAME TOOL...: true when every TOOL is installed; else reports
# NAME as SKIP saying which one is missing.
mt_need() {
	local tool
	tool=$(t_missing "${@:2}") || return 0
	t_skip "$1" "$tool is not installed"
	return 1
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
	local stdin=${MT_STDIN:-} cwd=${MT_CWD:-} secs=${MT_TIMEOUT:-180} varies=${MT_VARIES:-}
	local after=${MT_AFTER:-} want=${MT_STATUS:-} replays=${MT_REPLAYS:-2}
	MT_STDIN='' MT_CWD='' MT_TIMEOUT='' MT_VARIES='' MT_AFTER='' MT_STATUS='' MT_REPLAYS=''
	RT_STDIN=$stdin RT_CWD=$cwd RT_TIMEOUT=$secs RT_VARIES=$varies RT_AFTER=$after RT_STATUS=$want \
		t_rt 1 "$replays" "$@"
}
