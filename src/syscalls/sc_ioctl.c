/* ioctl: the request number decides what is written.  Only requests
 * listed here can be recorded; anything else is refused at entry, since an
 * unknown request may write any amount of memory.
 *
 * This file includes only kernel uapi headers for the structures, so the
 * sizes are the kernel's (its struct termios is 36 bytes, glibc's 60). */
#include <errno.h>
#include <sys/socket.h>
#include <asm/termios.h>
#include <linux/sockios.h>
#include <linux/if.h>
#include <linux/fs.h>
#include <linux/random.h>
#include <linux/nsfs.h>

#include "syscalls/sc_priv.h"

#define SC_IOC_IFCONF	UINT32_MAX	/* marker: struct ifconf, see below */

struct sc_ioctl {
	uint32_t req;
	uint32_t out;	/* bytes at args[2], or SC_IOC_IFCONF */
};

static const struct sc_ioctl sc_ioctls[] = {
	/* Terminals.  The setters have effects outside the process only. */
	{ TCGETS, sizeof(struct termios) },
	{ TCGETS2, sizeof(struct termios2) },
	{ TCGETA, sizeof(struct termio) },
	{ TIOCGLCKTRMIOS, sizeof(struct termios) },
	{ TCSETS, 0 }, { TCSETSW, 0 }, { TCSETSF, 0 },
	{ TCSETS2, 0 }, { TCSETSW2, 0 }, { TCSETSF2, 0 },
	{ TCSETA, 0 }, { TCSETAW, 0 }, { TCSETAF, 0 },
	{ TIOCSLCKTRMIOS, 0 },
	{ TCSBRK, 0 }, { TCSBRKP, 0 }, { TIOCSBRK, 0 }, { TIOCCBRK, 0 },
	{ TCXONC, 0 }, { TCFLSH, 0 },
	{ TIOCGWINSZ, sizeof(struct winsize) },
	{ TIOCSWINSZ, 0 },
	{ TIOCGPGRP, sizeof(int) },
	{ TIOCSPGRP, 0 },
	{ TIOCGSID, sizeof(int) },
	{ TIOCSCTTY, 0 }, { TIOCNOTTY, 0 },
	{ TIOCEXCL, 0 }, { TIOCNXCL, 0 },
	{ TIOCGEXCL, sizeof(int) },
	{ TIOCOUTQ, sizeof(int) },	/* == SIOCOUTQ */
	{ TIOCSTI, 0 },
	{ TIOCMGET, sizeof(int) },
	{ TIOCMSET, 0 }, { TIOCMBIS, 0 }, { TIOCMBIC, 0 },
	{ TIOCGSOFTCAR, sizeof(int) },
	{ TIOCSSOFTCAR, 0 },
	{ TIOCGETD, sizeof(int) },
	{ TIOCSETD, 0 },
	{ TIOCPKT, 0 },
	{ TIOCGPKT, sizeof(int) },
	{ TIOCCONS, 0 },
	{ TIOCVHANGUP, 0 },
	{ TIOCSIG, 0 },
	/* Pseudo-terminals. */
	{ TIOCGPTN, sizeof(unsigned int) },
	{ TIOCSPTLCK, 0 },
	{ TIOCGPTLCK, sizeof(int) },
	{ TIOCGPTPEER, 0 },
	/* Generic file ioctls. */
	{ FIONREAD, sizeof(int) },	/* == TIOCINQ == SIOCINQ */
	{ FIONBIO, 0 }, { FIOASYNC, 0 },
	{ FIOCLEX, 0 }, { FIONCLEX, 0 },
	{ FIOQSIZE, sizeof(int64_t) },
	{ FIGETBSZ, sizeof(int) },
	{ FICLONE, 0 }, { FICLONERANGE, 0 },
	/* FS_IOC_GETFLAGS/GETVERSION are declared with long, but the kernel
	 * stores an int. */
	{ FS_IOC_GETFLAGS, sizeof(int) },
	{ FS_IOC_SETFLAGS, 0 },
	{ FS_IOC_GETVERSION, sizeof(int) },
	{ FS_IOC_FSGETXATTR, sizeof(struct fsxattr) },
	{ FS_IOC_FSSETXATTR, 0 },
	/* Block devices. */
	{ BLKGETSIZE64, sizeof(uint64_t) },
	{ BLKGETSIZE, sizeof(unsigned long) },
	{ BLKSSZGET, sizeof(int) },
	{ BLKPBSZGET, sizeof(unsigned int) },
	{ BLKROGET, sizeof(int) },
	/* Sockets. */
	{ FIOGETOWN, sizeof(int) },
	{ FIOSETOWN, 0 },
	{ SIOCGPGRP, sizeof(int) },
	{ SIOCSPGRP, 0 },
	{ SIOCATMARK, sizeof(int) },
	{ SIOCGIFCONF, SC_IOC_IFCONF },
	{ SIOCGIFNAME, sizeof(struct ifreq) },
	{ SIOCGIFINDEX, sizeof(struct ifreq) },
	{ SIOCGIFFLAGS, sizeof(struct ifreq) },
	{ SIOCGIFADDR, sizeof(struct ifreq) },
	{ SIOCGIFDSTADDR, sizeof(struct ifreq) },
	{ SIOCGIFBRDADDR, sizeof(struct ifreq) },
	{ SIOCGIFNETMASK, sizeof(struct ifreq) },
	{ SIOCGIFMETRIC, sizeof(struct ifreq) },
	{ SIOCGIFMTU, sizeof(struct ifreq) },
	{ SIOCGIFHWADDR, sizeof(struct ifreq) },
	{ SIOCGIFTXQLEN, sizeof(struct ifreq) },
	{ SIOCGIFMAP, sizeof(struct ifreq) },
	/* Entropy and namespaces. */
	{ RNDGETENTCNT, sizeof(int) },
	{ NS_GET_USERNS, 0 }, { NS_GET_PARENT, 0 }, { NS_GET_NSTYPE, 0 },
	{ NS_GET_OWNER_UID, sizeof(unsigned int) },
};

static const struct sc_ioctl *sc_ioctl_find(uint32_t req)
{
	size_t i;

	for (i = 0; i < sizeof(sc_ioctls) / sizeof(sc_ioctls[0]); i++)
		if (sc_ioctls[i].req == req)
			return &sc_ioctls[i];
	return NULL;
}

int sc_ck_ioctl(const struct sc_call *c, const char **why)
{
	/* The kernel's ioctl command is an unsigned int. */
	if (sc_ioctl_find((uint32_t)c->args[1]))
		return 0;
	*why = "ioctl request not known to rrsup";
	return -ENOTSUP;
}

/* SIOCGIFCONF updates ifc_len in the struct ifconf and fills that many
 * bytes of ifc_buf (or only reports the length when ifc_buf is NULL). */
static int sc_ifconf(const struct sc_call *c, struct sc_region *r, int max)
{
	struct ifconf ifc;
	int err, n;

	err = sc_peek(c, c->args[2], &ifc, sizeof(ifc));
	if (err < 0)
		return err;
	n = sc_add(r, 0, max, c->args[2], sizeof(ifc));
	if (ifc.ifc_len < 0)
		return -EINVAL;
	return sc_add(r, n, max, (uint64_t)ifc.ifc_buf, (uint64_t)ifc.ifc_len);
}

int sc_sp_ioctl(const struct sc_call *c, struct sc_region *r, int max)
{
	const struct sc_ioctl *io = sc_ioctl_find((uint32_t)c->args[1]);

	if (!io)
		return -ENOTSUP;
	if (c->ret < 0)
		return 0;
	if (io->out == SC_IOC_IFCONF)
		return sc_ifconf(c, r, max);
	return sc_add(r, 0, max, c->args[2], io->out);
}
