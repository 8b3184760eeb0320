#!/bin/bash
# Everyday single-process tools.  Note: t_roundtrip sends the program's
# stdout to a regular file, so cat(1) copies with copy_file_range(2)
# straight into it; replay must still echo those bytes.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_start real-coreutils cat tac wc md5sum od shuf stat mktemp id uname env
W=$T_WORK

head -c 300000 /dev/urandom | base64 >"$W/text"
cp "$W/text" "$W/text2"
RT_STDIN=$W/text2 t_roundtrip real-cat-stdin cat
RT_AFTER="echo changed >'$W/text2'" t_roundtrip real-cat-file cat "$W/text2"
t_roundtrip real-tac tac "$W/text"
t_roundtrip real-wc wc "$W/text" /etc/passwd
t_roundtrip real-md5sum md5sum "$W/text"
RT_VARIES=1 t_roundtrip real-od-urandom od -An -tx1 -N64 /dev/urandom
RT_VARIES=1 t_roundtrip real-shuf shuf -i 1-1000
RT_VARIES=1 t_roundtrip real-stat stat "$W" "$W/text" /proc/self
t_roundtrip real-id id
t_roundtrip real-uname uname -a
t_roundtrip real-env env RRSUP_TEST_VAR=value env
# mktemp creates a file with a random name; replay must not create it again.
mkdir -p "$W/mk"
if RT_VARIES=1 RT_AFTER="rm -f '$W'/mk/*" t_roundtrip real-mktemp mktemp -p "$W/mk"; then
	if [ -n "$(ls -A "$W/mk")" ]; then
		t_fail real-mktemp-no-side-effects "replay created $(ls "$W/mk")"
	else
		t_pass real-mktemp-no-side-effects
	fi
fi
t_summary
