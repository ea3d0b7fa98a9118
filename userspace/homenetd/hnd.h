/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homenetd: what its files share.  One struct hnd holds the whole daemon;
 * there is no global state.
 */
#ifndef HND_H
#define HND_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "dhcp.h"
#include "hnl.h"
#include "leasedb.h"
#include "leases.h"

struct nl_sock;

enum {
	HND_PROBES_MAX = 64, /* conflict checks under way at once */
	HND_PROBE_MS = 300,  /* how long an ARP probe waits for an answer */
	HND_TICK_MS = 100,   /* the timer's period */
};

/* A DISCOVER waiting for the conflict check of the address it is to get. */
struct hnd_probe {
	bool busy;
	uint32_t addr;
	uint64_t deadline_ms;
	bool in_use;
	struct dhcp_msg req;
	uint32_t src_addr; /* where the DISCOVER came from (0 for none) */
};

struct hnd {
	/* what we were started with */
	const char *conf_path;
	bool dhcp_only; /* no kernel: the DHCP server alone (tests) */
	bool use_syslog;
	int verbose;

	struct hnd_config cfg;
	int lan_ifindex;
	uint8_t lan_mac[6];

	/* the DHCP server and its leases on disk */
	bool dhcp_on;
	struct dhcp_server dhcp;
	struct leasedb db;
	struct hnd_probe probes[HND_PROBES_MAX];

	/* the kernel */
	struct hn_client nl;
	bool nl_open;
	struct nl_sock *notify; /* nlctrl: homenet (re)appearing */

	/* the event loop */
	int epfd, sigfd, timerfd, dhcpfd, arpfd, ctlfd;
	char ctl_path[108];
	bool stop;
	uint64_t last_expire_ms;
};

/* main.c */
uint64_t hnd_now_ms(void);
void hnd_log(struct hnd *d, int prio, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* net.c: the DHCP and ARP sockets of the LAN */
int hnd_net_open(struct hnd *d);
void hnd_net_close(struct hnd *d);
void hnd_dhcp_input(struct hnd *d);
void hnd_arp_input(struct hnd *d);
void hnd_probe_tick(struct hnd *d, uint64_t now_ms);

/* router.c: the kernel's NAT and forward rules */
int hnd_router_open(struct hnd *d);
void hnd_router_close(struct hnd *d);
int hnd_router_push(struct hnd *d);
void hnd_router_notify(struct hnd *d);
int hnd_router_notify_fd(struct hnd *d);

/* control.c: homenetctl lease list */
int hnd_control_open(struct hnd *d);
void hnd_control_close(struct hnd *d);
void hnd_control_accept(struct hnd *d);

#endif /* HND_H */
