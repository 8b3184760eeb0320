/* The gdb server's pieces that need no replay: packet framing (checksums,
 * escapes, acknowledgements, Ctrl-C), hex, and the target description. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "replay/gdb_conn.h"
#include "replay/gdb_regs.h"
#include "unit_run.h"

static struct gdb_conn c;
static int peer;

static void setup(void)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	memset(&c, 0, sizeof(c));
	c.fd = sv[0];
	peer = sv[1];
}

static void teardown(void)
{
	close(c.fd);
	close(peer);
}

static void say(const char *s)
{
	ck_assert_int_eq(write(peer, s, strlen(s)), (ssize_t)strlen(s));
}

static const char *hear(void)
{
	static char buf[256];
	ssize_t n = read(peer, buf, sizeof(buf) - 1);

	ck_assert_int_gt(n, 0);
	buf[n] = 0;
	return buf;
}

START_TEST(receive_and_ack)
{
	size_t len;

	say("$qC#b4");
	ck_assert_int_eq(gdb_recv(&c, &len), 1);
	ck_assert_str_eq(c.pkt, "qC");
	ck_assert_uint_eq(len, 2);
	ck_assert_str_eq(hear(), "+");
}
END_TEST

START_TEST(bad_checksum_is_nacked)
{
	size_t len;

	say("$qC#00$g#67");
	ck_assert_int_eq(gdb_recv(&c, &len), 1);
	ck_assert_str_eq(c.pkt, "g");
	ck_assert_str_eq(hear(), "-+");
}
END_TEST

START_TEST(interrupt_byte)
{
	size_t len;

	say("\x03");
	ck_assert_int_eq(gdb_poll_interrupt(&c), 1);
	ck_assert_int_eq(gdb_recv(&c, &len), 0);
	say("+$?#3f");
	ck_assert_int_eq(gdb_recv(&c, &len), 1);
	ck_assert_str_eq(c.pkt, "?");
}
END_TEST

START_TEST(send_escapes_and_sums)
{
	c.noack = 1;
	ck_assert_int_eq(gdb_send(&c, "a#b", 3), 0);
	/* '#' goes as '}' 0x03; the sum covers the escaped bytes. */
	ck_assert_str_eq(hear(), "$a}\x03" "b#43");
}
END_TEST

START_TEST(hex_round_trip)
{
	unsigned char in[4] = { 0x00, 0x7f, 0x80, 0xff }, out[4];
	char hex[9];

	gdb_hex(hex, in, 4);
	ck_assert_str_eq(hex, "007f80ff");
	ck_assert_int_eq(gdb_unhex(out, "007F80ff", 4), 4);
	ck_assert_int_eq(memcmp(in, out, 4), 0);
	ck_assert_int_eq(gdb_unhex(out, "0g", 1), -1);
}
END_TEST

START_TEST(target_description)
{
	const char *x = gdb_target_xml();

	/* gdb's amd64 checks need these features and register numbers. */
	ck_assert_ptr_nonnull(strstr(x, "<architecture>i386:x86-64</architecture>"));
	ck_assert_ptr_nonnull(strstr(x, "org.gnu.gdb.i386.core"));
	ck_assert_ptr_nonnull(strstr(x, "org.gnu.gdb.i386.sse"));
	ck_assert_ptr_nonnull(strstr(x, "org.gnu.gdb.i386.linux"));
	ck_assert_ptr_nonnull(strstr(x, "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"16\""));
	ck_assert_ptr_nonnull(strstr(x, "<reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"40\""));
	ck_assert_ptr_nonnull(strstr(x, "<reg name=\"orig_rax\" bitsize=\"64\" type=\"int\" regnum=\"57\""));
	ck_assert_ptr_nonnull(strstr(x, "<reg name=\"gs_base\" bitsize=\"64\" type=\"int\" regnum=\"59\""));
	ck_assert(gdb_nregs() == 60 || gdb_nregs() == 76);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gdb");
	TCase *tc = tcase_create("protocol");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, receive_and_ack);
	tcase_add_test(tc, bad_checksum_is_nacked);
	tcase_add_test(tc, interrupt_byte);
	tcase_add_test(tc, send_escapes_and_sums);
	tcase_add_test(tc, hex_round_trip);
	tcase_add_test(tc, target_description);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
