#!/bin/bash
# sort --parallel=2 of a 600 000-line file: coreutils sort uses two
# threads to sort the halves and merge them.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
t_start real-mt-sort
if mt_need real-mt-sort sort seq; then
	seq 1 600000 | sed 's/\(.\)\(.*\)/\2\1 \1/' >"$T_WORK/lines"
	MT_AFTER="rm -f '$T_WORK/lines'" mt_roundtrip real-mt-sort sort --parallel=2 -S 64M "$T_WORK/lines"
fi
t_summary
