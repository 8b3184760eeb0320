#!/usr/bin/env bash
# bench/run.sh — wall-clock cost of rrsup against native runs and strace.
#
#   bench/run.sh [WORKLOAD...]        (default: all of them, in this order)
#
# For every workload it times, in this one run of the script:
#   native    the command by itself
#   record    rrsup record -o TRACE -- command   (in-process helper on)
#   slow      rrsup record --no-syscall-buffer    (every call stops)
#   replay    rrsup replay -q TRACE   (of the last helper recording)
#   strace    strace -f -o /dev/null command
# each RUNS times, and writes the medians to bench/RESULTS.md (or $OUT).
#
# Workloads (micro ones run bench/micro.c):
#   writes     1M 64-byte write(2)s to /dev/null
#   clock      1M clock_gettime
#   files      100k open/fstat/read/close of small files
#   bigread    reading a BIGREAD_MB (default 1024) MB file in 4 KiB reads
#   cp         cp -r /usr/share/doc to a fresh directory
#   tar        tar c /usr/include | wc -c
#   findwc     find /usr -type f | wc -l
#   python     python3 -c 'import json, email, http.client, sqlite3'
#   gzip       gzip -9 of a generated, deterministic text file (CPU-bound)
#   shell      a bash script running 500 short commands (process-heavy)
#   make       make -j2 of a generated 200-file C project
#   xz         xz -T2 of the generated text (two threads)
#
# Environment: RUNS (default 5), BENCH_MB (size of the gzip input, default
# 50), RRSUP (default ./rrsup at the top of the tree), OUT (default
# bench/RESULTS.md), BENCH_TIMEOUT (seconds per single run, default 900),
# KEEP=1 keeps the work directory.  Output of the workloads goes to
# /dev/null.  A recording that fails is reported as such and its replay as
# n/a; the script itself goes on.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)

RUNS=${RUNS:-5}
BENCH_MB=${BENCH_MB:-50}
BIGREAD_MB=${BIGREAD_MB:-1024}
RRSUP=${RRSUP:-$ROOT/rrsup}
OUT=${OUT:-$BENCH_DIR/RESULTS.md}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-900}

# The system's python, not a version manager's shim (pyenv's python3 is a
# shell script that starts a dozen processes before python).
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=python3

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
note() { printf 'bench: %s\n' "$*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $BENCH_MB =~ ^[1-9][0-9]*$ ]] || die "BENCH_MB must be a positive integer"
[[ -x $RRSUP ]] || die "no rrsup binary at $RRSUP (build it first, or set RRSUP)"
RRSUP=$(cd "$(dirname "$RRSUP")" && pwd)/$(basename "$RRSUP")

if ! command -v strace >/dev/null 2>&1; then
	if ((EUID == 0)) && command -v apt-get >/dev/null 2>&1; then
		note "installing strace"
		DEBIAN_FRONTEND=noninteractive apt-get install -y strace </dev/null >/dev/null ||
			{ apt-get update </dev/null >/dev/null &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y strace </dev/null >/dev/null; } ||
			note "could not install strace; its column will be n/a"
	else
		note "strace is not installed; its column will be n/a"
	fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rrsup-bench.XXXXXX")
cleanup() {
	if [[ ${KEEP:-} == 1 ]]; then
		note "work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

# --- workloads --------------------------------------------------------------

# Deterministic, compressible-but-not-trivial text: lines of words drawn from
# a PRNG-built vocabulary with a skewed distribution, plus numbers.
make_gzip_input() {
	python3 - "$WORK/gzip-input.txt" "$BENCH_MB" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240611)
letters = "abcdefghijklmnopqrstuvwxyz"
vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 11)))
         for _ in range(5000)]
weights = [1.0 / (i + 1) for i in range(len(vocab))]
target = mb * 1024 * 1024
written = 0
with open(path, "w") as f:
    while written < target:
        words = rng.choices(vocab, weights, k=4096)
        lines = []
        for i in range(0, len(words), 12):
            lines.append("%d %s %d\n" % (rng.randrange(1 << 20),
                                         " ".join(words[i:i + 12]),
                                         rng.randrange(1000)))
        chunk = "".join(lines)
        f.write(chunk)
        written += len(chunk)
PY
}

ALL_WORKLOADS=(writes clock files bigread cp tar findwc python gzip shell make xz)

prepare() {
	[[ -x $WORK/micro ]] || cc -O2 -o "$WORK/micro" "$BENCH_DIR/micro.c"
	case $1 in
	gzip) make_gzip_input ;;
	writes | clock | cp | tar | findwc | python) ;;
	files) mkdir -p "$WORK/small" && "$WORK/micro" files 1 "$WORK/small" ;;
	bigread) head -c "$((BIGREAD_MB * 1024 * 1024))" /dev/urandom >"$WORK/big" ;;
	shell) make_shell_script ;;
	make) make_c_project ;;
	xz) [[ -f $WORK/gzip-input.txt ]] || make_gzip_input ;;
	*) die "unknown workload '$1' (known: ${ALL_WORKLOADS[*]})" ;;
	esac
}

# 500 short commands, each a fork and an exec: process-heavy.
make_shell_script() {
	{
		# shellcheck disable=SC2016 # the script's own variables
		echo 'for i in $(seq 1 100); do'
		echo '  echo $i | cat > /dev/null; true; expr $i + 1 > /dev/null; ls / > /dev/null'
		echo 'done'
	} >"$WORK/script.sh"
}

# A generated 200-file C project, built with make -j2 (the build directory
# is cleaned before each run).
make_c_project() {
	local d=$WORK/cproj i
	mkdir -p "$d"
	for i in $(seq 1 200); do
		printf 'int f%d(int x) { int s = 0; for (int i = 0; i < x; i++) s += i * %d; return s; }\n' \
			"$i" "$i" >"$d/f$i.c"
	done
	printf 'int main(void) { return 0; }\n' >"$d/main.c"
	{
		printf 'SRCS := $(wildcard *.c)\nOBJS := $(SRCS:.c=.o)\n'
		printf 'prog: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n'
		printf '%%.o: %%.c\n\t$(CC) -O1 -c $< -o $@\n'
	} >"$d/Makefile"
}

# The command line of a workload, one word per line.
workload_cmd() {
	case $1 in
	gzip) printf '%s\n' gzip -9 -c "$WORK/gzip-input.txt" ;;
	writes) printf '%s\n' "$WORK/micro" writes 1000000 ;;
	clock) printf '%s\n' "$WORK/micro" clock 1000000 ;;
	files) printf '%s\n' "$WORK/micro" files 100000 "$WORK/small" ;;
	bigread) printf '%s\n' "$WORK/micro" read "$WORK/big" ;;
	cp) printf '%s\n' sh -c "rm -rf $WORK/cpdst; cp -r /usr/share/doc $WORK/cpdst" ;;
	tar) printf '%s\n' sh -c "tar cf - /usr/include 2>/dev/null | wc -c" ;;
	findwc) printf '%s\n' sh -c "find /usr -type f | wc -l" ;;
	python) printf '%s\n' "$PYTHON" -c 'import json, email, http.client, sqlite3' ;;
	shell) printf '%s\n' bash "$WORK/script.sh" ;;
	make) printf '%s\n' sh -c "rm -f $WORK/cproj/*.o $WORK/cproj/prog; make -s -j2 -C $WORK/cproj" ;;
	xz) printf '%s\n' xz -T2 -6 -c "$WORK/gzip-input.txt" ;;
	esac
}

workload_desc() {
	case $1 in
	gzip) echo "gzip -9 of ${BENCH_MB} MB of generated text (CPU-bound)" ;;
	writes) echo "micro: 1M × 64-byte write(2) to /dev/null" ;;
	clock) echo "micro: 1M clock_gettime" ;;
	files) echo "micro: 100k open/fstat/read/close of small files" ;;
	bigread) echo "micro: read a ${BIGREAD_MB} MB file in 4 KiB chunks" ;;
	cp) echo "cp -r /usr/share/doc to a fresh directory" ;;
	tar) echo "tar c /usr/include | wc -c" ;;
	findwc) echo "find /usr -type f | wc -l" ;;
	python) echo "python3 -c 'import json, email, http.client, sqlite3'" ;;
	shell) echo "bash script running 500 short commands (process-heavy)" ;;
	make) echo "make -j2 of a generated 200-file C project (processes)" ;;
	xz) echo "xz -T2 of ${BENCH_MB} MB of generated text (two threads)" ;;
	esac
}

# --- timing -----------------------------------------------------------------

# time_once OUTVAR CMD...: runs CMD with stdin from /dev/null and stdout to
# /dev/null (stderr to $WORK/last.err), stores the wall time in seconds in
# OUTVAR and returns CMD's exit status.
time_once() {
	local -n _out=$1
	shift
	local t0 t1 rc=0
	t0=$(date +%s.%N)
	timeout "$BENCH_TIMEOUT" "$@" </dev/null >/dev/null 2>"$WORK/last.err" || rc=$?
	t1=$(date +%s.%N)
	_out=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
	return "$rc"
}

median() {
	printf '%s\n' "$@" | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) exit 1
			if (NR % 2) printf "%.3f", v[(NR + 1) / 2]
			else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { r = (b > 0 ? a / b : 0); printf (r < 10 ? "%.2f" : "%.1f"), r }'; }

show_err() {
	if [[ -s $WORK/last.err ]]; then
		sed 's/^/    | /' "$WORK/last.err" | head -n 5 >&2
	fi
}

# measure MODE NAME: runs MODE (native/record/replay/strace) of workload NAME
# RUNS times; prints "median" or "failed: why" on stdout.
measure() {
	local mode=$1 name=$2 i t rc expect=$3
	local -a cmd times=()
	mapfile -t cmd < <(workload_cmd "$name")
	for ((i = 1; i <= RUNS; i++)); do
		rc=0
		case $mode in
		native) time_once t "${cmd[@]}" || rc=$? ;;
		record)
			rm -rf "$WORK/trace-$name"
			time_once t "$RRSUP" record -o "$WORK/trace-$name" -- "${cmd[@]}" || rc=$?
			;;
		slow)
			rm -rf "$WORK/trace-slow"
			time_once t "$RRSUP" record --no-syscall-buffer -o "$WORK/trace-slow" \
				-- "${cmd[@]}" || rc=$?
			rm -rf "$WORK/trace-slow"
			;;
		replay) time_once t "$RRSUP" replay -q "$WORK/trace-$name" || rc=$? ;;
		strace) time_once t strace -f -o /dev/null "${cmd[@]}" || rc=$? ;;
		esac
		if ((rc != expect)); then
			note "$name/$mode run $i: exit status $rc, expected $expect"
			show_err
			echo "failed (status $rc)"
			return 0
		fi
		note "$name/$mode run $i: ${t}s"
		times+=("$t")
	done
	median "${times[@]}"
}

# --- main -------------------------------------------------------------------

WORKLOADS=("$@")
((${#WORKLOADS[@]})) || WORKLOADS=("${ALL_WORKLOADS[@]}")

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for name in "${WORKLOADS[@]}"; do
	note "preparing $name"
	prepare "$name"
	mapfile -t cmd < <(workload_cmd "$name")

	# One untimed run warms the page cache and gives the expected status.
	expect=0
	timeout "$BENCH_TIMEOUT" "${cmd[@]}" </dev/null >/dev/null 2>&1 || expect=$?

	native=$(measure native "$name" "$expect")
	record=$(measure record "$name" "$expect")
	slow=$(measure slow "$name" "$expect")
	if [[ $record == failed* ]]; then
		replay="n/a (recording failed)"
	else
		replay=$(measure replay "$name" "$expect")
	fi
	if command -v strace >/dev/null 2>&1; then
		strace_t=$(measure strace "$name" "$expect")
	else
		strace_t="n/a (no strace)"
	fi
	size="n/a"
	if [[ -d $WORK/trace-$name && $record != failed* ]]; then
		size=$(du -sh "$WORK/trace-$name" | cut -f1)
	fi

	cell() {
		if [[ $1 =~ ^[0-9.]+$ && $native =~ ^[0-9.]+$ ]]; then
			printf '%s (×%s)' "$1" "$(ratio "$1" "$native")"
		else
			printf '%s' "$1"
		fi
	}
	rows+=("| $(workload_desc "$name") | $native | $(cell "$record") | $(cell "$slow") | $(cell "$replay") | $(cell "$strace_t") | $size |")
	rm -rf "$WORK/trace-$name" "$WORK/gzip-input.txt" "$WORK/big" "$WORK/cpdst"
done

model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $rev != unknown ]] && ! git -C "$ROOT" diff --quiet HEAD 2>/dev/null; then
	rev="$rev (with uncommitted changes)"
fi

{
	echo "# rrsup benchmark results"
	echo
	echo "Produced by \`bench/run.sh\`: wall-clock medians of $RUNS runs, in seconds; in"
	echo "brackets the ratio to the native run. \"record\" is \`rrsup record\` (in-process"
	echo "helper on), \"no helper\" is \`rrsup record --no-syscall-buffer\` (every syscall"
	echo "stops the program), \"replay\" is \`rrsup replay -q\` of the helper recording,"
	echo "\"strace\" is \`strace -f -o /dev/null\`."
	echo "Workload output goes to /dev/null."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- machine: $(nproc) CPUs, ${model:-unknown CPU}, Linux $(uname -r)"
	echo "- rrsup revision: $rev"
	echo "- load average (1/5/15 min) at start: $load_start; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "  (well above 0 means other work ran at the same time: the figures are noisy)"
	echo
	echo "| workload | native s | record s | no helper s | replay s | strace s | trace size |"
	echo "|---|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
} >"$OUT"

note "results written to $OUT"
cat "$OUT"
