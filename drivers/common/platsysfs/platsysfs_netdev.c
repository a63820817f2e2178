/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 socnic authors
 */

/*
 * Whether the kernel is using a platform NIC's network interface: up,
 * addressed, or the interface the kernel booted over (ip= on its command
 * line, perhaps with the root file system on NFS). Taking such a port
 * from its driver cuts the board off; the bus and socnic-bind refuse it
 * unless forced, and word their refusals from what is found here.
 */

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "platsysfs.h"

int
platsysfs_netdev(const struct platsysfs *ps, const char *dev, char *buf,
		 size_t len)
{
	char dir[PATH_MAX];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *d;

	buf[0] = '\0';
	if (platsysfs_path(ps, dir, sizeof(dir), "bus/platform/devices/%s/net",
			   dev) < 0)
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (d == NULL)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		ret = snprintf(buf, len, "%s", de->d_name) < (int)len ? 0 :
			-ENAMETOOLONG;
		break;
	}
	closedir(d);
	return ret;
}

/* <proc>/cmdline (platsysfs_proc_path). */
static int
cmdline_read(const struct platsysfs *ps, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (platsysfs_proc_path(ps, path, sizeof(path), "cmdline") < 0)
		return -ENAMETOOLONG;
	return platsysfs_read_attr(path, buf, len);
}

/*
 * The kernel's IP autoconfiguration: ip=<client>:<server>:<gw>:<netmask>:
 * <hostname>:<device>:... (nfsaddrs= is its old name). Without a device
 * the kernel picks one; that one is up with an address by now, which the
 * other checks catch.
 */
static void
cmdline_boot(const char *cmdline, const char *ifname, struct platsysfs_use *u)
{
	char copy[4096], *tok, *save = NULL;

	snprintf(copy, sizeof(copy), "%s", cmdline);
	for (tok = strtok_r(copy, " \t\n", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		const char *v = NULL, *f;
		unsigned int field;

		if (strcmp(tok, "root=/dev/nfs") == 0)
			u->nfsroot = true;
		if (strncmp(tok, "ip=", 3) == 0)
			v = tok + 3;
		else if (strncmp(tok, "nfsaddrs=", 9) == 0)
			v = tok + 9;
		if (v == NULL)
			continue;
		for (f = v, field = 0; field < 5 && f != NULL; field++) {
			f = strchr(f, ':');
			if (f != NULL)
				f++;
		}
		if (f != NULL && strncmp(f, ifname, strlen(ifname)) == 0 &&
		    (f[strlen(ifname)] == ':' || f[strlen(ifname)] == '\0'))
			u->boot = true;
	}
	u->nfsroot = u->nfsroot && u->boot;
}

int
platsysfs_netdev_use(const struct platsysfs *ps, const char *dev,
		     struct platsysfs_use *u)
{
	char path[PATH_MAX], flags[32], cmdline[4096], *end;
	unsigned long f;
	int ret;

	memset(u, 0, sizeof(*u));
	ret = platsysfs_netdev(ps, dev, u->ifname, sizeof(u->ifname));
	if (ret == -ENOENT)
		return 0;
	if (ret < 0)
		return ret;
	if (platsysfs_path(ps, path, sizeof(path),
			   "bus/platform/devices/%s/net/%s/flags", dev,
			   u->ifname) < 0)
		return -ENAMETOOLONG;
	ret = platsysfs_read_attr(path, flags, sizeof(flags));
	if (ret < 0)
		return ret;
	f = strtoul(flags, &end, 0);
	if (end == flags)
		return -EINVAL;
	u->up = (f & IFF_UP) != 0;
	ret = (ps->addrs != NULL ? ps->addrs : platsysfs_getifaddrs)
		(ps->opaque, u->ifname, u->addr, sizeof(u->addr));
	if (ret < 0)
		return ret;
	u->nb_addrs = ret;
	ret = cmdline_read(ps, cmdline, sizeof(cmdline));
	/* A tree without /proc/cmdline (a test's) names no boot interface. */
	if (ret < 0 && ret != -ENOENT)
		return ret;
	if (ret == 0)
		cmdline_boot(cmdline, u->ifname, u);
	return u->up || u->nb_addrs > 0 || u->boot;
}

void
platsysfs_use_what(const struct platsysfs_use *u, char *buf, size_t len)
{
	size_t n;

	if (u->nb_addrs > 0)
		n = snprintf(buf, len, "%s %s %s%s", u->ifname,
			     u->up ? "is up with" : "has", u->addr,
			     u->nb_addrs > 1 ? " (and more)" : "");
	else
		n = snprintf(buf, len, "%s is %s", u->ifname,
			     u->up ? "up" : "down");
	if (n >= len || !u->boot)
		return;
	snprintf(buf + n, len - n, u->nfsroot ?
		 " and carries the root file system (root=/dev/nfs, ip= names it)" :
		 " and is the boot interface (ip= on the kernel command line names it)");
}

void
platsysfs_use_fix(const struct platsysfs_use *u, char *buf, size_t len)
{
	if (u->boot)
		snprintf(buf, len, "boot over another interface (ip= on the kernel command line)");
	else if (u->up && u->nb_addrs > 0)
		snprintf(buf, len, "take it down (ip link set %s down, ip addr flush dev %s)",
			 u->ifname, u->ifname);
	else if (u->up)
		snprintf(buf, len, "take it down (ip link set %s down)", u->ifname);
	else
		snprintf(buf, len, "remove its addresses (ip addr flush dev %s)",
			 u->ifname);
}

/* "addr/prefix" of one address; false for a family we do not count. */
static bool
fmt_addr(const struct ifaddrs *ifa, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	unsigned int prefix = 0, i;
	const uint8_t *m;
	size_t mlen;

	if (ifa->ifa_addr->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ifa->ifa_addr;

		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		m = ifa->ifa_netmask != NULL ? (const uint8_t *)
			&((const struct sockaddr_in *)(const void *)
			  ifa->ifa_netmask)->sin_addr : NULL;
		mlen = 4;
	} else if (ifa->ifa_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ifa->ifa_addr;

		/* Every interface that is up makes one itself: it says
		 * nothing about the port being used. */
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr))
			return false;
		inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
		m = ifa->ifa_netmask != NULL ? (const uint8_t *)
			&((const struct sockaddr_in6 *)(const void *)
			  ifa->ifa_netmask)->sin6_addr : NULL;
		mlen = 16;
	} else {
		return false;
	}
	for (i = 0; m != NULL && i < mlen; i++)
		prefix += __builtin_popcount(m[i]);
	snprintf(buf, len, "%s/%u", a, prefix);
	return true;
}

int
platsysfs_getifaddrs(void *opaque, const char *ifname, char *first,
		     size_t len)
{
	struct ifaddrs *all, *ifa;
	char one[INET6_ADDRSTRLEN + 8];
	int n = 0;

	(void)opaque;
	first[0] = '\0';
	if (getifaddrs(&all) != 0)
		return -errno;
	for (ifa = all; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || strcmp(ifa->ifa_name, ifname) != 0 ||
		    !fmt_addr(ifa, one, sizeof(one)))
			continue;
		if (n++ == 0)
			snprintf(first, len, "%s", one);
	}
	freeifaddrs(all);
	return n;
}
