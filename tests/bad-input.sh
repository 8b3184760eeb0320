#!/bin/bash
# Bad input: rrsup must fail cleanly - a nonzero exit, an "rrsup:" message
# that says what is wrong and names the file, no crash (death by a signal)
# and no hang (each command has a time limit).
#
# usage: tests/bad-input.sh            (RRSUP selects the binary)
#
# A header with a bumped format version is left to the unit tests.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"

if ! why=$(t_have_rrsup); then
	t_fail bad-input "$why"
	t_summary
	exit 1
fi
t_workdir bad-input
W=$T_WORK
LIMIT=30

# expect_error NAME STATUS PATTERN MAXLINES CMD...
#   STATUS    the exit status wanted, or "nonzero"
#   PATTERN   an extended regexp (case-insensitive) the rrsup: lines must match
#   MAXLINES  at most this many rrsup: lines (0: no limit)
expect_error() {
	local name=$1 want=$2 pat=$3 max=$4
	shift 4
	t_run $LIMIT "$W/$name.out" "$W/$name.err" "$@" </dev/null
	local st=$T_STATUS msgs n
	msgs=$(t_rrsup_lines "$W/$name.err")
	n=$(printf '%s' "$msgs" | grep -c '^' || true)
	if [ "$T_TIMEDOUT" = 1 ]; then
		t_fail "$name" "hung: no exit within ${LIMIT}s"
	elif [ "$st" = 0 ]; then
		t_fail "$name" "exit status 0, wanted an error"
	elif [ "$st" -gt 128 ] && [ "$st" != "$want" ]; then
		t_fail "$name" "crashed: killed by signal $((st - 128))"
	elif [ "$want" != nonzero ] && [ "$st" != "$want" ]; then
		t_fail "$name" "exit status $st, wanted $want"
	elif [ -z "$msgs" ]; then
		t_fail "$name" "no rrsup: message on stderr (exit $st)"
	elif ! printf '%s\n' "$msgs" | grep -qiE "$pat"; then
		t_fail "$name" "the message does not match /$pat/"
	elif [ "$max" != 0 ] && [ "$n" -gt "$max" ]; then
		t_fail "$name" "$n rrsup: lines, wanted at most $max"
	else
		t_pass "$name"
		return 0
	fi
	t_show "$W/$name.err" 5
	return 1
}

# --- record ------------------------------------------------------------------

expect_error record-nonexistent 127 '/nonexistent/prog' 2 \
	"$RRSUP" record -o "$W/t-nonexistent" -- /nonexistent/prog
printf 'just text\n' >"$W/not-executable"
chmod 644 "$W/not-executable"
expect_error record-not-executable nonzero 'not-executable' 2 \
	"$RRSUP" record -o "$W/t-notexec" -- "$W/not-executable"
mkdir -p "$W/occupied"
echo precious >"$W/occupied/keep"
expect_error record-output-not-empty nonzero 'occupied' 2 \
	"$RRSUP" record -o "$W/occupied" -- /bin/true
if [ "$(cat "$W/occupied/keep" 2>/dev/null)" = precious ]; then
	t_pass record-output-not-empty-untouched
else
	t_fail record-output-not-empty-untouched "record clobbered a file in the existing -o directory"
fi
# Usage messages need not carry the rrsup: prefix; a nonzero exit and
# some words on stderr are enough.
t_run $LIMIT "$W/noprog.out" "$W/noprog.err" "$RRSUP" record -o "$W/t-noprog" -- </dev/null
if [ "$T_TIMEDOUT" = 1 ] || [ "$T_STATUS" = 0 ] || [ "$T_STATUS" -gt 128 ] || [ ! -s "$W/noprog.err" ]; then
	t_fail record-no-program "exit $T_STATUS (timed out: $T_TIMEDOUT), wanted nonzero and a message on stderr"
else
	t_pass record-no-program
fi
expect_error unknown-command nonzero '.' 0 "$RRSUP" frobnicate

# --- replay of things that are not traces -------------------------------------

mkdir -p "$W/notrace"
head -c 1000 /dev/urandom >"$W/notrace/random.bin"
expect_error replay-not-a-trace nonzero 'notrace|header|trace' 1 "$RRSUP" replay "$W/notrace"
mkdir -p "$W/empty"
expect_error replay-empty-dir nonzero 'empty|header|trace' 1 "$RRSUP" replay "$W/empty"
expect_error replay-missing-dir nonzero 'missing|no such|no trace|not found|exist' 1 \
	"$RRSUP" replay "$W/missing"
expect_error replay-regular-file nonzero 'random.bin|trace|director' 1 \
	"$RRSUP" replay "$W/notrace/random.bin"

# --- damaged traces ---------------------------------------------------------------

# A base trace with a good amount of events and data: base64 of a 225 KB
# file of random bytes (read() and write(), 300 KB of output).
head -c 225000 /dev/urandom >"$W/input.bin"
base64 "$W/input.bin" >"$W/input.txt"
t_run 60 "$W/base.out" "$W/base.err" "$RRSUP" record -o "$W/base" -- base64 "$W/input.bin" </dev/null
if [ "$T_STATUS" != 0 ] || ! cmp -s "$W/base.out" "$W/input.txt"; then
	t_fail damaged-traces "could not record the base trace (exit $T_STATUS)"
	t_show "$W/base.err" 5
	t_summary
	exit 1
fi
t_run 60 "$W/base-rep.out" "$W/base-rep.err" "$RRSUP" replay "$W/base" </dev/null
if [ "$T_STATUS" != 0 ] || ! cmp -s "$W/base-rep.out" "$W/input.txt"; then
	t_fail damaged-traces "the undamaged base trace does not replay (exit $T_STATUS)"
	t_show "$W/base-rep.err" 5
	t_summary
	exit 1
fi

# damaged NAME: a fresh copy of the base trace at $W/NAME, path printed.
damaged() {
	rm -rf "${W:?}/$1"
	cp -a "$W/base" "$W/$1"
	echo "$W/$1"
}
size() { stat -c %s "$1"; }
# flip FILE OFFSET: inverts the bits of one byte.
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	# shellcheck disable=SC2059 # the format is an octal escape
	printf "$(printf '\\%03o' $((255 - b)))" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc status=none
}

t=$(damaged events-half)
truncate -s $(($(size "$t/events") / 2)) "$t/events"
expect_error replay-events-truncated nonzero 'trunc|cut|short|incomplete|unexpected end' 2 "$RRSUP" replay "$t"
if grep -qiE 'events' "$W/replay-events-truncated.err"; then
	t_pass replay-events-truncated-names-file
else
	t_fail replay-events-truncated-names-file "the message does not name the events file"
	t_show "$W/replay-events-truncated.err" 3
fi

t=$(damaged events-tiny)
truncate -s 7 "$t/events"
expect_error replay-events-7-bytes nonzero 'events' 2 "$RRSUP" replay "$t"

t=$(damaged events-empty)
: >"$t/events"
expect_error replay-events-empty nonzero 'events' 2 "$RRSUP" replay "$t"

t=$(damaged events-missing)
rm -f "$t/events"
expect_error replay-events-missing nonzero 'events' 2 "$RRSUP" replay "$t"

t=$(damaged events-flipped)
flip "$t/events" $(($(size "$t/events") / 2))
expect_error replay-events-flipped nonzero 'corrupt|checksum' 2 "$RRSUP" replay "$t"

t=$(damaged data-flipped)
flip "$t/data" $(($(size "$t/data") / 2))
expect_error replay-data-flipped nonzero 'corrupt|checksum' 2 "$RRSUP" replay "$t"
if grep -qiE 'data' "$W/replay-data-flipped.err"; then
	t_pass replay-data-flipped-names-file
else
	t_fail replay-data-flipped-names-file "the message does not name the data file"
fi

t=$(damaged data-half)
truncate -s $(($(size "$t/data") / 2)) "$t/data"
expect_error replay-data-truncated nonzero 'trunc|cut|short|incomplete|unexpected end|corrupt' 2 "$RRSUP" replay "$t"

t=$(damaged header-garbage)
hsize=$(size "$t/header")
head -c "$hsize" /dev/urandom >"$t/header"
expect_error replay-header-garbage nonzero 'header' 1 "$RRSUP" replay "$t"

# A copied file (files/HASH) changed after recording.
t=$(damaged blob-flipped)
blob=$(find "$t/files" -type f -size +0 -printf '%s %p\n' 2>/dev/null | sort -n | tail -1 | cut -d' ' -f2-)
if [ -n "$blob" ]; then
	flip "$blob" $(($(size "$blob") / 2))
	expect_error replay-file-copy-flipped nonzero 'corrupt|checksum|hash|files' 2 "$RRSUP" replay "$t"
else
	t_skip replay-file-copy-flipped "the base trace holds no copied files (files/ is empty)"
fi

# The other readers must fail cleanly too.
t=$W/events-half
expect_error dump-events-truncated nonzero 'events|trunc' 2 "$RRSUP" dump "$t"
expect_error info-header-garbage nonzero 'header' 2 "$RRSUP" info "$W/header-garbage"
expect_error dump-not-a-trace nonzero 'notrace|header|trace' 2 "$RRSUP" dump "$W/notrace"

t_summary
