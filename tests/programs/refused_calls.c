/* Facilities rrsup cannot record and refuses with ENOSYS, as a kernel
 * without them would (the recording goes on; rrsup warns once each):
 * io_uring, Linux AIO, userfaultfd, memfd_secret, perf_event_open, bpf.
 * Prints each call's result and then that the program went on (a file
 * written and read back with plain calls, its fallback).  Under rrsup
 * (RRSUP_TEST_PHASE=record, also seen at replay) every call must have
 * been refused, else it exits 3; natively they may work.
 * rrsup-test: nondet */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>

static int refused;

static void show(const char *what, long r)
{
	int e = errno;

	if (r >= 0)
		close((int)r);
	refused += r == -1 && e == ENOSYS;
	printf("%s: %s\n", what, r >= 0 ? "works" : strerror(e));
}

int main(void)
{
	const char *phase = getenv("RRSUP_TEST_PHASE");
	struct perf_event_attr pa = { .type = PERF_TYPE_SOFTWARE,
				      .size = sizeof(pa),
				      .config = PERF_COUNT_SW_TASK_CLOCK,
				      .disabled = 1 };
	char params[120] = { 0 }, buf[32] = "", path[64];
	unsigned long ctx = 0;
	int fd;

	errno = 0;
	show("io_uring_setup", syscall(SYS_io_uring_setup, 4, params));
	show("io_uring_enter", syscall(SYS_io_uring_enter, 1000, 0, 0, 0, NULL, 0));
	show("io_setup", syscall(SYS_io_setup, 4, &ctx));
	if (ctx)
		syscall(SYS_io_destroy, ctx);
	show("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC));
	show("memfd_secret", syscall(SYS_memfd_secret, 0));
	show("perf_event_open", syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0));
	show("bpf", syscall(SYS_bpf, 0, NULL, 0));

	/* The fallback: plain calls, recorded as ever. */
	snprintf(path, sizeof(path), "%s/refused.%d", getenv("TMPDIR") ?: "/tmp",
		 (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "fallback ok", 11) != 11 ||
	    pread(fd, buf, sizeof(buf) - 1, 0) != 11)
		return 1;
	close(fd);
	unlink(path);
	printf("%s, %d of 7 refused\n", buf, refused);
	return phase && !strcmp(phase, "record") && refused != 7 ? 3 : 0;
}
