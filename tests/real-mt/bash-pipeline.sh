#!/bin/bash
# A bash pipeline of three processes: seq | sort -R | head -3.  sort -R
# shuffles with a random key, so every native run differs; head exits
# early, so seq and sort may die of SIGPIPE.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
t_start real-mt-bash-pipeline
if mt_need real-mt-bash-pipeline bash seq sort head; then
	MT_VARIES=1 mt_roundtrip real-mt-bash-pipeline bash -c 'seq 1 200000 | sort -R | head -3'
fi
t_summary
