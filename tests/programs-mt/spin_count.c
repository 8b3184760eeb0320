/* Three threads wait for a flag the main thread sets, each in a loop that
 * changes state at every turn: one counts in a register, one adds in a
 * vector register (a double), one counts in memory.  No system call, no
 * idempotent point: rrsup preempts them by saving their whole state and
 * puts it back at replay, so the counts they print are the recorded ones.
 * Just before each loop a thread reads the clock and blocks a signal
 * (calls its helper runs in-process: replay must make them, the second
 * for real, before it puts the state back).  Natively the counts differ
 * from run to run.
 * rrsup-test: varies timeout=60 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 2

static volatile int flag[ROUNDS];
static atomic_int ticket[ROUNDS];
static volatile unsigned long in_memory;
static unsigned long result[3][ROUNDS];
static int order[ROUNDS][3];
static long nsec[3][ROUNDS];
static int blocked[3][ROUNDS];

static void *spinner(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < ROUNDS; r++) {
		unsigned long n = 0;
		double d = 0;
		struct timespec ts;
		sigset_t set, now;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		nsec[id][r] = ts.tv_nsec % 1000;
		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN + (int)id * ROUNDS + r);
		pthread_sigmask(SIG_BLOCK, &set, NULL);

		if (id == 0) {
			while (!flag[r])
				n++;
		} else if (id == 1) {
			while (!flag[r])
				d += 0.5;
			n = (unsigned long)d;
		} else {
			in_memory = 0;
			while (!flag[r])
				in_memory++;
			n = in_memory;
		}
		result[id][r] = n;
		pthread_sigmask(SIG_BLOCK, NULL, &now);
		blocked[id][r] = sigismember(&now, SIGRTMIN + (int)id * ROUNDS + r);
		order[r][atomic_fetch_add(&ticket[r], 1)] = (int)id;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[3];

	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spinner, (void *)i);
	for (int r = 0; r < ROUNDS; r++) {
		usleep(1000);
		flag[r] = 1;
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (int r = 0; r < ROUNDS; r++)
		printf("round %d: order %d %d %d, counts %lu %lu %lu, clocks %ld %ld %ld, "
		       "blocked %d%d%d\n", r, order[r][0], order[r][1], order[r][2],
		       result[0][r], result[1][r], result[2][r],
		       nsec[0][r], nsec[1][r], nsec[2][r],
		       blocked[0][r], blocked[1][r], blocked[2][r]);
	return 0;
}
