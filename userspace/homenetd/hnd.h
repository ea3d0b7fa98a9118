/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homenetd: what its files share.  One struct hnd holds the whole daemon;
 * there is no global state.
 */
#ifndef HND_H
#define HND_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "config.h"
#include "dhcp.h"
#include "hnl.h"
#include "leasedb.h"
#include "leases.h"

struct nl_sock;

enum {
	HND_PROBES_MAX = 16384, /* conflict checks under way at once: 300 ms of 50k/s */
	HND_PROBE_MS = 300,	/* how long an ARP probe waits for an answer */
	HND_TICK_MS = 100,	/* the timer's period */
	HND_BATCH = 64,		/* datagrams read at once; replies per group commit */
	HND_RX_BATCHES = 4,	/* batches read per wakeup, at most */
	HND_RCVBUF = 4 << 20,	/* the DHCP socket's receive buffer, bytes */
	HND_ACKS_MAX = 2048,	/* ACKs waiting for their records' sync */
	/*
	 * Replies that wait (the OFFER at the end of a conflict check, the
	 * ACKs a sync made durable) leave at 3/2 of the rate they come in
	 * (measured over windows of HND_PACE_WIN_MS, smoothed), at least
	 * HND_PACE_MIN a millisecond, no more than a millisecond's worth at
	 * once: the checks of a burst of DISCOVERs end spread over a few
	 * milliseconds, and what piled up behind a slow sync does not flood
	 * the clients' (or a relay's) socket.
	 */
	HND_PACE_MIN = 8,
	HND_PACE_WIN_MS = 10,
};

/*
 * A DISCOVER waiting for the conflict check of the address it is to get.
 * They sit in a ring, oldest first: every check lasts HND_PROBE_MS, so
 * the ring is in the order of their deadlines too.
 */
struct hnd_probe {
	uint32_t addr;
	uint32_t src_addr; /* where the DISCOVER came from (0 for none) */
	uint64_t deadline_ms;
	uint8_t *pkt; /* the DISCOVER as it came (malloc'd), served again when it ends */
	size_t len;
};

/*
 * A reply built and waiting to be sent: after the group commit of the
 * journal records it stands on (leasedb.h).
 */
struct hnd_tx {
	struct sockaddr_in to;
	bool durable; /* an ACK of a lease: sent only once the commit succeeded */
	bool set_arp; /* put (to, mac) in the ARP table first */
	uint8_t mac[6];
	uint8_t type; /* for the log */
	uint32_t yiaddr;
	const char *why;
	uint64_t ticket; /* an ACK waiting in hnd.acks: the journal end it stands on */
	size_t len;
	uint8_t buf[DHCP_PACKET_MAX];
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
	struct hnd_probe probes[HND_PROBES_MAX]; /* a ring: probe_head, probe_len */
	unsigned int probe_head, probe_len;
	uint64_t probes_skipped; /* conflict checks skipped since the last warning */
	uint64_t skip_logged_ms;
	struct dhcp_msg rx_msg;				/* the request being served */
	uint8_t rx_buf[HND_BATCH][DHCP_PACKET_MAX + 1]; /* one more: too long shows */
	struct hnd_tx tx[HND_BATCH];
	unsigned int n_tx;
	/* ACKs built, waiting for the sync thread to make their leases durable (a ring) */
	struct hnd_tx acks[HND_ACKS_MAX];
	unsigned int acks_head, acks_len;
	/* the budget of waiting replies that may leave now, in thousandths */
	uint64_t pace_us; /* when it was last filled */
	uint64_t pace_milli;
	uint64_t pace_rate;   /* waiting replies coming in a ms, smoothed, in thousandths */
	uint64_t pace_win_us; /* the window being counted began */
	uint64_t pace_in;     /* waiting replies that came in it */

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
uint64_t hnd_now_us(void);
void hnd_log(struct hnd *d, int prio, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* net.c: the DHCP and ARP sockets of the LAN */
int hnd_net_open(struct hnd *d);
void hnd_net_close(struct hnd *d);
void hnd_dhcp_input(struct hnd *d);
void hnd_arp_input(struct hnd *d);
void hnd_probe_tick(struct hnd *d, uint64_t now_ms);
/* When the oldest conflict check ends (UINT64_MAX: none under way) */
uint64_t hnd_probe_next_ms(const struct hnd *d);
/*
 * Send what waits and may go now (durable ACKs, then the ends of checks),
 * within the pace; and when to come back for the rest (UINT64_MAX: nothing waits).
 */
void hnd_deferred_run(struct hnd *d, uint64_t now_ms);
uint64_t hnd_deferred_next_ms(const struct hnd *d, uint64_t now_ms);
void hnd_probes_clear(struct hnd *d);
/* The journal's sync thread ended a sync: send the ACKs it made durable. */
void hnd_sync_input(struct hnd *d);
/* Wait for every sync under way and send the ACKs waiting on it (before compaction, closing). */
void hnd_acks_drain(struct hnd *d);

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
