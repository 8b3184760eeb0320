#!/bin/bash
# python3 (the system one, not a pyenv shim) with threading and
# subprocess: four threads append to a list under a lock with tiny
# sleeps (the order varies natively), then subprocess.run and a Popen
# pipeline.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
t_start real-mt-python3
PY=/usr/bin/python3
if mt_need real-mt-python3 "$PY"; then
	cat >"$T_WORK/t.py" <<'PYEOF'
import subprocess, sys, threading, time

log, lock = [], threading.Lock()

def worker(n):
    for i in range(15):
        with lock:
            log.append(n)
        time.sleep(0.0002 * ((n + i) % 3))

ts = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("order", "".join(map(str, log)))
print("counts", [log.count(n) for n in range(4)])
r = subprocess.run(["/bin/echo", "from", "a", "child"], capture_output=True, text=True)
print("run:", r.returncode, r.stdout.strip())
p1 = subprocess.Popen(["seq", "1", "50"], stdout=subprocess.PIPE)
p2 = subprocess.Popen(["tail", "-2"], stdin=p1.stdout, stdout=subprocess.PIPE, text=True)
p1.stdout.close()
out = p2.communicate()[0]
print("pipeline:", out.split(), p1.wait(), p2.returncode)
sys.exit(3)
PYEOF
	MT_STATUS=3 MT_VARIES=1 mt_roundtrip real-mt-python3 "$PY" "$T_WORK/t.py"
fi
t_summary
