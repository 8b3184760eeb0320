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
PROGDIR=$HERE/programs-mt
CFLAGS_MT=(-O1 -g -Wall -Werror -pthread)

# ---------------------------------------------------------------------------
# One test.  Runs in its own process (xargs), reports through files.

# parse_opts FILE: sets O_* from the file's "rrsup-test:" line.
parse_opts() {
	O_ARGS='' O_STDIN='' O_STDIN_PIPE=0 O_STATUS=0 O_VARIES=0 O_VARIANTS=''
	O_ALLOW_RRSUP=0 O_ENV='' O_TIMEOUT='' O_SKIP='' O_LINES_VARY=0 O_NONDET=0
	O_MAY_REFUSE=0 O_REPLAYS=''
	local line tok key val
	line=$(grep -m1 -o 'rrsup-test:.*' "$1" | sed -e 's/^rrsup-test://' -e 's|\*/.*$||')
	O_BAD=
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
		native-variants) O_VARIES=1 O_VARIANTS=$val ;;
		nondet) O_NONDET=1 ;;
		lines-vary) O_LINES_VARY=1 ;;
		allow-rrsup) O_ALLOW_RRSUP=1 ;;
		may-refuse) O_MAY_REFUSE=1 ;;
		env) O_ENV=$val ;;
		timeout) O_TIMEOUT=$val ;;
		replays) O_REPLAYS=$val ;;
		skip) O_SKIP=${val:-skipped} ;;
		*) O_BAD="$O_BAD $tok" ;;
		esac
	done < <(printf '%s' "$line" | xargs -r printf '%s\0')
	case $O_VARIANTS in
	'') O_VARIANTS=2 ;;
	*[!0-9]*) O_BAD="$O_BAD native-variants=$O_VARIANTS" ;;
	esac
	case $O_REPLAYS in
	*[!0-9]*) O_BAD="$O_BAD replays=$O_REPLAYS" ;;
	esac
}

# words STRING: the shell-quoted words of STRING, NUL-separated, with the
# placeholders @TMP@ and @INPUT@ substituted.
words() {
	printf '%s' "$1" | xargs -r printf '%s\0' |
		sed -z -e "s|@TMP@|$W/tmp|g" -e "s|@INPUT@|$W/input.dat|g"
}

# Processes still running the test's executable (the program, its forks,
# its re-executions of itself), after giving exits a moment to settle.
leftovers() {
	local i p
	for i in 1 2 3 4 5 6 7 8 9 10; do
		p=$(pgrep -f "^$W/" | tr '\n' ' ')
		[ -z "$p" ] && return 0
		sleep 0.1
	done
	echo "$p"
}
kill_leftovers() { # PIDS: kill what a failed step left behind (ours)
	local p
	for p in $1; do kill -KILL "$p" 2>/dev/null; done
}

run_one() {
	local name=$1 src=$PROGDIR/$1.c
	W=$WORKROOT/$name
	local rep=$W/report
	mkdir -p "$W/tmp" "$W/replay-cwd" "$W/replay-tmp" "$W/native"
	: >"$rep"
	local result=FAIL reason='' note=''
	_fail() { reason=$1; }

	parse_opts "$src"
	local secs=${O_TIMEOUT:-$TIMEOUT} replays=${O_REPLAYS:-$REPLAYS}
	if [ -n "$O_SKIP" ]; then
		echo "SKIP $name: $O_SKIP" >"$rep"
		echo SKIP >"$W/result"
		return
	fi
	if [ -n "$O_BAD" ]; then
		echo "FAIL $name: unknown or bad rrsup-test option(s):$O_BAD" >"$rep"
		echo FAIL >"$W/result"
		return
	fi

	# Inputs: a file the program may be given (@INPUT@), and stdin.
	{
		cat "$src"
		head -c 3000 /dev/urandom | base64
	} >"$W/input.dat"
	local stdin_file=/dev/null
	case $O_STDIN in
	'') ;;
	SELF) cp "$src" "$W/stdin.txt" && stdin_file=$W/stdin.txt ;;
	INPUT) stdin_file=$W/input.dat ;;
	/*) stdin_file=$O_STDIN ;;
	*) stdin_file=$PROGDIR/$O_STDIN ;;
	esac

	local -a args=() envs=()
	[ -n "$O_ARGS" ] && mapfile -d '' args < <(words "$O_ARGS")
	[ -n "$O_ENV" ] && mapfile -d '' envs < <(words "$O_ENV")
	local exe=$W/$name
	# shellcheck disable=SC2206
	local -a record_opts=(${RRSUP_RECORD_OPTS:-}) replay_opts=(${RRSUP_REPLAY_OPTS:-})

	run_prog() { # PHASE CWD OUT ERR CMD... (stdin as for the program)
		local phase=$1 cwd=$2 out=$3 err=$4
		shift 4
		if [ "$O_STDIN_PIPE" = 1 ]; then
			# shellcheck disable=SC2002
			(cd "$cwd" && cat "$stdin_file" | env "${envs[@]}" TMPDIR="$cwd" \
				RRSUP_TEST_PHASE="$phase" timeout -k 5 "$secs" "$@" >"$out" 2>"$err") 2>/dev/null
		else
			(cd "$cwd" && env "${envs[@]}" TMPDIR="$cwd" RRSUP_TEST_PHASE="$phase" \
				timeout -k 5 "$secs" "$@" <"$stdin_file" >"$out" 2>"$err") 2>/dev/null
		fi
	}
	timed_out() { # STATUS START
		{ [ "$1" = 124 ] || [ "$1" = 137 ]; } && [ $((SECONDS - $2)) -ge "$secs" ]
	}

	while :; do
		if ! ${CC:-cc} "${CFLAGS_MT[@]}" -o "$exe" "$src" >"$W/build.log" 2>&1; then
			_fail "does not compile (cc ${CFLAGS_MT[*]})"
			t_show "$W/build.log" >>"$rep"
			break
		fi

		# 1. Native runs, NATIVE_RUNS of them, NATIVE_JOBS at a time: all
		#    must exit as expected; a 'varies' program must print at least
		#    O_VARIANTS different outputs (else the test cannot tell a
		#    replay from a rerun), any other exactly one.
		local nruns=$NATIVE_RUNS distinct=0 key='' cached=''
		[ "$O_NONDET" = 1 ] && nruns=0
		if [ "$nruns" -gt 0 ] && [ -n "${RRSUP_MT_NATIVE_CACHE:-}" ]; then
			key=$({ cat "$src"; echo "$nruns ${CC:-cc} ${CFLAGS_MT[*]}"; ${CC:-cc} --version 2>&1 | head -1; } |
				sha256sum | cut -c1-32)
			cached=$(cat "$RRSUP_MT_NATIVE_CACHE/$name.$key" 2>/dev/null)
		fi
		if [ -n "$cached" ]; then
			distinct=$cached
			cp "$RRSUP_MT_NATIVE_CACHE/$name.$key.out" "$W/native/1.out" 2>/dev/null
			note="native: $distinct/$nruns distinct, cached"
		elif [ "$nruns" -gt 0 ]; then
			local t0=$SECONDS i bad=''
			for i in $(seq 1 "$nruns"); do
				mkdir -p "$W/native/$i.d"
				(run_prog native "$W/native/$i.d" "$W/native/$i.out" "$W/native/$i.err" "$exe" "${args[@]}"
				 echo $? >"$W/native/$i.st") &
				while [ "$(jobs -rp | wc -l)" -ge "$NATIVE_JOBS" ]; do wait -n; done
			done
			wait
			for i in $(seq 1 "$nruns"); do
				local st
				st=$(cat "$W/native/$i.st")
				if [ "$st" != "$O_STATUS" ]; then
					if timed_out "$st" "$t0"; then
						bad="native run $i timed out after ${secs}s"
					else
						bad="native run $i exited $st, expected $O_STATUS (broken test?)"
					fi
					t_show "$W/native/$i.err" 5 >>"$rep"
					break
				fi
				if [ "$O_VARIES" = 1 ] && [ "$O_LINES_VARY" = 0 ] &&
					[ "$(wc -l <"$W/native/$i.out")" != "$(wc -l <"$W/native/1.out")" ]; then
					bad="native runs printed $(wc -l <"$W/native/1.out") and $(wc -l <"$W/native/$i.out") lines (mark it lines-vary?)"
					break
				fi
			done
			if [ -n "$bad" ]; then
				_fail "$bad"
				break
			fi
			local pids
			pids=$(leftovers)
			if [ -n "$pids" ]; then
				_fail "native runs left processes behind: $pids"
				kill_leftovers "$pids"
				break
			fi
			distinct=$(for i in $(seq 1 "$nruns"); do sha256sum <"$W/native/$i.out"; done | sort -u | wc -l)
			note="native: $distinct/$nruns distinct"
			if [ "$O_VARIES" = 1 ] && [ "$distinct" -lt "$O_VARIANTS" ] && [ "$NCPUS" -lt 2 ]; then
				# With one CPU, threads and processes rarely overlap:
				# too little variation says nothing about the test.
				note="$note, fewer than $O_VARIANTS but this machine has one CPU"
			elif [ "$O_VARIES" = 1 ] && [ "$distinct" -lt "$O_VARIANTS" ]; then
				_fail "marked 'varies' but only $distinct distinct output(s) in $nruns native runs (wanted $O_VARIANTS or more)"
				t_show "$W/native/1.out" 5 >>"$rep"
				break
			fi
			if [ "$O_VARIES" = 0 ] && [ "$distinct" != 1 ]; then
				_fail "not marked 'varies' but $nruns native runs printed $distinct different outputs"
				for i in $(seq 2 "$nruns"); do
					cmp -s "$W/native/1.out" "$W/native/$i.out" && continue
					t_diff "$W/native/1.out" "$W/native/$i.out" native-1 "native-$i" >>"$rep"
					break
				done
				break
			fi
			if [ -n "$key" ]; then
				mkdir -p "$RRSUP_MT_NATIVE_CACHE" &&
					cp "$W/native/1.out" "$RRSUP_MT_NATIVE_CACHE/$name.$key.out" &&
					echo "$distinct" >"$RRSUP_MT_NATIVE_CACHE/$name.$key"
			fi
		fi

		# 2. Record.
		local t0=$SECONDS rs ps
		run_prog record "$W/tmp" "$W/rec.out" "$W/rec.err" "$RRSUP" record "${record_opts[@]}" \
			-o "$W/trace" -- "$exe" "${args[@]}"
		rs=$?
		if timed_out "$rs" "$t0"; then
			_fail "record timed out after ${secs}s"
			t_show "$W/rec.err" >>"$rep"
			local p
			p=$(leftovers)
			[ -n "$p" ] && { echo "    | left behind: $p" >>"$rep"; kill_leftovers "$p"; }
			break
		fi
		if [ "$rs" != "$O_STATUS" ] && grep -aq '^rrsup:.*not supported yet' "$W/rec.err"; then
			result=SKIP
			reason=$(grep -a -m1 '^rrsup:.*not supported yet' "$W/rec.err" | cut -c1-250)
			break
		fi
		if [ "$rs" != "$O_STATUS" ] && [ "$O_MAY_REFUSE" = 1 ] && [ "$rs" -ge 1 ] &&
			[ "$rs" -le 127 ] && grep -aq '^rrsup:' "$W/rec.err"; then
			result=SKIP
			reason="rrsup refused to record (exit $rs): $(grep -a -m1 '^rrsup:' "$W/rec.err" | cut -c1-250)"
			break
		fi
		if [ "$rs" != "$O_STATUS" ]; then
			_fail "record exited $rs, expected $O_STATUS"
			t_show "$W/rec.err" >>"$rep"
			break
		fi
		if [ ! -s "$W/rec.out" ]; then
			_fail "recording produced no stdout (the program always prints)"
			t_show "$W/rec.err" >>"$rep"
			break
		fi
		local p
		p=$(leftovers)
		if [ -n "$p" ]; then
			_fail "recording left processes behind: $p"
			kill_leftovers "$p"
			break
		fi
		if [ "$nruns" -gt 0 ] && [ -f "$W/native/1.out" ]; then
			if [ "$O_VARIES" = 0 ] && ! cmp -s "$W/native/1.out" "$W/rec.out"; then
				_fail "recorded stdout differs from the native runs' (rrsup changed the program's behaviour)"
				t_diff "$W/native/1.out" "$W/rec.out" native recorded >>"$rep"
				break
			fi
			if [ "$O_VARIES" = 1 ] && [ "$O_LINES_VARY" = 0 ] &&
				[ "$(wc -l <"$W/rec.out")" != "$(wc -l <"$W/native/1.out")" ]; then
				_fail "recorded run printed $(wc -l <"$W/rec.out") lines, native runs $(wc -l <"$W/native/1.out")"
				t_diff "$W/native/1.out" "$W/rec.out" native recorded >>"$rep"
				break
			fi
		fi
		t_prog_lines "$W/rec.err" >"$W/rec.perr"

		# 3. Replays, each from another directory with another TMPDIR and
		#    stdin from /dev/null; each must match the recording exactly.
		local k bad=''
		for k in $(seq 1 "$replays"); do
			t0=$SECONDS
			(cd "$W/replay-cwd" && env RRSUP_TEST_PHASE=replay TMPDIR="$W/replay-tmp" \
				timeout -k 5 "$secs" "$RRSUP" replay "${replay_opts[@]}" "$W/trace" \
				</dev/null >"$W/rep.out" 2>"$W/rep.err") 2>/dev/null
			ps=$?
			if timed_out "$ps" "$t0"; then
				_fail "replay $k of $replays timed out after ${secs}s"
				t_show "$W/rep.err" >>"$rep"
				p=$(leftovers)
				[ -n "$p" ] && { echo "    | left behind: $p" >>"$rep"; kill_leftovers "$p"; }
				break 2
			fi
			if [ "$O_ALLOW_RRSUP" = 1 ]; then
				bad=$(grep -a '^rrsup:' "$W/rep.err" | grep -aiE 'diverg|error' | head -3)
			else
				bad=$(grep -a '^rrsup:' "$W/rep.err" | head -3)
			fi
			if [ -n "$bad" ]; then
				_fail "replay $k of $replays printed rrsup diagnostics (replay exit $ps)"
				printf '%s\n' "$bad" | cut -c1-300 | sed 's/^/    | /' >>"$rep"
				cmp -s "$W/rec.out" "$W/rep.out" ||
					t_diff "$W/rec.out" "$W/rep.out" recorded replayed 10 >>"$rep"
				break 2
			fi
			if ! cmp -s "$W/rec.out" "$W/rep.out"; then
				_fail "replay $k of $replays: stdout differs from the recording's"
				t_diff "$W/rec.out" "$W/rep.out" recorded replayed >>"$rep"
				break 2
			fi
			t_prog_lines "$W/rep.err" >"$W/rep.perr"
			if ! cmp -s "$W/rec.perr" "$W/rep.perr"; then
				_fail "replay $k of $replays: stderr differs from the recording's"
				t_diff "$W/rec.perr" "$W/rep.perr" recorded replayed >>"$rep"
				break 2
			fi
			if [ "$ps" != "$rs" ]; then
				_fail "replay $k of $replays exited $ps, the recording $rs"
				break 2
			fi
			if [ -n "$(ls -A "$W/replay-tmp")" ]; then
				# shellcheck disable=SC2012
				_fail "replay $k of $replays created files in TMPDIR: $(ls -A "$W/replay-tmp" | head -3 | tr '\n' ' ')"
				break 2
			fi
			p=$(leftovers)
			if [ -n "$p" ]; then
				_fail "replay $k of $replays left processes behind: $p"
				kill_leftovers "$p"
				break 2
			fi
		done
		result=PASS
		break
	done

	local extra=''
	[ -n "$note" ] && extra=" ($note)"
	if [ $result = PASS ]; then
		echo "PASS $name$extra" >"$rep.tmp"
	elif [ $result = SKIP ]; then
		echo "SKIP $name: $reason$extra" >"$rep.tmp"
	else
		echo "FAIL $name: $reason$extra" >"$rep.tmp"
	fi
	cat "$rep" >>"$rep.tmp"
	mv "$rep.tmp" "$rep"
	echo "${distinct:-0}" >"$W/distinct"
	echo $result >"$W/result"
	if [ $result != FAIL ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "${W:?}/trace" "${W:?}/$name" "${W:?}/input.dat" "${W:?}/native"
	fi
}

if [ "${1:-}" = --one ]; then
	name=$2
	run_one "$name"
	flock "$WORKROOT/.lock" cat "$WORKROOT/$name/report"
	exit 0
fi

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
	*) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
export KEEP=${KEEP:-0} TIMEOUT REPLAYS NATIVE_RUNS NATIVE_JOBS NCPUS

names=()
for f in "$PROGDIR"/*.c; do
	n=$(basename "$f" .c)
	if [ $# -gt 0 ]; then
		m=0
		for pat in "$@"; do
			# shellcheck disable=SC2254
			case $n in $pat) m=1 ;; esac
		done
		[ $m = 1 ] || continue
	fi
	names+=("$n")
done
if [ ${#names[@]} = 0 ]; then
	echo "no programs match: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

if [ $LIST = 1 ]; then
	for n in "${names[@]}"; do
		printf '%-20s %s\n' "$n" "$(grep -m1 -o 'rrsup-test:.*' "$PROGDIR/$n.c" | sed -e 's/^rrsup-test: *//' -e 's| *\*/.*$||')"
	done
	exit 0
fi

if ! why=$(t_have_rrsup); then
	for n in "${names[@]}"; do
		t_fail "$n" "$why"
	done
	t_summary
	exit 1
fi

t_workdir programs-mt
export WORKROOT=$T_WORK
: >"$WORKROOT/.lock"

echo "# rrsup: $RRSUP; ${#names[@]} programs, $JOBS at a time, ${TIMEOUT}s limit per step," \
	"$REPLAYS replays, $NATIVE_RUNS native runs ($NATIVE_JOBS at a time)"
start=$SECONDS
# The outer limit only guards against the runner itself hanging: every
# step inside already has its own.
printf '%s\n' "${names[@]}" |
	xargs -P "$JOBS" -I{} timeout -k 5 $((TIMEOUT * (REPLAYS + 4))) bash "$0" --one {}

for n in "${names[@]}"; do
	case $(cat "$WORKROOT/$n/result" 2>/dev/null) in
	PASS) T_PASS=$((T_PASS + 1)) ;;
	SKIP) T_SKIP=$((T_SKIP + 1)) ;;
	*)
		T_FAIL=$((T_FAIL + 1))
		[ -f "$WORKROOT/$n/result" ] || echo "FAIL $n: the test runner itself died or hit its overall limit"
		;;
	esac
done
echo "# programs-mt suite took $((SECONDS - start))s"
t_summary
