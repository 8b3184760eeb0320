#!/bin/bash
# make -j2 of a small generated C project: eight sources compiled in
# parallel (make, sh, gcc, cc1, as, collect2, ld: many short-lived child
# processes), then linked; the program built is run as the last step.
set -u
# shellcheck source=tests/real-mt/mt-lib.sh
. "$(dirname "$0")/mt-lib.sh"
t_start real-mt-make-j2
if mt_need real-mt-make-j2 make cc; then
	P=$T_WORK/proj
	mkdir -p "$P"
	{
		echo '#include <stdio.h>'
		for i in 1 2 3 4 5 6 7 8; do echo "int f$i(int);"; done
		echo 'int main(void) { int s = 0;'
		for i in 1 2 3 4 5 6 7 8; do echo "	s += f$i($i);"; done
		# shellcheck disable=SC2028
		echo '	printf("sum %d\n", s); return 0; }'
	} >"$P/main.c"
	for i in 1 2 3 4 5 6 7 8; do
		printf 'int f%d(int x) { int r = 0; for (int i = 0; i < x * 10; i++) r += i %% %d; return r; }\n' \
			"$i" "$((i + 2))" >"$P/f$i.c"
	done
	cat >"$P/Makefile" <<'MK'
OBJS = main.o f1.o f2.o f3.o f4.o f5.o f6.o f7.o f8.o
all: prog
	./prog
prog: $(OBJS)
	cc -o $@ $(OBJS)
%.o: %.c
	cc -O1 -c -o $@ $<
clean:
	rm -f prog $(OBJS)
.PHONY: all clean
MK
	# Replay must not depend on the build's outputs: they are removed
	# between record and replay.
	MT_CWD=$P MT_AFTER="make -s clean" mt_roundtrip real-mt-make-j2 make -j2
fi
t_summary
