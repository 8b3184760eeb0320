#!/bin/bash
# Divergence and interruption: a replay whose trace says something other
# than what the program does must stop and say where and what; a recording
# cut short by SIGTERM or by SIGKILL of the program must replay up to that
# point with the recorded status, leaving no process behind.
#
# usage: tests/divergence.sh        (RRSUP selects the binary)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"

if ! why=$(t_have_rrsup); then
	t_fail divergence "$why"
	t_summary
	exit 1
fi
t_workdir divergence
W=$T_WORK
EDIT=$TOP/tests/tools/trace-edit
[ -x "$EDIT" ] || make -C "$TOP" -s tests/tools/trace-edit >/dev/null 2>&1

cat >"$W/branch.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
int main(void)
{
	char b[64];
	int fd = open("/etc/passwd", O_RDONLY);
	ssize_t n = read(fd, b, sizeof(b));

	if (n >= 32)
		write(1, "long\n", 5);
	else
		getppid();
	return 0;
}
C
cat >"$W/stopme.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	printf("pid %d\n", (int)getpid());
	fflush(stdout);
	raise(SIGSTOP);		/* until someone outside sends SIGCONT */
	printf("continued\n");
	return 0;
}
C
cat >"$W/spin.c" <<'C'
int main(void) { volatile unsigned long n = 0; for (;;) n++; }
C
cat >"$W/compute.c" <<'C'
#include <stdio.h>
int main(void)
{
	volatile unsigned long n;

	for (n = 0; n < 6000000000UL; n++)
		;
	puts("done");
	return 0;
}
C
# RecordReplayAssert of a string that differs at replay by design.
cat >"$W/assert.c" <<'C'
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include "rrsup/driver.h"
static void check(const char *fmt, ...)
{
	RecordReplayAssert_fn a = (RecordReplayAssert_fn)dlsym(RTLD_DEFAULT, "RecordReplayAssert");
	va_list ap;
	va_start(ap, fmt);
	if (a)
		a(fmt, ap);
	va_end(ap);
}
int main(void)
{
	RecordReplayIsReplaying_fn r =
		(RecordReplayIsReplaying_fn)dlsym(RTLD_DEFAULT, "RecordReplayIsReplaying");
	check("same %d", 42);
	check("replaying=%d", r ? r() : 0);
	puts("done");
	return 0;
}
C
cc -O1 -o "$W/branch" "$W/branch.c" && cc -O1 -o "$W/spin" "$W/spin.c" &&
	cc -O1 -o "$W/compute" "$W/compute.c" &&
	cc -O1 -o "$W/stopme" "$W/stopme.c" &&
	cc -O1 -I"$TOP/include" -o "$W/assert" "$W/assert.c" || {
	t_fail divergence "cannot compile the test programs"
	t_summary
	exit 1
}

# A read that returned 64 bytes is made to return 5: the program then
# calls getppid where the trace has its write.  Recorded without the
# helper, so that both calls stop the program (divergence_buffered covers
# the helper's side).
divergence_read() {
	local name=divergence-read n
	t_run 30 "$W/rec.out" "$W/rec.err" "$RRSUP" record --no-syscall-buffer -o "$W/t1" -- "$W/branch"
	n=$("$RRSUP" dump "$W/t1" | awk '/ read\(3, 0x[0-9a-f]+, 64\) = 64/ { print $1; exit }')
	if [ -z "$n" ] || [ ! -x "$EDIT" ]; then
		t_fail $name "no read event to edit, or no trace-edit tool"
		return
	fi
	"$EDIT" "$W/t1" "$W/t1-edited" "$n" 5 || { t_fail $name "trace-edit failed"; return; }
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t1-edited"
	if [ "$T_STATUS" = 0 ]; then
		t_fail $name "replay of an edited trace exited 0"
	elif ! grep -qE "^rrsup: replay diverged at event $((n + 1)): recorded write\(1, 0x[0-9a-f]+, 5\), program made getppid\(\)" "$W/rep.err"; then
		t_fail $name "no divergence message naming the event and both calls"
		t_show "$W/rep.err" 5
	else
		t_pass $name
	fi
	# The unedited trace still replays cleanly.
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t1"
	if [ "$T_STATUS" = 0 ] && [ "$(cat "$W/rep.out")" = long ] && ! grep -q rrsup: "$W/rep.err"; then
		t_pass divergence-unedited
	else
		t_fail divergence-unedited "status $T_STATUS"
		t_show "$W/rep.err" 5
	fi
}

# The same with the helper on: read and write are buffered in-process, the
# helper finds the difference and the supervisor names the BUFFER event,
# the call's place in it and both calls.
divergence_buffered() {
	local name=divergence-buffered n k
	t_run 30 "$W/rec.out" "$W/rec.err" "$RRSUP" record -o "$W/t4" -- "$W/branch"
	# dump lists a BUFFER event's calls under it, indented.
	read -r n k < <("$RRSUP" dump "$W/t4" | awk '
		/^[0-9]+ / { ev = $1; k = 0; next }
		/^    / { k++ }
		/^    read\(3, 0x[0-9a-f]+, 64\) = 64/ { print ev, k; exit }')
	if [ -z "$n" ] || [ -z "$k" ]; then
		t_fail $name "no buffered read to edit"
		"$RRSUP" dump "$W/t4" | tail -5 | t_indent
		return
	fi
	"$EDIT" "$W/t4" "$W/t4-edited" "$n" 5 "$k" || { t_fail $name "trace-edit failed"; return; }
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t4-edited"
	if [ "$T_STATUS" = 0 ]; then
		t_fail $name "replay of an edited trace exited 0"
	elif ! grep -qE "^rrsup: replay diverged at event $n, buffered call $((k + 1)): recorded write\(1, 0x[0-9a-f]+, 5\), program made getppid\(\)" "$W/rep.err"; then
		t_fail $name "no divergence message naming the event, the call and both calls"
		t_show "$W/rep.err" 5
	else
		t_pass $name
	fi
}

# The driver API's RecordReplayAssert: the second string differs at
# replay; the replay stops there and shows both.
divergence_assert() {
	local name=divergence-assert
	t_run 30 "$W/rec.out" "$W/rec.err" "$RRSUP" record -o "$W/t5" -- "$W/assert"
	if [ "$T_STATUS" != 0 ] || [ "$(cat "$W/rec.out")" != done ]; then
		t_fail $name "record exited $T_STATUS"
		t_show "$W/rec.err" 5
		return
	fi
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t5"
	if [ "$T_STATUS" != 125 ]; then
		t_fail $name "replay exited $T_STATUS, wanted 125"
	elif ! grep -qE '^rrsup: replay diverged at event [0-9]+: RecordReplayAssert recorded "replaying=0", replay has "replaying=1"$' "$W/rep.err"; then
		t_fail $name "no divergence message with both strings"
		t_show "$W/rep.err" 5
	else
		t_pass $name
	fi
}

# rrsup record gets SIGTERM while the program sleeps.
interrupted_record() {
	local name=interrupt-sigterm pid st
	"$RRSUP" record -o "$W/t2" -- sleep 30 >"$W/rec.out" 2>"$W/rec.err" &
	pid=$!
	sleep 1
	kill -TERM $pid
	wait $pid
	st=$?
	if [ $st != 143 ] || ! grep -q "the trace ends here" "$W/rec.err"; then
		t_fail $name "record exited $st"
		t_show "$W/rec.err" 5
		return
	fi
	if pgrep -f "^sleep 30$" >/dev/null; then
		t_fail $name "the recorded program was left running"
		return
	fi
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t2"
	if [ "$T_STATUS" = 143 ] && grep -q "the recording ends here: rrsup record got Terminated" "$W/rep.err"; then
		t_pass $name
	else
		t_fail $name "replay exited $T_STATUS"
		t_show "$W/rep.err" 5
	fi
}

# The program is SIGKILLed from outside in the middle of a loop.
killed_program() {
	local name=interrupt-sigkill pid st
	"$RRSUP" record -o "$W/t3" -- "$W/spin" >"$W/rec.out" 2>"$W/rec.err" &
	pid=$!
	sleep 1
	pkill -KILL -f "^$W/spin\$"
	wait $pid
	st=$?
	if [ $st != 137 ]; then
		t_fail $name "record exited $st, wanted 137"
		t_show "$W/rec.err" 5
		return
	fi
	t_run 30 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/t3"
	if [ "$T_STATUS" = 137 ] && ! grep -q rrsup: "$W/rep.err"; then
		t_pass $name
	else
		t_fail $name "replay exited $T_STATUS (timed out: $T_TIMEDOUT)"
		t_show "$W/rep.err" 5
	fi
}

# Ctrl-C while a replay computes without syscalls for seconds: the
# replay ends with 130 there, not at the program's end (the signal may
# land just before the supervisor sleeps in waitpid: a timer then wakes
# it), several times.
interrupted_replay() {
	local name=interrupt-replay i pid st
	if ! "$RRSUP" record -o "$W/tcomp" -- "$W/compute" >"$W/rec5.out" 2>"$W/rec5.err"; then
		t_fail $name "recording failed"
		t_show "$W/rec5.err" 5
		return
	fi
	for i in 1 2 3 4 5; do
		"$RRSUP" replay "$W/tcomp" >"$W/rep5.out" 2>"$W/rep5.err" &
		pid=$!
		sleep "$(printf '0.%02d' $((i * 7)))"
		kill -INT $pid
		wait $pid
		st=$?
		if [ $st != 130 ]; then
			t_fail $name "replay $i exited $st after SIGINT, wanted 130"
			t_show "$W/rep5.err" 5
			return
		fi
		if grep -q done "$W/rep5.out"; then
			t_fail $name "replay $i ran to the program's end despite SIGINT"
			return
		fi
	done
	t_pass "$name (5 times, each ended where it was)"
}

# The program stops itself; a SIGCONT from outside the recording (a user's
# kill -CONT, a shell's fg) continues it, and the replay shows the same.
continued_from_outside() {
	local name=sigcont-outside rpid pid guard st i
	"$RRSUP" record -o "$W/tcont" -- "$W/stopme" >"$W/rec4.out" 2>"$W/rec4.err" &
	rpid=$!
	for i in $(seq 100); do
		pid=$(sed -n 's/^pid //p' "$W/rec4.out")
		[ -n "$pid" ] && break
		sleep 0.1
	done
	sleep 0.5
	[ -n "$pid" ] && kill -CONT "$pid"
	(sleep 30; kill -KILL $rpid 2>/dev/null) &
	guard=$!
	wait $rpid
	st=$?
	kill $guard 2>/dev/null
	wait $guard 2>/dev/null
	if [ $st != 0 ] || ! grep -q '^continued$' "$W/rec4.out"; then
		t_fail $name "record exited $st without the program going on after SIGCONT"
		t_show "$W/rec4.err" 5
		return
	fi
	t_run 30 "$W/rep4.out" "$W/rep4.err" "$RRSUP" replay "$W/tcont"
	if [ "$T_STATUS" = 0 ] && cmp -s "$W/rec4.out" "$W/rep4.out"; then
		t_pass "$name (stopped, continued from outside, replayed)"
	else
		t_fail $name "replay exited $T_STATUS"
		t_diff "$W/rec4.out" "$W/rep4.out"
		t_show "$W/rep4.err" 5
	fi
}

divergence_read
divergence_buffered
divergence_assert
interrupted_record
killed_program
interrupted_replay
continued_from_outside
t_summary
