#!/bin/bash
# xz -T2 compressing a 20 MB generated file with two worker threads
# (3 MiB blocks at -1), output to stdout.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
t_start real-mt-xz
if mt_need real-mt-xz xz seq; then
	seq 1 2900000 | head -c 20000000 >"$T_WORK/data"
	MT_AFTER="rm -f '$T_WORK/data'" mt_roundtrip real-mt-xz xz -T2 -1 -c "$T_WORK/data"
fi
t_summary
