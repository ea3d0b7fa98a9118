// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl: the command-line interface to homenet.
 *
 *   homenetctl [OPTIONS] OBJECT { COMMAND | help }
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

static int do_help(struct hn_ctl *ctl, int argc, char **argv);

static const struct hn_cmd objects[] = {
	{ "nat", do_nat, "show or set the NAT: WAN interface, addresses, ports, timeouts" },
	{ "forward", do_forward, "add, delete, list or replace port forwarding rules" },
	{ "session", do_session, "list, delete or flush NAT sessions" },
	{ "lease", do_lease, "list the DHCP leases of the running homenetd" },
	{ "stats", do_stats, "show the router's counters" },
	{ "version", do_version, "show homenetctl's and the module's versions" },
	{ "help", do_help, "show this help" },
	{ NULL },
};

static void usage(FILE *out, const char *prog)
{
	const struct hn_cmd *c;

	fprintf(out,
		"Usage: %s [OPTIONS] OBJECT { COMMAND | help }\n"
		"where  OBJECT := {",
		prog);
	for (c = objects; c->name; c++)
		fprintf(out, " %s%s", c->name, c[1].name ? " |" : " }\n");
	fprintf(out, "       OPTIONS := { -j[son] | -n[etns] NAME | -V[ersion] | -h[elp] }\n"
		     "\n"
		     "Objects:\n");
	for (c = objects; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->help);
	fprintf(out, "\n"
		     "Object names and commands may be abbreviated.  Exit status: 0 ok,\n"
		     "1 syntax error, 2 the kernel refused.  See homenetctl(8).\n");
}

static int do_help(struct hn_ctl *ctl, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout, ctl->prog);
	return EXIT_OK;
}

/* -n NAME: act on the network namespace "ip netns" calls NAME. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	if (!*name || strchr(name, '/')) {
		fprintf(stderr, "Error: invalid network namespace name \"%s\"\n", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		fprintf(stderr, "Error: cannot open network namespace \"%s\": %s\n", name,
			strerror(errno));
		return ret;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0) {
		ret = -errno;
		fprintf(stderr, "Error: cannot enter network namespace \"%s\": %s\n", name,
			strerror(errno));
	}
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = { { "json", no_argument, NULL, 'j' },
						  { "netns", required_argument, NULL, 'n' },
						  { "Version", no_argument, NULL, 'V' },
						  { "help", no_argument, NULL, 'h' },
						  { NULL } };
	struct hn_ctl ctl = { .prog = "homenetctl" };
	const struct hn_cmd *obj;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "+jn:Vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctl.json = true;
			break;
		case 'n':
			ctl.netns = optarg;
			break;
		case 'V':
			printf("homenetctl %s\n", HOMENET_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout, ctl.prog);
			return EXIT_OK;
		default:
			usage(stderr, ctl.prog);
			return EXIT_SYNTAX;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr, ctl.prog);
		return EXIT_SYNTAX;
	}

	obj = cmd_lookup(&ctl, objects, "object", argv[0]);
	if (!obj)
		return EXIT_SYNTAX;
	if (ctl.netns && enter_netns(ctl.netns) < 0)
		return EXIT_SYNTAX;

	print_init(&ctl.pr, stdout, ctl.json);
	ret = obj->fn(&ctl, argc - 1, argv + 1);
	print_finish(&ctl.pr);
	if (ctl.connected)
		hn_client_close(&ctl.nl);
	return ret;
}
