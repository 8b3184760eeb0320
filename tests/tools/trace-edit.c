/* trace-edit: copies a trace, changing the result of one event.  Tests use
 * it to make a replay diverge on purpose (a correct recording never does).
 *
 *   trace-edit IN OUT EVENT RET [CALL]
 *
 * With CALL, EVENT is a BUFFER event and the result of its CALL-th
 * buffered call (from 1) changes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inject/helper_abi.h"
#include "trace/trace.h"

/* Sets the result of the k-th record of a BUFFER event's copy. */
static int edit_buffered(char *p, uint32_t len, unsigned long long k, int64_t ret)
{
	const char *end = p + len;
	const struct rrsup_rec *r;

	for (; (r = rrsup_rec_at(p, end)); p += r->len)
		if (--k == 0) {
			((struct rrsup_rec *)r)->ret = ret;
			return 0;
		}
	return -1;
}

static int copy_files(const char *in, struct trace_writer *w)
{
	char path[PATH_MAX], name[TRACE_BLOB_NAME];
	struct dirent *de;
	DIR *d;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/files", in);
	d = opendir(path);
	if (!d)
		return 0;
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/files/%s", in, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			err = -errno;
		else
			err = trace_add_file(w, fd, name);
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
	return err;
}

int main(int argc, char **argv)
{
	const struct trace_chunk *mem;
	struct trace_reader *r;
	struct trace_writer *w;
	struct trace_event ev;
	const void *extra;
	unsigned long long n, target, call = 0;
	char *copy;
	int ret;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: trace-edit IN OUT EVENT RET [CALL]\n");
		return 2;
	}
	if (argc == 6)
		call = strtoull(argv[5], NULL, 0);
	target = strtoull(argv[3], NULL, 0);
	if (trace_reader_open(&r, argv[1]))
		return 1;
	if (trace_writer_open(&w, argv[2], trace_reader_header(r)))
		return 1;
	for (n = 1; (ret = trace_get(r, &ev, &mem, &extra)) > 0; n++) {
		if (n == target && call && ev.type == TRACE_EV_BUFFER) {
			copy = malloc(ev.extra_len);
			if (!copy)
				return 1;
			memcpy(copy, extra, ev.extra_len);
			if (edit_buffered(copy, ev.extra_len, call, strtoll(argv[4], NULL, 0)))
				return 1;
			extra = copy;
		} else if (n == target) {
			ev.ret = strtoll(argv[4], NULL, 0);
		}
		if (trace_put(w, &ev, mem, extra))
			return 1;
	}
	if (ret < 0 || copy_files(argv[1], w) || trace_writer_close(w))
		return 1;
	trace_reader_close(r);
	return 0;
}
