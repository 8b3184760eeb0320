#!/bin/bash
# ls(1): ls -l /usr/bin (many stat/getdents/readlink results, locale and
# user/group files), and a long listing of a directory changed after
# recording.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_start real-ls ls

t_roundtrip real-ls-usr-bin ls -l /usr/bin

d=$T_WORK/dir
mkdir -p "$d/sub"
for i in 1 2 3 4 5; do head -c $((i * 1000)) /dev/urandom >"$d/file$i"; done
ln -s file1 "$d/link"
# Nanosecond times and inode numbers vary between two such directories;
# replay must show the recorded ones after the directory has changed.
RT_AFTER="touch '$d/file1'; rm '$d/file2'; echo new >'$d/added'; rmdir '$d/sub'" \
	t_roundtrip real-ls-changed-dir ls -lai --full-time "$d"
t_summary
