/* fork from a multi-threaded process: while two threads keep appending to
 * a log, a third forks; pthread_atfork handlers run, the child (a single
 * thread, a copy of the log as it was) reports how many entries it
 * inherited and whether it can take the log's mutex, then execs
 * /bin/true.  The inherited count depends on scheduling.
 * rrsup-test: varies */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static char log_[256];
static int pos, prepared, in_parent, in_child;
static int pfd[2];

static void prepare(void) { pthread_mutex_lock(&m); prepared++; }
static void parent(void) { in_parent++; pthread_mutex_unlock(&m); }
static void child(void) { in_child++; pthread_mutex_unlock(&m); }

static void *appender(void *arg)
{
	for (int i = 0; i < 20; i++) {
		pthread_mutex_lock(&m);
		if (pos < (int)sizeof(log_) - 1)
			log_[pos++] = (char)('a' + (long)arg);
		pthread_mutex_unlock(&m);
		usleep(15);
	}
	return NULL;
}

static void *forker(void *arg)
{
	pid_t p;
	int st;

	(void)arg;
	usleep(120);
	p = fork();
	if (p == 0) {
		char s[128];
		int n;

		pthread_mutex_lock(&m); /* must not deadlock: the child handler unlocked it */
		n = snprintf(s, sizeof(s), "child: inherited %d entries (%.*s), atfork child %d\n", pos,
			     pos, log_, in_child);
		pthread_mutex_unlock(&m);
		if (write(pfd[1], s, n) != n)
			_exit(2);
		execl("/bin/true", "true", (char *)NULL);
		_exit(3);
	}
	close(pfd[1]);
	waitpid(p, &st, 0);
	return (void *)(long)WEXITSTATUS(st);
}

int main(void)
{
	pthread_t a, b, f;
	void *r;
	char buf[256];
	ssize_t n;

	if (pipe(pfd))
		return 1;
	pthread_atfork(prepare, parent, child);
	fflush(stdout);
	pthread_create(&a, NULL, appender, (void *)0L);
	pthread_create(&b, NULL, appender, (void *)1L);
	pthread_create(&f, NULL, forker, NULL);
	n = read(pfd[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_join(f, &r);
	printf("%sparent: prepare %d parent %d, child exit %ld, final %d entries\n", buf, prepared,
	       in_parent, (long)r, pos);
	return 0;
}
