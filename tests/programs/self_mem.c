/* The process reading its own memory through the kernel: /proc/self/mem,
 * process_vm_readv on itself, and /proc/self/pagemap presence bits.
 * rrsup-test: varies */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/uio.h>
#include <unistd.h>

static unsigned char secret[32];

int main(void)
{
	getrandom(secret, sizeof secret, 0);
	unsigned char copy[32] = { 0 }, copy2[32] = { 0 };
	int fd = open("/proc/self/mem", O_RDONLY);
	ssize_t n = pread(fd, copy, sizeof copy, (off_t)(uintptr_t)secret);
	close(fd);
	printf("self_mem: /proc/self/mem read %zd:", n);
	for (int i = 0; i < 8; i++)
		printf(" %02x", copy[i]);
	printf("\n");
	struct iovec local = { copy2, sizeof copy2 }, remote = { secret, sizeof secret };
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	printf("self_mem: process_vm_readv %zd:", n);
	for (int i = 0; i < 8; i++)
		printf(" %02x", copy2[i]);
	printf("\n");
	fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t ent = 0;
	n = pread(fd, &ent, 8, (off_t)((uintptr_t)secret / 4096) * 8);
	close(fd);
	printf("self_mem: pagemap %zd present %d\n", n, (int)(ent >> 63));
	return 0;
}
