#!/bin/bash
# Traces on a file system of their own (a tmpfs mounted for the test):
#  - one that fills up while tar | wc records: rrsup record says so in
#    one line and exits non-zero, and the replay runs the events saved
#    up to where the data ends, then says the recording was cut off;
#  - one with room, replayed while TMPDIR is on another file system:
#    the copies replay makes for shared file mappings (glibc maps its
#    iconv cache MAP_SHARED) cannot be made by copy_file_range there.
# Needs root (mount); skipped otherwise.
#
# usage: tests/trace-fs.sh            (RRSUP selects the binary)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$HERE/lib.sh"

t_start trace-fs tar wc mount umount
W=$T_WORK
LIMIT=120
MNT=$W/mnt
mkdir -p "$MNT" "$W/tmp"
if ! mount -t tmpfs -o size=12M tmpfs "$MNT" 2>"$W/mount.err"; then
	t_skip_all trace-fs "cannot mount a tmpfs: $(head -c 200 "$W/mount.err")"
fi
trap 'umount "$MNT" 2>/dev/null; rm -rf "$W"' EXIT
# The copy cache would hard-link files from elsewhere: each recording
# must write its own copies onto the small file system.
export RRSUP_CACHE=off
PROG=(sh -c 'tar c /usr/include 2>/dev/null | wc -c')

# --- a full file system -------------------------------------------------
t_run $LIMIT "$W/full.out" "$W/full.err" "$RRSUP" record -o "$MNT/t" -- "${PROG[@]}"
msgs=$(t_rrsup_lines "$W/full.err")
n=$(printf '%s\n' "$msgs" | grep -c .)
if [ "$T_TIMEDOUT" = 1 ]; then
	t_fail record-disk-full "hung: no exit within ${LIMIT}s"
elif [ "$T_STATUS" = 0 ]; then
	t_fail record-disk-full "exit status 0 although 120 MB could not fit in 12 MB"
elif ! printf '%s\n' "$msgs" | grep -q 'No space left on device'; then
	t_fail record-disk-full "no 'No space left on device' message"
	t_show "$W/full.err"
elif [ "$n" != 1 ]; then
	t_fail record-disk-full "$n rrsup: lines, wanted one"
	t_show "$W/full.err"
else
	t_pass record-disk-full
fi

# What was recorded replays: up to an event well into the run (the
# events stream used to be lost with the disk full: "reading event 0").
t_run $LIMIT "$W/full.rep" "$W/full.rerr" "$RRSUP" replay "$MNT/t"
ev=$(grep -ao 'cut off), reading event [0-9]*' "$W/full.rerr" | grep -o '[0-9]*$')
if [ "$T_TIMEDOUT" = 1 ]; then
	t_fail replay-disk-full "hung: no exit within ${LIMIT}s"
elif [ "$T_STATUS" = 0 ]; then
	t_fail replay-disk-full "exit status 0 for a trace that was cut off"
elif [ -z "$ev" ]; then
	t_fail replay-disk-full "no 'cut off ... reading event N' message"
	t_show "$W/full.rerr"
elif [ "$ev" -lt 100 ]; then
	t_fail replay-disk-full "the replay stopped at event $ev: the events recorded before the disk filled were lost"
	t_show "$W/full.rerr"
else
	t_pass "replay-disk-full (replayed to event $ev)"
fi
rm -rf "${MNT:?}/t"

# --- a trace on another file system than TMPDIR --------------------------
umount "$MNT"
mount -t tmpfs -o size=400M tmpfs "$MNT"
t_run $LIMIT "$W/rec.out" "$W/rec.err" "$RRSUP" record -o "$MNT/t" -- "${PROG[@]}"
rs=$T_STATUS
TMPDIR=$W/tmp t_run $LIMIT "$W/rep.out" "$W/rep.err" "$RRSUP" replay "$MNT/t"
if [ "$rs" != 0 ]; then
	t_fail replay-other-fs "record exited $rs"
	t_show "$W/rec.err"
elif [ "$T_STATUS" != 0 ] || ! cmp -s "$W/rec.out" "$W/rep.out"; then
	t_fail replay-other-fs "replay exited $T_STATUS; output $(head -c 40 "$W/rep.out") vs $(head -c 40 "$W/rec.out")"
	t_show "$W/rep.err"
elif ! "$RRSUP" dump "$MNT/t" | grep -q 'mmap([^)]*, 1, [0-9]*, 0) = .*\[file '; then
	t_skip replay-other-fs "the recording made no shared file mapping (no iconv cache?)"
else
	t_pass replay-other-fs
fi

t_summary
