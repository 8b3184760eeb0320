#!/bin/bash
# sort -R: a random permutation keyed by getrandom; the input file is
# rewritten after recording.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_start real-sort sort

in=$T_WORK/lines.txt
seq 1 20000 | sed 's/^/line /' >"$in"
sorted_in=$(sort "$in" | sha256sum)
RT_VARIES=1 RT_AFTER="seq 5 9 >'$in'" t_roundtrip real-sort-R sort -R "$in"
# The recording really was a permutation of the input.
if [ -s "$T_WORK/real-sort-R/rec.out" ]; then
	if [ "$(sort "$T_WORK/real-sort-R/rec.out" | sha256sum)" = "$sorted_in" ]; then
		t_pass real-sort-R-permutation
	else
		t_fail real-sort-R-permutation "the recorded output is not a permutation of the input"
	fi
fi
# The same through stdin, with a larger buffer and a temp file (-S, -T).
seq 1 50000 >"$in"
RT_VARIES=1 RT_STDIN=$in t_roundtrip real-sort-R-stdin sort -R -S 64K -T "$T_WORK"
t_summary
