/* rdrand: a hardware random number that no ptrace-based recorder can
 * intercept without CPUID faulting (not available on our VMs).  Kept to
 * document the limitation; the runner skips it.
 * rrsup-test: varies skip="rdrand cannot be trapped without CPUID faulting (documented limitation)" */
#include <stdio.h>

int main(void)
{
	unsigned long long v = 0;
	unsigned char ok;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	printf("rdrand: ok %d value %016llx\n", ok, v);
	return 0;
}
