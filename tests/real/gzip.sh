#!/bin/bash
# gzip -9 of a generated 10 MB file, then gzip -d of the result as a
# separate recording; hashes of the outputs are compared with the input
# and the native tool's, and replays must reproduce them.  Also gzip -9 -k
# writing its own output file, which replay must not recreate.
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
t_start real-gzip gzip

big=$T_WORK/big.dat
# ~10 MB: half random (incompressible), half text (compressible).
{
	head -c 5000000 /dev/urandom
	seq 1 1000000 | head -c 5000000
} >"$big"
big_hash=$(t_hash "$big")

t_roundtrip real-gzip-9 gzip -9 -c "$big"
gz=$T_WORK/real-gzip-9/rec.out
if [ -s "$gz" ]; then
	if gzip -d -c "$gz" | cmp -s - "$big"; then
		t_pass real-gzip-9-valid
	else
		t_fail real-gzip-9-valid "the recorded gzip output does not decompress to the input"
	fi
	if [ "$(gzip -9 -c "$big" | sha256sum | cut -c1-16)" = "$(t_hash "$gz")" ]; then
		t_pass real-gzip-9-same-as-native
	else
		t_fail real-gzip-9-same-as-native "recorded gzip -9 output differs from a native run's"
	fi
	cp "$gz" "$T_WORK/big.dat.gz"
	RT_AFTER="rm -f '$T_WORK/big.dat.gz'" t_roundtrip real-gzip-d gzip -d -c "$T_WORK/big.dat.gz"
	out=$T_WORK/real-gzip-d/rec.out
	if [ -f "$out" ] && [ "$(t_hash "$out")" = "$big_hash" ]; then
		t_pass real-gzip-d-roundtrip
	else
		t_fail real-gzip-d-roundtrip "gzip -d under record did not give back the input (want $big_hash)"
	fi
fi

# gzip writing a file itself: the replay must leave the world alone.
small=$T_WORK/small.txt
seq 1 100000 >"$small"
if RT_AFTER="rm -f '$small.gz'" t_roundtrip real-gzip-k gzip -9 -k "$small"; then
	if [ -e "$small.gz" ]; then
		t_fail real-gzip-k-no-side-effects "replay recreated $small.gz"
	else
		t_pass real-gzip-k-no-side-effects
	fi
fi
t_summary
