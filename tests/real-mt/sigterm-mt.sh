#!/bin/bash
# rrsup record gets SIGTERM while a program's four threads are blocked in
# read, nanosleep and a condition variable, or spinning with system calls:
# rrsup must exit 143 ("the trace ends here"), leave no tracee behind
# (running, stopped or zombie), and the trace must replay to that point
# with status 143, the message "the recording ends here" and the stdout
# recorded so far.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
NAME=real-mt-sigterm
t_start $NAME
W=$T_WORK
cat >"$W/sleepers.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int pfd[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *reader(void *a) { char b; (void)a; if (read(pfd[0], &b, 1) < 0) return NULL; return NULL; }
static void *sleeper(void *a) { for (;;) usleep(2000); return a; }
static void *spinner(void *a) { for (;;) getppid(); return a; }
static void *waiter(void *a)
{
	pthread_mutex_lock(&m);
	for (;;)
		pthread_cond_wait(&c, &m);
	return a;
}

int main(void)
{
	void *(*fn[4])(void *) = { reader, sleeper, spinner, waiter };
	pthread_t t[4];

	if (pipe(pfd))
		return 1;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, fn[i], NULL);
	printf("four threads started\n");
	fflush(stdout);
	pthread_join(t[0], NULL);
	return 0;
}
C
if ! cc -O1 -g -Wall -Werror -pthread -o "$W/sleepers" "$W/sleepers.c" 2>"$W/cc.err"; then
	t_fail $NAME "cannot compile the test program"
	t_show "$W/cc.err" 5
	t_summary
	exit 1
fi

run() {
	local pid st left start
	"$RRSUP" record -o "$W/trace" -- "$W/sleepers" >"$W/rec.out" 2>"$W/rec.err" </dev/null &
	pid=$!
	# One second, unless rrsup is done sooner (e.g. it declined).
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.1
		kill -0 $pid 2>/dev/null || break
	done
	start=$SECONDS
	if kill -0 $pid 2>/dev/null; then
		kill -TERM $pid
		# rrsup gets 30 s to stop; then it is a hang.
		while kill -0 $pid 2>/dev/null && [ $((SECONDS - start)) -lt 30 ]; do sleep 0.1; done
		if kill -0 $pid 2>/dev/null; then
			t_fail $NAME "rrsup record still running 30 s after SIGTERM"
			kill -KILL $pid
		fi
	fi
	wait $pid
	st=$?
	left=$(t_procs "$W/sleepers")
	if [ -n "$left" ]; then
		t_fail $NAME "tracee(s) left behind after rrsup exited $st: $(for p in $left; do ps -o pid=,stat=,args= -p "$p"; done | tr '\n' ';')"
		t_kill "$left"
		return
	fi
	if [ $st != 143 ] && why=$(t_unsupported "$W/rec.err"); then
		t_skip $NAME "$why"
		return
	fi
	if [ $st != 143 ] || ! grep -q "the trace ends here" "$W/rec.err"; then
		t_fail $NAME "record exited $st, wanted 143 and \"the trace ends here\""
		t_show "$W/rec.err" 5
		return
	fi
	if ! grep -q "four threads started" "$W/rec.out"; then
		t_fail $NAME "the program had not started its threads within 1 s"
		t_show "$W/rec.err" 5
		return
	fi
	t_run 60 "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$W/trace"
	left=$(t_procs "$W/sleepers")
	if [ "$T_TIMEDOUT" = 1 ]; then
		t_fail $NAME "replay timed out"
	elif [ -n "$left" ]; then
		t_fail $NAME "replay left processes behind: $left"
		t_kill "$left"
	elif [ "$T_STATUS" != 143 ] || ! grep -q "the recording ends here" "$W/rep.err"; then
		t_fail $NAME "replay exited $T_STATUS, wanted 143 and \"the recording ends here\""
		t_show "$W/rep.err" 5
	elif ! cmp -s "$W/rec.out" "$W/rep.out"; then
		t_fail $NAME "replayed stdout differs from the recording's"
		t_diff "$W/rec.out" "$W/rep.out" recorded replayed 10
	else
		t_pass $NAME
	fi
}
run
t_summary
