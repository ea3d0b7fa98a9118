// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd's control socket: "homenetctl lease list" asks it for the live
 * leases (the protocol is in leaseproto.h).  The socket is root's and its
 * group's only (0660).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "hnd.h"
#include "leaseproto.h"

int hnd_control_open(struct hnd *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = hnd_control_path();
	char dir[sizeof(sun.sun_path)], *slash;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		hnd_log(d, LOG_ERR, "control socket path %s is too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(sun.sun_path, path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755); /* /run/homenet; fine when it exists */
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path); /* a previous daemon's */
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || chmod(path, 0660) < 0 ||
	    listen(fd, 8) < 0) {
		int err = -errno;

		hnd_log(d, LOG_ERR, "control socket %s: %s", path, strerror(errno));
		close(fd);
		return err;
	}
	d->ctlfd = fd;
	snprintf(d->ctl_path, sizeof(d->ctl_path), "%s", path);
	return 0;
}

void hnd_control_close(struct hnd *d)
{
	if (d->ctlfd < 0)
		return;
	close(d->ctlfd);
	unlink(d->ctl_path);
	d->ctlfd = -1;
}

struct hnd_reply {
	char *buf;
	size_t len, cap;
	uint64_t now_ms;
};

static int hnd_reply_add(struct hnd_reply *r, const char *line, size_t n)
{
	char *p;

	if (r->cap - r->len < n) {
		r->cap = 2 * r->cap + n;
		p = realloc(r->buf, r->cap);
		if (!p)
			return -ENOMEM;
		r->buf = p;
	}
	memcpy(r->buf + r->len, line, n);
	r->len += n;
	return 0;
}

/* A live lease: bound, or a static binding's lease that has not run out. */
static int hnd_reply_lease(void *ctx, const struct dhcp_lease_info *l)
{
	struct hnd_reply *r = ctx;
	struct hnd_lease_info out = { .addr = l->addr, .is_static = l->is_static };
	char line[256];
	int n;

	if (l->is_static ? l->expires_ms <= r->now_ms : l->state != DHCP_LEASE_BOUND)
		return 0;
	if (l->hlen == 6)
		memcpy(out.mac, l->hw, 6);
	out.expires_s = l->expires_ms > r->now_ms ? (int64_t)(l->expires_ms - r->now_ms) / 1000 : 0;
	snprintf(out.name, sizeof(out.name), "%s", l->name);
	n = hnd_lease_format(line, sizeof(line), &out);
	return n < 0 ? 0 : hnd_reply_add(r, line, (size_t)n);
}

/* Write all of @buf, waiting (a bounded time) for a slow reader. */
static int hnd_write_all(int fd, const char *buf, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EAGAIN && poll(&pfd, 1, 2000) == 1)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One client: read its request line, answer, hang up. */
void hnd_control_accept(struct hnd *d)
{
	struct hnd_reply r = { .now_ms = hnd_now_ms() };
	struct pollfd pfd = { .events = POLLIN };
	char req[64];
	ssize_t n;
	int fd;

	fd = accept4(d->ctlfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	pfd.fd = fd;
	n = poll(&pfd, 1, 1000) == 1 ? read(fd, req, sizeof(req) - 1) : -1;
	if (n > 0 && !strncmp(req, "leases\n", 7)) {
		if (!d->dhcp_on || dhcp_lease_foreach(&d->dhcp, r.now_ms, hnd_reply_lease, &r) == 0)
			hnd_reply_add(&r, "end\n", 4);
		else
			hnd_reply_add(&r, "error out of memory\n", 20);
	} else {
		hnd_reply_add(&r, "error unknown request\n", 22);
	}
	if (r.buf)
		hnd_write_all(fd, r.buf, r.len);
	free(r.buf);
	close(fd);
}
