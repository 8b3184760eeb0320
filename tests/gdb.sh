#!/bin/bash
# The gdb server: real gdb, in batch mode, against "rrsup replay -s 0" on
# recordings of tests/gdb/*.c.  Each test checks what gdb printed against
# what the program printed when it was recorded: breakpoint stops and
# locals, a backtrace through libc, a watchpoint found by reverse-continue,
# reverse-step/next/finish, hit counts forwards and backwards, threads,
# disconnecting and reconnecting, refused writes, and the errors (port in
# use, a corrupt trace, a trace still being recorded).
#
# usage: tests/gdb.sh [NAME-PATTERN...]     (RRSUP selects the binary)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"

t_start gdb gdb gcc
W=$T_WORK
SRC=$HERE/gdb
LIMIT=120

for c in "$SRC"/*.c; do
	n=$(basename "$c" .c)
	gcc -g -O0 -pthread -o "$W/$n" "$c" 2>"$W/$n.cc" || { t_fail "gdb-build-$n" "$(head -3 "$W/$n.cc")"; }
done

# record NAME: records $W/NAME into $W/NAME.trace; its stdout in NAME.rec
record() {
	rm -rf "$W/$1.trace"
	"$RRSUP" record -o "$W/$1.trace" "$W/$1" >"$W/$1.rec" 2>"$W/$1.rec.err"
}

# serve NAME [OPTS...]: starts the server on a free port, with more
# replay options; sets PORT and SRV.
serve() {
	local n=$1 i
	shift
	# Truncate here, not in the background job: a later serve of the
	# same NAME must not read the previous server's (dead) port.
	: >"$W/$n.srv.err"
	"$RRSUP" replay -s 0 "$@" "$W/$n.trace" >"$W/$n.srv" 2>>"$W/$n.srv.err" &
	SRV=$!
	PORT=
	for i in $(seq 100); do
		PORT=$(sed -n 's/.*waiting for gdb on 127.0.0.1:\([0-9]*\).*/\1/p' "$W/$n.srv.err")
		[ -n "$PORT" ] && return 0
		kill -0 $SRV 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

stop_server() {
	local i
	kill $SRV 2>/dev/null
	for i in $(seq 50); do
		kill -0 $SRV 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $SRV 2>/dev/null; then
		t_fail "gdb-server-exit" "the server did not end on SIGTERM"
		kill -9 $SRV 2>/dev/null
	fi
	wait $SRV 2>/dev/null
}

# gdb_run NAME OUT CMDS...: one gdb session against the server on PORT.
gdb_run() {
	local n=$1 out=$2 a=() c
	shift 2
	for c in "$@"; do a+=(-ex "$c"); done
	timeout -k 5 $LIMIT gdb -nx -batch -ex 'set pagination off' \
		-ex "target extended-remote 127.0.0.1:$PORT" "${a[@]}" "$W/$n" \
		>"$out" 2>&1
}

# session NAME CMDS...: server + one gdb session; output in NAME.gdb
session() {
	local n=$1
	shift
	if ! record "$n"; then
		t_fail "gdb-$n" "recording failed: $(head -3 "$W/$n.rec.err")"
		return 1
	fi
	if ! serve "$n"; then
		t_fail "gdb-$n" "the server did not start: $(head -3 "$W/$n.srv.err")"
		return 1
	fi
	gdb_run "$n" "$W/$n.gdb" "$@"
	stop_server
	if grep -q "replay diverged\|the replay failed" "$W/$n.gdb" "$W/$n.srv.err"; then
		t_fail "gdb-$n" "the replay diverged under gdb"
		t_show "$W/$n.srv.err"
		return 1
	fi
	return 0
}

fail_show() {
	t_fail "$1" "$2"
	t_show "$3"
}

# The value gdb printed last for "print EXPR" lines ($N = V).
printed() { grep -E '^\$[0-9]+ = ' "$1" | sed -n "${2}p" | sed 's/^\$[0-9]* = //'; }

if t_match gdb-basic "$@"; then
	if session basic 'break cmp' 'continue' 'bt' 'print seed' 'print calls' \
		'delete' 'continue'; then
		seed=$(sed -n 's/^seed=\([0-9]*\).*/\1/p' "$W/basic.rec")
		if ! grep -q "Breakpoint 1, cmp" "$W/basic.gdb"; then
			fail_show gdb-basic "no stop at the breakpoint in cmp" "$W/basic.gdb"
		elif ! grep -qE '^#[0-9]+ .*(msort|qsort)' "$W/basic.gdb" ||
			! grep -qE '^#[0-9]+ .* main \(\)' "$W/basic.gdb"; then
			fail_show gdb-basic "the backtrace does not go through libc's qsort to main" "$W/basic.gdb"
		elif [ "$(printed "$W/basic.gdb" 1)" != "$seed" ]; then
			fail_show gdb-basic "print seed gave '$(printed "$W/basic.gdb" 1)', the recording printed $seed" "$W/basic.gdb"
		elif [ "$(printed "$W/basic.gdb" 2)" != 0 ]; then
			fail_show gdb-basic "calls was not 0 at the first comparison" "$W/basic.gdb"
		elif ! grep -q "No more reverse-execution history" "$W/basic.gdb"; then
			fail_show gdb-basic "no clean stop at the end of the recording" "$W/basic.gdb"
		elif grep -q "does not support file transfer" "$W/basic.gdb" ||
			! grep -q "libc.so.6 from remote target" "$W/basic.gdb"; then
			fail_show gdb-basic "gdb did not read the libraries through the server (vFile)" "$W/basic.gdb"
		elif ! cmp -s "$W/basic.rec" "$W/basic.srv"; then
			t_fail gdb-basic "the replay under gdb printed something else than the recording"
			t_diff "$W/basic.rec" "$W/basic.srv"
		else
			t_pass "gdb-basic (break in cmp called by qsort, seed $seed, backtrace through libc, libraries read through the server)"
		fi
	fi
fi

# watch_others NAME: watch + reverse-continue in a recording with more
# than one task; with TAG=-ckpt, a checkpoint must come after the first
# clone (fork or pthread_create).
watch_others() {
	local n=$1 t=gdb-watch-$1$TAG bad clone_ev wait_ev= last_ck child=
	local cmds=('break check' 'continue' 'watch guard' 'reverse-continue'
		'print i' 'print guard' 'monitor checkpoints' 'continue' 'continue' 'continue')
	if [ "${2:-}" = onfork ]; then
		# The child is debugged; the parent waits for it all along.
		record "$n" || { t_fail $t "recording failed: $(head -3 "$W/$n.rec.err")"; return; }
		child=$(sed -n 's/^child \([0-9]*\)$/\1/p' "$W/$n.rec")
		serve "$n" --onfork "$child" || { t_fail $t "the server did not start"; return; }
		gdb_run "$n" "$W/$n.gdb" "${cmds[@]}"
		stop_server
	else
		session "$n" "${cmds[@]}" || return
	fi
	bad=$(sed -n 's/^bad=//p' "$W/$n.rec")
	clone_ev=$("$RRSUP" dump "$W/$n.trace" | awk '/syscall clone3?\(/ { print $1; exit }')
	# threaded: a thread waits in read(), waitchild: the parent in
	# wait4(); checkpoints go on past that.
	case $n in
	threaded|waitchild)
		wait_ev=$("$RRSUP" dump "$W/$n.trace" |
			awk '/syscall (read|wait4)\(.*waits; others run/ { print $1; exit }') ;;
	esac
	[ -n "$wait_ev" ] && [ "$wait_ev" -gt "${clone_ev:-0}" ] && clone_ev=$wait_ev
	last_ck=$(sed -n 's/^[0-9]* checkpoints\{0,1\} at events \(.*, \)\{0,1\}\([0-9]*\)$/\2/p' "$W/$n.gdb" | tail -1)
	if ! grep -q "CORRUPT" "$W/$n.gdb" || [ "$(printed "$W/$n.gdb" 1)" != "$bad" ]; then
		fail_show $t "reverse-continue did not stop at the write at i=$bad" "$W/$n.gdb"
	elif [ "$(grep -c 'Breakpoint 1, check' "$W/$n.gdb")" != 2 ]; then
		fail_show $t "going forwards again did not reach check()" "$W/$n.gdb"
	elif [ -n "$TAG" ] && ! [ "${last_ck:-0}" -gt "${clone_ev:-999999}" ]; then
		fail_show $t "no checkpoint after the clone or wait (event ${clone_ev:-?}; last checkpoint ${last_ck:-none})" "$W/$n.gdb"
	elif [ -z "$child" ] && ! cmp -s "$W/$n.rec" "$W/$n.srv"; then
		t_fail $t "the replay under gdb printed something else than the recording"
		t_diff "$W/$n.rec" "$W/$n.srv"
	else
		t_pass "$t (the write at i=$bad found${TAG:+; checkpoints up to event $last_ck, past event $clone_ev})"
	fi
}

# The tests of going backwards, run twice: with checkpoints as usual (few,
# these programs are short), and with one at every event boundary
# (RRSUP_CHECKPOINT_MS=0), so that runs back start from checkpoints.
reverse_tests() {
	if t_match gdb-watch-reverse$TAG "${PATTERNS[@]}"; then
		# Then forwards again, through the write, to check() and the
		# end: a replay left single-stepping would diverge there.
		if session corrupt 'break check' 'continue' 'watch guard' 'reverse-continue' \
			'print i' 'print guard' 'continue' 'continue' 'continue'; then
			bad=$(sed -n 's/^bad=//p' "$W/corrupt.rec")
			if ! grep -q "Breakpoint 1, check" "$W/corrupt.gdb"; then
				fail_show gdb-watch-reverse$TAG "no stop in check()" "$W/corrupt.gdb"
			elif ! grep -q "CORRUPT" "$W/corrupt.gdb"; then
				fail_show gdb-watch-reverse$TAG "reverse-continue did not stop at the corrupting statement" "$W/corrupt.gdb"
			elif [ "$(printed "$W/corrupt.gdb" 1)" != "$bad" ]; then
				fail_show gdb-watch-reverse$TAG "stopped with i=$(printed "$W/corrupt.gdb" 1), the recording corrupted at $bad" "$W/corrupt.gdb"
			elif [ "$(printed "$W/corrupt.gdb" 2)" != 12345 ]; then
				fail_show gdb-watch-reverse$TAG "guard is not the value before the write" "$W/corrupt.gdb"
			else
				t_pass "gdb-watch-reverse$TAG (watch + reverse-continue found the write at i=$bad)"
			fi
		fi
	fi

	# The same with a second process (forked) or more threads (threaded)
	# alive all along, or in a child whose parent waits (waitchild):
	# checkpoints hold a clone of each process, and make the threads
	# again when going back, waiting ones inside their system calls.
	for prog in forked threaded; do
		t_match gdb-watch-$prog$TAG "${PATTERNS[@]}" && watch_others $prog
	done
	t_match gdb-watch-waitchild$TAG "${PATTERNS[@]}" && watch_others waitchild onfork

	if t_match gdb-reverse-step$TAG "${PATTERNS[@]}"; then
		l4=$(grep -n STEPS-L4 "$SRC/steps.c" | cut -d: -f1)
		if session steps "break steps.c:$l4" 'continue' 'reverse-next' 'reverse-next' \
			'reverse-next' 'next' 'next' 'next' 'reverse-step' 'reverse-finish' 'print a'; then
			got=$(grep -o 'STEPS-[A-Z0-9-]*' "$W/steps.gdb" | tr '\n' ' ')
			want="STEPS-L4 STEPS-L3 STEPS-L2 STEPS-L1 STEPS-L2 STEPS-L3 STEPS-L4 STEPS-L3 "
			if [ "$got" != "$want" ]; then
				fail_show gdb-reverse-step$TAG "lines were: $got; expected: $want" "$W/steps.gdb"
			elif ! grep -q "^twice (x=40)" "$W/steps.gdb"; then
				fail_show gdb-reverse-step$TAG "reverse-step did not go back into twice(40)" "$W/steps.gdb"
			elif [ "$(printed "$W/steps.gdb" 1)" != 40 ]; then
				fail_show gdb-reverse-step$TAG "a is not 40 after reverse-finish" "$W/steps.gdb"
			else
				t_pass "gdb-reverse-step$TAG (reverse-next over a call and a syscall, reverse-step, reverse-finish)"
			fi
		fi
	fi

	if t_match gdb-hit-counts$TAG "${PATTERNS[@]}"; then
		cmds=('break tick')
		for i in $(seq 13); do cmds+=('continue'); done
		for i in $(seq 13); do cmds+=('reverse-continue'); done
		for i in $(seq 13); do cmds+=('continue'); done
		cmds+=('info breakpoints')
		if session loop "${cmds[@]}"; then
			got=$(sed -n 's/^Breakpoint 1, tick (i=\([0-9]*\)).*/\1/p' "$W/loop.gdb" | tr '\n' ' ')
			fwd="0 1 2 3 4 5 6 7 8 9 10 11 "
			rev="11 10 9 8 7 6 5 4 3 2 1 0 "
			if [ "$got" != "$fwd$rev$fwd" ]; then
				fail_show gdb-hit-counts$TAG "hits were: $got" "$W/loop.gdb"
			elif ! grep -q "breakpoint already hit 36 times" "$W/loop.gdb"; then
				fail_show gdb-hit-counts$TAG "info breakpoints does not say 36 hits" "$W/loop.gdb"
			elif [ "$(grep -c 'No more reverse-execution history' "$W/loop.gdb")" != 3 ]; then
				fail_show gdb-hit-counts$TAG "no stop at each end of the recording" "$W/loop.gdb"
			else
				t_pass "gdb-hit-counts$TAG (12 hits forward, 12 back, 12 forward again)"
			fi
		fi
	fi
}
PATTERNS=("$@")
TAG= reverse_tests
export RRSUP_CHECKPOINT_MS=0
TAG=-ckpt reverse_tests
unset RRSUP_CHECKPOINT_MS

if t_match gdb-threads "$@"; then
	if session threads 'break worker_step' 'continue' 'info threads' 'print id' \
		'continue' 'print id' 'continue' 'print id' 'continue'; then
		ids=$(grep -E '^\$[0-9]+ = ' "$W/threads.gdb" | sed 's/^\$[0-9]* = //' | sort | tr '\n' ' ')
		nthreads=$(grep -cE '^[* ] +[0-9]+ +Thread ' "$W/threads.gdb")
		if [ "$ids" != "0 1 2 " ]; then
			fail_show gdb-threads "the three workers did not each stop once (ids: $ids)" "$W/threads.gdb"
		elif [ "$nthreads" -lt 2 ]; then
			fail_show gdb-threads "info threads lists $nthreads threads" "$W/threads.gdb"
		elif ! grep -qE '^\* +[0-9]+ +Thread .*worker_step' "$W/threads.gdb"; then
			fail_show gdb-threads "the stop is not in the worker's thread" "$W/threads.gdb"
		elif ! cmp -s "$W/threads.rec" "$W/threads.srv"; then
			t_fail gdb-threads "the replay under gdb printed something else than the recording"
			t_diff "$W/threads.rec" "$W/threads.srv"
		else
			t_pass "gdb-threads ($nthreads threads listed; each worker stopped in its own thread)"
		fi
	fi
fi

if t_match gdb-reconnect "$@"; then
	if record loop && serve loop; then
		gdb_run loop "$W/rc1.gdb" 'break tick' 'continue' 'continue' 'disconnect'
		gdb_run loop "$W/rc2.gdb" 'break tick' 'continue' 'print i' 'run' 'print i'
		stop_server
		if ! grep -q "tick (i=1)" "$W/rc1.gdb"; then
			fail_show gdb-reconnect "first session did not reach i=1" "$W/rc1.gdb"
		elif [ "$(printed "$W/rc2.gdb" 1)" != 2 ]; then
			fail_show gdb-reconnect "the second session did not go on from where the first left" "$W/rc2.gdb"
		elif [ "$(printed "$W/rc2.gdb" 2)" != 0 ]; then
			fail_show gdb-reconnect "run did not start again from the beginning" "$W/rc2.gdb"
		else
			t_pass "gdb-reconnect (a second gdb goes on from where the first disconnected; run starts over)"
		fi
	else
		t_fail gdb-reconnect "could not record or serve: $(head -3 "$W/loop.srv.err")"
	fi
fi

if t_match gdb-read-only "$@"; then
	if session basic 'break cmp' 'continue' 'print calls = 77' 'set var seed = 1' \
		'print calls' 'delete' 'continue'; then
		if [ "$(printed "$W/basic.gdb" 1)" != 0 ]; then
			fail_show gdb-read-only "a write from gdb changed the replayed program" "$W/basic.gdb"
		elif ! grep -q "read-only\|Cannot access memory" "$W/basic.gdb"; then
			fail_show gdb-read-only "gdb was not told the write was refused" "$W/basic.gdb"
		elif ! cmp -s "$W/basic.rec" "$W/basic.srv"; then
			t_fail gdb-read-only "the replay went another way after the refused write"
			t_diff "$W/basic.rec" "$W/basic.srv"
		else
			t_pass "gdb-read-only (print x = 77 refused, the replay unchanged)"
		fi
	fi
fi

if t_match gdb-port-in-use "$@"; then
	record loop 2>/dev/null
	if serve loop; then
		timeout 20 "$RRSUP" replay -s "$PORT" "$W/loop.trace" >/dev/null 2>"$W/inuse.err"
		st=$?
		stop_server
		if [ $st = 0 ] || [ $st = 124 ] || ! grep -q "in use" "$W/inuse.err"; then
			fail_show gdb-port-in-use "exit $st, no clear error" "$W/inuse.err"
		else
			t_pass "gdb-port-in-use ($(head -1 "$W/inuse.err"))"
		fi
	else
		t_fail gdb-port-in-use "the first server did not start"
	fi
fi

if t_match gdb-bad-trace "$@"; then
	record loop 2>/dev/null
	cp -r "$W/loop.trace" "$W/cut.trace"
	truncate -s 40 "$W/cut.trace/events"
	timeout 20 "$RRSUP" replay -s 0 "$W/cut.trace" >/dev/null 2>"$W/cut.err"
	st=$?
	"$RRSUP" record -o "$W/live.trace" sleep 5 >/dev/null 2>&1 &
	rec=$!
	for i in $(seq 50); do [ -s "$W/live.trace/header" ] && break; sleep 0.1; done
	timeout 20 "$RRSUP" replay -s 0 "$W/live.trace" >/dev/null 2>"$W/live.err"
	st2=$?
	kill $rec 2>/dev/null
	wait $rec 2>/dev/null
	if [ $st = 0 ] || [ $st = 124 ] || [ "$(wc -l <"$W/cut.err")" != 1 ] ||
		! grep -q "truncated\|corrupt" "$W/cut.err"; then
		fail_show gdb-bad-trace "a truncated trace: exit $st" "$W/cut.err"
	elif [ $st2 = 0 ] || [ $st2 = 124 ] || ! grep -q "still being recorded" "$W/live.err"; then
		fail_show gdb-bad-trace "a trace being recorded: exit $st2" "$W/live.err"
	else
		t_pass "gdb-bad-trace ($(head -1 "$W/cut.err"); $(head -1 "$W/live.err"))"
	fi
fi

if t_match gdb-processes "$@"; then
	# -p PID (from its execve), --onfork PID (from its fork), and a
	# signal reported as gdb expects, in a two-process recording.
	if record procs; then
		child=$(sed -n 's/^child //p' "$W/procs.rec")
		why=
		serve procs --onfork "$child" &&
			gdb_run procs "$W/onfork.gdb" 'break child_work' 'continue' 'monitor processes' \
				'break exec_work' 'continue'
		stop_server
		grep -q "Breakpoint 1, child_work" "$W/onfork.gdb" || why="--onfork $child did not stop in child_work"
		[ -n "$why" ] || grep -q "^process $child (debugged)" "$W/onfork.gdb" ||
			why="monitor processes does not name the debugged child $child"
		# Its execve is reported: gdb loads the new image and stops in it.
		[ -n "$why" ] || grep -q "executing new program" "$W/onfork.gdb" ||
			why="the child's execve was not reported to gdb"
		[ -n "$why" ] || grep -q "Breakpoint 2, exec_work" "$W/onfork.gdb" ||
			why="no stop in exec_work after the child's execve"
		serve procs -p "$child" &&
			gdb_run procs "$W/pid.gdb" 'break exec_work' 'continue'
		stop_server
		[ -n "$why" ] || grep -q "Breakpoint 1, exec_work" "$W/pid.gdb" ||
			why="-p $child did not stop in exec_work after its execve"
		serve procs &&
			gdb_run procs "$W/sig.gdb" 'continue' 'bt' 'stepi' 'bt 1' 'continue'
		stop_server
		[ -n "$why" ] || grep -q "received signal SIGUSR1" "$W/sig.gdb" ||
			why="the parent's SIGUSR1 was not reported"
		# The stop is in the helper's syscall: the backtrace goes on
		# through it (entry.S's unwind information) to main.
		[ -n "$why" ] || grep -qE "^#[0-9]+ .* in main \(" "$W/sig.gdb" ||
			why="the backtrace from the signal stop does not reach main"
		[ -n "$why" ] || grep -q "^#0 .*on_usr1" "$W/sig.gdb" ||
			why="stepi at the signal did not enter its handler"
		[ -n "$why" ] || grep -q "PROCS-HANDLER\|on_usr1" "$W/sig.gdb" || [ "$(grep -c 'exited normally\|No more reverse' "$W/sig.gdb")" -gt 0 ] ||
			why="continuing after the signal did not run on"
		if [ -n "$why" ]; then
			t_fail gdb-processes "$why"
			cat "$W/onfork.gdb" "$W/pid.gdb" "$W/sig.gdb" | t_indent | head -40
		else
			t_pass "gdb-processes (--onfork and -p $child stop in the child, its execve followed; SIGUSR1 reported)"
		fi
	else
		t_fail gdb-processes "recording failed: $(head -3 "$W/procs.rec.err")"
	fi
fi

if t_match gdb-goto "$@"; then
	record loop 2>/dev/null
	ev=$("$RRSUP" dump "$W/loop.trace" | awk '$2 ~ /^\[/ { n++ } n == 20 { print $1; exit }')
	if serve loop -g "$ev"; then
		gdb_run loop "$W/goto.gdb" 'monitor when' "monitor goto $((ev + 3))" 'monitor when' 'monitor checkpoints'
		stop_server
		if grep -q "Current event: $ev\b" "$W/goto.gdb" && grep -q "Current event: $((ev + 3))\b" "$W/goto.gdb"; then
			t_pass "gdb-goto (-g $ev starts there; monitor goto moves)"
		else
			fail_show gdb-goto "monitor when does not show events $ev and $((ev + 3))" "$W/goto.gdb"
		fi
	else
		t_fail gdb-goto "the server did not start with -g $ev: $(head -3 "$W/loop.srv.err")"
	fi
fi

if t_match gdb-interrupt "$@"; then
	# Ctrl-C while the replay runs (a raw protocol client: gdb in batch
	# mode cannot press it).
	if record spin && serve spin; then
		python3 "$HERE/tools/gdb-interrupt.py" "$PORT" >"$W/int.out" 2>&1
		st=$?
		stop_server
		if [ $st = 0 ]; then
			t_pass "gdb-interrupt ($(head -1 "$W/int.out"))"
		else
			fail_show gdb-interrupt "no clean stop on Ctrl-C" "$W/int.out"
		fi
	else
		t_fail gdb-interrupt "could not record or serve: $(head -3 "$W/spin.srv.err")"
	fi
fi

if t_match gdb-placed "$@"; then
	# A signal in a loop that changes memory: the thread's state is put
	# back at replay; the handler sees the recorded counter, forwards and
	# after reverse-continue from the end.
	if session placed 'break on_alarm' 'continue' 'print counter' 'continue' \
		'reverse-continue' 'print counter' 'kill'; then
		want=$(sed -n 's/^seen=//p' "$W/placed.rec")
		if [ "$(grep -c "Breakpoint 1, on_alarm" "$W/placed.gdb")" != 2 ]; then
			fail_show gdb-placed "no two stops in the handler (forwards, backwards)" "$W/placed.gdb"
		elif [ -z "$want" ] || [ "$(printed "$W/placed.gdb" 1)" != "$want" ] ||
			[ "$(printed "$W/placed.gdb" 2)" != "$want" ]; then
			fail_show gdb-placed "the handler saw counter '$(printed "$W/placed.gdb" 1)' / '$(printed "$W/placed.gdb" 2)', the recording $want" "$W/placed.gdb"
		elif ! "$RRSUP" info "$W/placed.trace" | grep -qE '^in loops: .* [1-9][0-9]* by saved state'; then
			t_fail gdb-placed "rrsup info counts no saved state: the signal was not placed so"
			"$RRSUP" info "$W/placed.trace" 2>&1 | t_indent
		elif ! cmp -s "$W/placed.rec" "$W/placed.srv"; then
			t_fail gdb-placed "the replay under gdb printed something else than the recording"
			t_diff "$W/placed.rec" "$W/placed.srv"
		else
			t_pass "gdb-placed (signal in a counting loop, counter $want forwards and backwards)"
		fi
	fi
fi

if t_match gdb-lib-copy "$@"; then
	# A library rebuilt after the recording (its function renamed): gdb
	# reads the trace's copy of it through the server, not the new file.
	mkdir -p "$W/lib"
	printf 'int lib_answer(int x)\n{\n\treturn x * 2;\n}\n' >"$W/lib/v1.c"
	printf 'int lib_other(int x)\n{\n\treturn x * 3;\n}\n' >"$W/lib/v2.c"
	printf '#include <stdio.h>\nint lib_answer(int);\nint main(void)\n{\n\tprintf("%%d\\n", lib_answer(21));\n\treturn 0;\n}\n' >"$W/lib/main.c"
	if gcc -g -shared -fPIC -o "$W/lib/libans.so" "$W/lib/v1.c" &&
		gcc -g -o "$W/uselib" "$W/lib/main.c" -L"$W/lib" -lans -Wl,-rpath,"$W/lib" &&
		record uselib &&
		gcc -g -shared -fPIC -o "$W/lib/libans.so.new" "$W/lib/v2.c" &&
		mv "$W/lib/libans.so.new" "$W/lib/libans.so" && serve uselib; then
		gdb_run uselib "$W/uselib.gdb" 'set breakpoint pending on' 'break lib_answer' \
			'continue' 'print x'
		stop_server
		if grep -q "Breakpoint 1, lib_answer" "$W/uselib.gdb" &&
			[ "$(printed "$W/uselib.gdb" 1)" = 21 ]; then
			t_pass "gdb-lib-copy (a library replaced since the recording: gdb read the trace's copy)"
		else
			fail_show gdb-lib-copy "no stop in the recorded library's lib_answer" "$W/uselib.gdb"
		fi
	else
		t_fail gdb-lib-copy "could not build, record or serve: $(head -3 "$W/uselib.rec.err" "$W/uselib.srv.err" 2>/dev/null)"
	fi
fi

if t_match gdb-launch "$@"; then
	# --gdb: rrsup starts gdb itself, already connected (commands on stdin).
	record loop 2>/dev/null
	printf 'break tick\ncontinue\n' |
		timeout -k 5 $LIMIT "$RRSUP" replay --gdb "$W/loop.trace" >"$W/launch.out" 2>&1
	st=$?
	if [ $st != 0 ] || ! grep -q "Breakpoint 1, tick (i=0)" "$W/launch.out"; then
		fail_show gdb-launch "rrsup replay --gdb exited $st without stopping in tick" "$W/launch.out"
	else
		t_pass "gdb-launch (rrsup replay --gdb: gdb connected, breakpoint hit)"
	fi
fi

t_summary
