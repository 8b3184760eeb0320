#!/bin/bash
# date(1): the clock must come from the recording.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_start real-date date

# Plain date, then nanoseconds (a rerun always differs), then a replay a
# second and more later that must still print the recorded time.
t_roundtrip real-date date
RT_VARIES=1 RT_AFTER='sleep 1.1' t_roundtrip real-date-ns date '+%s.%N %Z %A'
RT_VARIES=1 t_roundtrip real-date-utc env TZ=UTC date --rfc-3339=ns
t_summary
