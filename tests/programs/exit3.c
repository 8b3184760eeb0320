/* Exits with status 3 after printing to both streams.
 * rrsup-test: status=3 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	printf("exit3: pid-independent line\n");
	fprintf(stderr, "exit3: about to exit with 3\n");
	printf("exit3: bye\n");
	exit(3);
}
