/* Three threads add to one eventfd in bursts; the main thread waits with
 * epoll_wait and reads the counter.  How the 60 increments were batched
 * into reads depends on timing; their sum does not.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int efd;

static void *adder(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < 20; i++) {
		uint64_t one = 1;

		if (write(efd, &one, 8) != 8)
			return NULL;
		if ((i + id) % 4 == 0)
			usleep(30);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	struct epoll_event ev = { .events = EPOLLIN }, out;
	uint64_t total = 0, v;
	int ep = epoll_create1(0), reads = 0;
	char batches[512];
	int pos = 0;

	efd = eventfd(0, EFD_NONBLOCK);
	ev.data.fd = efd;
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, adder, (void *)i);
	while (total < 60) {
		if (epoll_wait(ep, &out, 1, 2000) != 1)
			break;
		if (read(efd, &v, 8) == 8) {
			total += v;
			reads++;
			if (pos < (int)sizeof(batches) - 8)
				pos += snprintf(batches + pos, sizeof(batches) - pos, "%llu ",
						(unsigned long long)v);
		}
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("total %llu\nbatches %s\n", (unsigned long long)total, batches);
	return 0;
}
