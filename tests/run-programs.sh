#!/bin/bash
# Record/replay tests for single-process programs (tests/programs/*.c).
#
# usage: tests/run-programs.sh [-j N] [-t SECONDS] [-k] [-l] [NAME...]
#   -j N      run N tests at once (default: the number of CPUs)
#   -t SECS   time limit for each record, native run and replay (default 60;
#             a program's timeout= option overrides it)
#   -k        keep the work directory (also KEEP=1)
#   -l        list the tests and their options, run nothing
#   NAME...   run only these programs (file names without .c; shell
#             patterns allowed, e.g. 'mmap*')
#
# Environment: RRSUP (binary under test, default $TOP/rrsup), CC (default
# cc), RRSUP_RECORD_OPTS / RRSUP_REPLAY_OPTS (extra options for record /
# replay).  See tests/programs/README for what each test checks and for
# the "rrsup-test:" option line.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"
PROGDIR=$HERE/programs

# ---------------------------------------------------------------------------
# One test.  Runs in its own process (xargs), reports through files.

# parse_opts FILE: sets O_* from the file's "rrsup-test:" line.
parse_opts() {
	O_ARGS='' O_STDIN='' O_STDIN_PIPE=0 O_STATUS=0 O_DELETE_EXE=0 O_VARIES=0
	O_ALLOW_RRSUP=0 O_ENV='' O_TIMEOUT='' O_SKIP='' O_LINES_VARY=0 O_NONDET=0 O_MAY_REFUSE=0
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
		delete-exe) O_DELETE_EXE=1 ;;
		varies) O_VARIES=1 ;;
		nondet) O_NONDET=1 ;;
		lines-vary) O_LINES_VARY=1 ;;
		allow-rrsup) O_ALLOW_RRSUP=1 ;;
		may-refuse) O_MAY_REFUSE=1 ;;
		env) O_ENV=$val ;;
		timeout) O_TIMEOUT=$val ;;
		skip) O_SKIP=${val:-skipped} ;;
		*) O_BAD="$O_BAD $tok" ;;
		esac
	done < <(printf '%s' "$line" | xargs -r printf '%s\0')
}

# words STRING: the shell-quoted words of STRING, NUL-separated, with the
# placeholders @TMP@ and @INPUT@ substituted.
words() {
	printf '%s' "$1" | xargs -r printf '%s\0' |
		sed -z -e "s|@TMP@|$W/tmp|g" -e "s|@INPUT@|$W/input.dat|g"
}

run_one() {
	local name=$1 src=$PROGDIR/$1.c
	W=$WORKROOT/$name
	local rep=$W/report
	mkdir -p "$W/tmp" "$W/replay-cwd" "$W/replay-tmp"
	: >"$rep"
	local result=FAIL reason=
	_fail() { reason=$1; }

	parse_opts "$src"
	local secs=${O_TIMEOUT:-$TIMEOUT}
	if [ -n "$O_SKIP" ]; then
		echo "SKIP $name: $O_SKIP" >"$rep"
		echo SKIP >"$W/result"
		return
	fi
	if [ -n "$O_BAD" ]; then
		echo "FAIL $name: unknown rrsup-test option(s):$O_BAD" >"$rep"
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

	run_prog() { # PHASE OUT ERR CMD... (stdin and cwd as for the program)
		local phase=$1 out=$2 err=$3
		shift 3
		if [ "$O_STDIN_PIPE" = 1 ]; then
			# A real pipe, not a file: cat feeds it.
			# shellcheck disable=SC2002
			(cd "$W/tmp" && cat "$stdin_file" | env "${envs[@]}" TMPDIR="$W/tmp" \
				RRSUP_TEST_PHASE="$phase" timeout -k 5 "$secs" "$@" >"$out" 2>"$err") 2>/dev/null
		else
			(cd "$W/tmp" && env "${envs[@]}" TMPDIR="$W/tmp" RRSUP_TEST_PHASE="$phase" \
				timeout -k 5 "$secs" "$@" <"$stdin_file" >"$out" 2>"$err") 2>/dev/null
		fi
	}
	timed_out() { # STATUS START
		{ [ "$1" = 124 ] || [ "$1" = 137 ]; } && [ $((SECONDS - $2)) -ge "$secs" ]
	}

	while :; do
		if ! ${CC:-cc} -O1 -g -Wall -o "$exe" "$src" >"$W/build.log" 2>&1; then
			_fail "does not compile"
			t_show "$W/build.log" >>"$rep"
			break
		fi

		# 1. Record.
		local t0=$SECONDS rs ns ps
		run_prog record "$W/rec.out" "$W/rec.err" "$RRSUP" record "${record_opts[@]}" \
			-o "$W/trace" -- "$exe" "${args[@]}"
		rs=$?
		if timed_out "$rs" "$t0"; then
			_fail "record timed out after ${secs}s"
			t_show "$W/rec.err" >>"$rep"
			break
		fi
		if [ "$rs" != "$O_STATUS" ] && [ "$O_MAY_REFUSE" = 1 ] && [ "$rs" -ge 1 ] &&
			[ "$rs" -le 127 ] && grep -q '^rrsup:' "$W/rec.err"; then
			result=SKIP
			reason="rrsup refused to record (exit $rs): $(grep -m1 '^rrsup:' "$W/rec.err" | cut -c1-250)"
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

		# 2. A native run: for 'varies' it must differ from the recording
		#    (else the test cannot tell a replay from a rerun); otherwise it
		#    must be identical (recording must not change what the program sees).
		if [ "$O_NONDET" = 0 ]; then
			t0=$SECONDS
			run_prog native "$W/nat.out" "$W/nat.err" "$exe" "${args[@]}"
			ns=$?
			if timed_out "$ns" "$t0"; then
				_fail "native run timed out"
				break
			fi
			if [ "$ns" != "$O_STATUS" ]; then
				_fail "native run exited $ns, expected $O_STATUS (broken test?)"
				t_show "$W/nat.err" >>"$rep"
				break
			fi
			if [ "$O_VARIES" = 1 ]; then
				if cmp -s "$W/rec.out" "$W/nat.out"; then
					_fail "marked 'varies' but a native rerun printed the same as the recording"
					break
				fi
				if [ "$O_LINES_VARY" = 0 ] &&
					[ "$(wc -l <"$W/rec.out")" != "$(wc -l <"$W/nat.out")" ]; then
					_fail "recorded run printed $(wc -l <"$W/rec.out") lines, a native run $(wc -l <"$W/nat.out")"
					t_diff "$W/nat.out" "$W/rec.out" native recorded >>"$rep"
					break
				fi
			elif ! cmp -s "$W/rec.out" "$W/nat.out"; then
				_fail "recorded stdout differs from a native run's (rrsup changed the program's behaviour)"
				t_diff "$W/nat.out" "$W/rec.out" native recorded >>"$rep"
				break
			fi
		fi

		# 3. After-record changes to the world replay must not depend on.
		if [ "$O_DELETE_EXE" = 1 ]; then
			rm -f "$exe"
			if [ -f "$W/stdin.txt" ]; then
				echo "stdin changed after recording" >"$W/stdin.txt"
			fi
			echo "input changed after recording" >"$W/input.dat"
			rm -f "$W/input.dat"
		fi

		# 4. Replay, from another directory, with other TMPDIR and stdin.
		t0=$SECONDS
		(cd "$W/replay-cwd" && env RRSUP_TEST_PHASE=replay TMPDIR="$W/replay-tmp" \
			timeout -k 5 "$secs" "$RRSUP" replay "${replay_opts[@]}" "$W/trace" \
			</dev/null >"$W/rep.out" 2>"$W/rep.err") 2>/dev/null
		ps=$?
		if timed_out "$ps" "$t0"; then
			_fail "replay timed out after ${secs}s"
			t_show "$W/rep.err" >>"$rep"
			break
		fi
		local bad
		if [ "$O_ALLOW_RRSUP" = 1 ]; then
			bad=$(grep -a '^rrsup:' "$W/rep.err" | grep -aiE 'diverg|error' | head -3)
		else
			bad=$(grep -a '^rrsup:' "$W/rep.err" | head -3)
		fi
		if [ -n "$bad" ]; then
			_fail "replay printed rrsup diagnostics (replay exit $ps)"
			printf '%s\n' "$bad" | cut -c1-300 | sed 's/^/    | /' >>"$rep"
			cmp -s "$W/rec.out" "$W/rep.out" ||
				t_diff "$W/rec.out" "$W/rep.out" recorded replayed 10 >>"$rep"
			break
		fi
		if ! cmp -s "$W/rec.out" "$W/rep.out"; then
			_fail "replayed stdout differs from recorded stdout"
			t_diff "$W/rec.out" "$W/rep.out" recorded replayed >>"$rep"
			break
		fi
		t_prog_lines "$W/rec.err" >"$W/rec.perr"
		t_prog_lines "$W/rep.err" >"$W/rep.perr"
		if ! cmp -s "$W/rec.perr" "$W/rep.perr"; then
			_fail "replayed stderr differs from recorded stderr"
			t_diff "$W/rec.perr" "$W/rep.perr" recorded replayed >>"$rep"
			break
		fi
		if [ "$ps" != "$rs" ]; then
			_fail "replay exited $ps, recording exited $rs"
			break
		fi
		if [ -n "$(ls -A "$W/replay-tmp")" ]; then
			_fail "replay created files in TMPDIR: $(ls -A "$W/replay-tmp" | head -3 | tr '\n' ' ')"
			break
		fi
		result=PASS
		break
	done

	if [ $result = PASS ]; then
		echo "PASS $name" >"$rep.tmp"
	elif [ $result = SKIP ]; then
		echo "SKIP $name: $reason" >"$rep.tmp"
	else
		echo "FAIL $name: $reason" >"$rep.tmp"
	fi
	cat "$rep" >>"$rep.tmp"
	mv "$rep.tmp" "$rep"
	echo $result >"$W/result"
	if [ $result = PASS ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "${W:?}/trace" "${W:?}/$name" "${W:?}/input.dat"
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
LIST=0
while getopts 'j:t:kl' o; do
	case $o in
	j) JOBS=$OPTARG ;;
	t) TIMEOUT=$OPTARG ;;
	k) KEEP=1 ;;
	l) LIST=1 ;;
	*) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
export KEEP=${KEEP:-0} TIMEOUT

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

t_workdir programs
export WORKROOT=$T_WORK
: >"$WORKROOT/.lock"

echo "# rrsup: $RRSUP; ${#names[@]} programs, $JOBS at a time, ${TIMEOUT}s limit per step"
start=$SECONDS
printf '%s\n' "${names[@]}" | xargs -P "$JOBS" -I{} bash "$0" --one {}

for n in "${names[@]}"; do
	case $(cat "$WORKROOT/$n/result" 2>/dev/null) in
	PASS) T_PASS=$((T_PASS + 1)) ;;
	SKIP) T_SKIP=$((T_SKIP + 1)) ;;
	*)
		T_FAIL=$((T_FAIL + 1))
		[ -f "$WORKROOT/$n/result" ] || echo "FAIL $n: the test runner itself died"
		;;
	esac
done
echo "# programs suite took $((SECONDS - start))s"
t_summary
