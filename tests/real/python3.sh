#!/bin/bash
# python3: random.random() (seeded from getrandom), time.time(), hash
# randomisation, os.urandom, pid; a large interpreter start-up (hundreds of
# file reads and mmaps).
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_have_rrsup >/dev/null || t_skip_all real-python3 "$(t_have_rrsup)"
# A real interpreter, not a version-manager shim (those are shell scripts
# that fork).
PY=
for p in /usr/bin/python3 /usr/local/bin/python3 "$(command -v python3 2>/dev/null)"; do
	if [ -x "$p" ] && head -c 4 "$p" | grep -q ELF; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || t_skip_all real-python3 "no python3 ELF binary found"
t_workdir real-python3

RT_VARIES=1 t_roundtrip real-python3-random-time \
	"$PY" -c 'import random, time; print(random.random(), time.time())'
RT_VARIES=1 RT_STATUS=7 t_roundtrip real-python3-misc \
	"$PY" -c 'import os, sys, time; print(os.getpid(), os.urandom(8).hex(), hash("abc"), time.monotonic_ns()); print(sorted(os.listdir("/usr/lib"))[:5], file=sys.stderr); sys.exit(7)'
t_summary
