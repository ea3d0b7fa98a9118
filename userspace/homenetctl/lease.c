// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl lease: the DHCP leases, live from the running homenetd (its
 * control socket; see leaseproto.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "leaseproto.h"

/* A reply larger than this is refused (100,000 leases fit). */
#define LEASE_REPLY_MAX (64u << 20)

static void lease_usage(FILE *out)
{
	fprintf(out,
		"Usage: homenetctl lease list\n"
		"A lease lists as: ADDRESS MAC expires Ns|never static|dynamic [name NAME]\n"
		"The leases come from the running homenetd (socket %s, or $%s).\n",
		HND_CONTROL_PATH, HND_CONTROL_ENV);
}

static int lease_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	lease_usage(stdout);
	return EXIT_OK;
}

/* Ask the daemon for its leases; the whole reply in *@buf (NUL-ended). */
static int lease_fetch(const char *path, char **buf, const char **why)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = 5 };
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, ret = -1;

	*buf = NULL;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		*why = "the control socket path is too long";
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    write(fd, "leases\n", 7) != 7) {
		*why = strerror(errno);
		goto out;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *p;

			cap = cap ? cap * 2 : 65536;
			if (cap > LEASE_REPLY_MAX || !(p = realloc(*buf, cap))) {
				*why = "the reply is too large";
				goto out;
			}
			*buf = p;
		}
		n = read(fd, *buf + len, cap - len - 1);
		if (n < 0) {
			*why = errno == EAGAIN ? "homenetd did not answer in 5 s" : strerror(errno);
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(*buf)[len] = '\0';
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

static void lease_print(struct printer *pr, const struct hnd_lease_info *l)
{
	char addr[INET_ADDRSTRLEN], mac[18];
	const uint8_t *m = l->mac;

	inet_ntop(AF_INET, &l->addr, addr, sizeof(addr));
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		 m[5]);
	print_open_object(pr, NULL);
	print_string(pr, "address", "%s ", addr);
	print_string(pr, "mac", "%s ", mac);
	if (l->expires_s < 0)
		print_string(pr, "expires", "expires %s ", "never");
	else
		print_uint(pr, "expires", "expires %llus ", (unsigned long long)l->expires_s);
	print_string(pr, "type", "%s", l->is_static ? "static" : "dynamic");
	if (l->name[0])
		print_string(pr, "name", " name %s", l->name);
	print_text(pr, "\n");
	print_close_object(pr);
}

static int lease_list(struct hn_ctl *ctl, int argc, char **argv)
{
	const char *path = hnd_control_path(), *why = NULL;
	struct hnd_lease_info l;
	char *buf, *line, *save = NULL;
	int ret = EXIT_OK, r = -1;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"lease list\" takes no arguments, got \"%s\"",
					argv[0]);
	if (lease_fetch(path, &buf, &why) < 0) {
		fprintf(stderr, "Error: cannot ask homenetd at %s: %s\n", path, why);
		return EXIT_KERNEL;
	}
	print_open_array(&ctl->pr, NULL);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		r = hnd_lease_parse(line, &l, &why);
		if (r <= 0)
			break;
		lease_print(&ctl->pr, &l);
	}
	print_close_array(&ctl->pr);
	if (r != 0) {
		fprintf(stderr, "Error: homenetd's reply \"%s\" %s\n", line ? line : "",
			why ? why : "ends early");
		ret = EXIT_KERNEL;
	}
	free(buf);
	return ret;
}

static const struct hn_cmd lease_cmds[] = {
	{ "list", lease_list, "" },
	{ "show", lease_list, "" },
	{ "help", lease_help, "" },
	{ NULL },
};

int do_lease(struct hn_ctl *ctl, int argc, char **argv)
{
	const struct hn_cmd *c;

	if (argc == 0)
		return lease_list(ctl, 0, NULL);
	c = cmd_lookup(ctl, lease_cmds, "lease command", argv[0]);
	return c ? c->fn(ctl, argc - 1, argv + 1) : EXIT_SYNTAX;
}
