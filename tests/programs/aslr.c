/* Addresses that ASLR moves: code, libc, stack, heap, mmap, environ.
 * rrsup-test: varies */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	int local = 0;
	void *small = malloc(32);
	void *large = malloc(1 << 20); /* mmap'd by malloc */
	void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *m2 = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("aslr: main      %p\n", (void *)main);
	printf("aslr: printf    %p\n", (void *)printf);
	printf("aslr: stack     %p\n", (void *)&local);
	printf("aslr: environ   %p\n", (void *)environ);
	printf("aslr: malloc32  %p\n", small);
	printf("aslr: malloc1M  %p\n", large);
	printf("aslr: mmap      %p\n", m);
	printf("aslr: mmap2     %p\n", m2);
	printf("aslr: sbrk(0)   %p\n", sbrk(0));
	fprintf(stderr, "aslr: stack %p\n", (void *)&local);
	free(small);
	free(large);
	munmap(m, 8192);
	munmap(m2, 4096);
	return local;
}
