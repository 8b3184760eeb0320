/* A global corrupted at one random iteration among many writes of other
 * data; the program notices only at the end. */
#include "corrupt.h"

int main(void)
{
	int bad = pick_bad();

	if (bad < 0)
		return 1;
	corrupt_loop(bad);
	return 0;
}
