// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd: the router's daemon.  It reads one configuration file, pushes
 * the NAT settings and the forward rules to homenet.ko, and serves DHCPv4
 * on the LAN, its leases kept on disk.
 *
 *   homenetd [-c FILE] [--check] [--dhcp-only] [--syslog] [-v]
 *
 * One thread, one epoll loop: signals (signalfd: SIGHUP reloads, SIGTERM
 * and SIGINT stop), a 100 ms timer (timerfd: conflict checks, lease
 * expiry), the DHCP and ARP sockets of the LAN, the control socket, and
 * the generic netlink controller (homenet.ko coming back).  A second
 * thread only syncs the lease journal (leasedb.h): the loop does not wait
 * for the disk, and the ACKs wait for their sync (an eventfd in the loop).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "hnd.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: homenetd [-c FILE] [--check] [--dhcp-only] [--syslog] [-v]\n"
		"  -c, --config FILE  the configuration (default %s)\n"
		"      --check        check the configuration, print what is wrong, exit\n"
		"      --dhcp-only    serve DHCP, leave the kernel's NAT alone\n"
		"  -s, --syslog       log to syslog, not standard error\n"
		"  -v, --verbose      log every DHCP exchange (twice: also what is dropped)\n",
		HND_CONFIG_PATH);
}

/* The DHCP server of @cfg, with its static bindings and its leases on disk. */
static int hnd_dhcp_start(struct hnd *d)
{
	const struct hnd_dhcp *c = &d->cfg.dhcp;
	uint32_t mask = htonl(d->cfg.lan.prefix_len ? ~0u << (32 - d->cfg.lan.prefix_len) : 0);
	struct dhcp_config dc;
	const char *why;
	size_t i;

	if (!c->enabled)
		return 0;
	dhcp_config_init(&dc);
	dc.params.server_id = d->cfg.lan.addr;
	dc.params.netmask = mask;
	dc.params.router = c->router ? c->router : d->cfg.lan.addr;
	dc.params.broadcast = (d->cfg.lan.addr & mask) | ~mask;
	dc.params.n_dns = c->n_dns < DHCP_DNS_MAX ? c->n_dns : DHCP_DNS_MAX;
	memcpy(dc.params.dns, c->dns, dc.params.n_dns * sizeof(dc.params.dns[0]));
	snprintf(dc.params.domain, sizeof(dc.params.domain), "%s", c->domain);
	dc.pool_first = c->range_first;
	dc.pool_last = c->range_last;
	dc.lease_s = c->lease_time;
	dc.decline_hold_ms = c->decline_time * 1000;
	dc.probe = !c->no_conflict_check;
	if (getrandom(&dc.hash_seed, sizeof(dc.hash_seed), 0) != sizeof(dc.hash_seed))
		dc.hash_seed = (uint32_t)hnd_now_ms();
	if (dhcp_server_init(&d->dhcp, &dc, &why) < 0) {
		hnd_log(d, LOG_ERR, "DHCP server: %s", why);
		return -EINVAL;
	}
	for (i = 0; i < d->cfg.n_hosts; i++) {
		struct dhcp_static st = {
			.addr = d->cfg.hosts[i].addr,
			.lease_s = d->cfg.hosts[i].lease_time,
			.ignore = d->cfg.hosts[i].ignore,
		};

		memcpy(st.mac, d->cfg.hosts[i].mac, 6);
		snprintf(st.name, sizeof(st.name), "%s", d->cfg.hosts[i].name);
		if (dhcp_static_add(&d->dhcp, &st, hnd_now_ms(), &why) < 0) {
			hnd_log(d, LOG_ERR, "host %s: %s", d->cfg.hosts[i].name, why);
			goto err;
		}
	}
	if (leasedb_open(&d->db, c->lease_file) < 0) {
		hnd_log(d, LOG_ERR, "%s", d->db.err);
		goto err;
	}
	if (leasedb_replay(&d->db, &d->dhcp, hnd_now_ms(), time(NULL)) < 0) {
		hnd_log(d, LOG_ERR, "%s", d->db.err);
		leasedb_close(&d->db);
		goto err;
	}
	if (d->db.err[0])
		hnd_log(d, LOG_WARNING, "%s", d->db.err);
	if (leasedb_sync_start(&d->db) < 0)
		hnd_log(d, LOG_WARNING, "%s: the loop syncs the journal itself", d->db.err);
	hnd_log(d, LOG_INFO, "%llu lease record(s) read back from %s",
		(unsigned long long)d->db.replayed, c->lease_file);
	d->dhcp.hooks.lease_changed = leasedb_hook;
	d->dhcp.hooks.ctx = &d->db;
	d->dhcp_on = true;
	return 0;
err:
	dhcp_server_free(&d->dhcp);
	return -EINVAL;
}

static void hnd_dhcp_stop(struct hnd *d)
{
	if (!d->dhcp_on)
		return;
	leasedb_close(&d->db);
	dhcp_server_free(&d->dhcp);
	d->dhcp_on = false;
	hnd_probes_clear(d);
}

static int hnd_watch(struct hnd *d, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (fd < 0)
		return 0;
	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

/* The LAN side: the DHCP server, its sockets, in the loop. */
static int hnd_lan_start(struct hnd *d)
{
	int ret;

	if (!d->cfg.dhcp.enabled)
		return 0;
	ret = hnd_dhcp_start(d);
	if (ret < 0)
		return ret;
	ret = hnd_net_open(d);
	if (ret < 0)
		return ret;
	ret = hnd_watch(d, d->dhcpfd);
	if (!ret)
		ret = hnd_watch(d, d->arpfd);
	return ret < 0 ? ret : hnd_watch(d, leasedb_sync_fd(&d->db));
}

static void hnd_lan_stop(struct hnd *d)
{
	if (d->dhcp_on)
		hnd_acks_drain(d); /* the ACKs of durable leases still go out */
	hnd_net_close(d);	   /* closing takes them out of epoll */
	hnd_dhcp_stop(d);
}

/*
 * SIGHUP: read the file again.  A file with an error changes nothing; a
 * good one replaces the configuration, the DHCP server is rebuilt from
 * its leases on disk, and the router is configured again.
 */
static void hnd_reload(struct hnd *d)
{
	struct hnd_config cfg = { 0 };
	char err[HND_CONFIG_ERR_MAX];

	if (hnd_config_load(d->conf_path, &cfg, err, sizeof(err)) < 0) {
		hnd_log(d, LOG_ERR, "reload refused, the old configuration stays: %s", err);
		return;
	}
	hnd_lan_stop(d);
	hnd_config_free(&d->cfg);
	d->cfg = cfg;
	if (hnd_lan_start(d) < 0)
		hnd_log(d, LOG_ERR, "the DHCP server could not restart with the new configuration");
	hnd_router_push(d);
	hnd_log(d, LOG_INFO, "configuration reloaded from %s", d->conf_path);
}

static void hnd_signal(struct hnd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			hnd_reload(d);
		else
			d->stop = true;
	}
}

static void hnd_tick(struct hnd *d)
{
	uint64_t expirations, now = hnd_now_ms();

	if (read(d->timerfd, &expirations, sizeof(expirations)) < 0)
		return;
	if (!d->dhcp_on)
		return;
	hnd_probe_tick(d, now);
	if (now - d->last_expire_ms >= 1000) {
		d->last_expire_ms = now;
		dhcp_expire(&d->dhcp, now);
		if (leasedb_needs_compact(&d->db, &d->dhcp)) {
			hnd_acks_drain(d); /* nothing may wait on the old file */
			if (leasedb_compact(&d->db, &d->dhcp, now, time(NULL)) < 0)
				hnd_log(d, LOG_WARNING, "%s", d->db.err);
		}
	}
}

static int hnd_loop_open(struct hnd *d)
{
	struct itimerspec it = {
		.it_interval = { .tv_nsec = HND_TICK_MS * 1000000L },
		.it_value = { .tv_nsec = HND_TICK_MS * 1000000L },
	};
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL) < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	d->sigfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
	d->timerfd = timerfd_create(CLOCK_BOOTTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->epfd < 0 || d->sigfd < 0 || d->timerfd < 0 ||
	    timerfd_settime(d->timerfd, 0, &it, NULL) < 0)
		return -errno;
	if (hnd_watch(d, d->sigfd) < 0 || hnd_watch(d, d->timerfd) < 0)
		return -errno;
	return 0;
}

static int hnd_run(struct hnd *d)
{
	struct epoll_event ev[16];
	int i, n;

	hnd_log(d, LOG_INFO, "running: LAN %s, %zu static host(s)", d->cfg.lan.ifname,
		d->cfg.n_hosts);
	while (!d->stop) {
		uint64_t now = hnd_now_ms();
		uint64_t next = d->dhcp_on ? hnd_deferred_next_ms(d, now) : UINT64_MAX;
		int timeout = next == UINT64_MAX ? -1 : next <= now ? 0 : (int)(next - now);

		/* a conflict check ends on time, not at the next tick; paced replies go on */
		n = epoll_wait(d->epfd, ev, 16, timeout);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			hnd_log(d, LOG_ERR, "epoll: %s", strerror(errno));
			return 1;
		}
		for (i = 0; i < n; i++) {
			int fd = ev[i].data.fd;

			if (fd == d->sigfd)
				hnd_signal(d);
			else if (fd == d->timerfd)
				hnd_tick(d);
			else if (fd == d->dhcpfd)
				hnd_dhcp_input(d);
			else if (fd == d->arpfd)
				hnd_arp_input(d);
			else if (d->dhcp_on && fd == leasedb_sync_fd(&d->db))
				hnd_sync_input(d);
			else if (fd == d->ctlfd)
				hnd_control_accept(d);
			else if (fd == hnd_router_notify_fd(d))
				hnd_router_notify(d);
		}
		if (d->dhcp_on)
			hnd_deferred_run(d, hnd_now_ms());
	}
	hnd_log(d, LOG_INFO, "stopping");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 'C' },
		{ "dhcp-only", no_argument, NULL, 'D' },
		{ "syslog", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[HND_CONFIG_ERR_MAX];
	bool check = false;
	struct hnd *d;
	int c, ret = 1;

	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	d->conf_path = HND_CONFIG_PATH;
	d->epfd = d->sigfd = d->timerfd = d->dhcpfd = d->arpfd = d->ctlfd = -1;
	while ((c = getopt_long(argc, argv, "c:svh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d->conf_path = optarg;
			break;
		case 'C':
			check = true;
			break;
		case 'D':
			d->dhcp_only = true;
			break;
		case 's':
			d->use_syslog = true;
			break;
		case 'v':
			d->verbose++;
			break;
		case 'h':
			usage(stdout);
			free(d);
			return 0;
		default:
			usage(stderr);
			free(d);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "homenetd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		free(d);
		return 1;
	}
	if (d->use_syslog)
		openlog("homenetd", LOG_PID, LOG_DAEMON);

	if (hnd_config_load(d->conf_path, &d->cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "homenetd: %s\n", err);
		free(d);
		return 1;
	}
	if (check) {
		printf("%s: configuration is valid\n", d->conf_path);
		ret = 0;
		goto out_cfg;
	}
	if (hnd_loop_open(d) < 0) {
		hnd_log(d, LOG_ERR, "event loop: %s", strerror(errno));
		goto out;
	}
	if (hnd_router_open(d) < 0 || hnd_watch(d, hnd_router_notify_fd(d)) < 0)
		goto out;
	if (hnd_lan_start(d) < 0)
		goto out;
	if (hnd_control_open(d) < 0 || hnd_watch(d, d->ctlfd) < 0)
		goto out;
	ret = hnd_run(d);
out:
	hnd_control_close(d);
	hnd_lan_stop(d);
	hnd_router_close(d);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->epfd >= 0)
		close(d->epfd);
out_cfg:
	hnd_config_free(&d->cfg);
	free(d);
	return ret;
}
