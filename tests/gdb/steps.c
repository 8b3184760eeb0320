/* Lines to step back over: a function call and a syscall. */
#include <stdio.h>
#include <unistd.h>

static int twice(int x)
{
	int r = x * 2;	/* STEPS-TWICE-BODY */

	return r;	/* STEPS-TWICE-RET */
}

int main(void)
{
	int a, b, p;

	a = twice(20);	/* STEPS-L1 */
	p = getppid();	/* STEPS-L2 */
	b = twice(a);	/* STEPS-L3 */
	printf("a=%d b=%d ppid-ok=%d\n", a, b, p > 0);	/* STEPS-L4 */
	return 0;
}
