/* kill(getpid(), SIGKILL): status 128+9.  Unflushed stdio is lost,
 * as natively.
 * rrsup-test: status=137 varies */
#include <signal.h>
#include <stdio.h>
#include <sys/random.h>
#include <unistd.h>

int main(void)
{
	unsigned char b[8];
	if (getrandom(b, sizeof b, 0) != sizeof b)
		return 99;
	printf("kill_sigkill: random %02x%02x%02x%02x%02x%02x%02x%02x\n",
	       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
	fflush(stdout);
	printf("kill_sigkill: this line stays in the stdio buffer\n");
	fprintf(stderr, "kill_sigkill: killing myself\n");
	kill(getpid(), SIGKILL);
	return 1;
}
