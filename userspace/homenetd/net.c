// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd's LAN sockets: DHCP (UDP port 67 on the LAN interface) and ARP
 * (the conflict check before a dynamic address is offered).
 *
 * A reply to a client that has no address yet goes to its hardware
 * address: the daemon puts the (address, MAC) pair in the ARP table first
 * (SIOCSARP), as RFC 2131 4.1 asks, so no ARP request goes unanswered.
 */
#define _GNU_SOURCE /* recvmmsg, sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "hnd.h"

static int hnd_dhcp_socket(struct hnd *d)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_SERVER_PORT),
	};
	const char *ifname = d->cfg.lan.ifname;
	int fd, one = 1, rcvbuf = HND_RCVBUF;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/*
	 * Requests go on arriving while a group commit waits for the disk:
	 * room for a burst (root may pass net.core.rmem_max; else what it allows).
	 */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		hnd_log(d, LOG_WARNING, "DHCP socket's receive buffer stays small: %s",
			strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int hnd_arp_socket(struct hnd *d)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = d->lan_ifindex,
	};
	int fd, one = 1;

	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ARP));
	if (fd < 0)
		return -errno;
	/* our own probes need not wake us (Linux 4.20; before, they are filtered out) */
	if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0) {
		/* hnd_arp_input() skips them by their sender MAC */
	}
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int hnd_net_open(struct hnd *d)
{
	struct ifreq ifr = { 0 };
	int ret;

	d->lan_ifindex = (int)if_nametoindex(d->cfg.lan.ifname);
	if (!d->lan_ifindex) {
		hnd_log(d, LOG_ERR, "LAN interface %s: %s", d->cfg.lan.ifname, strerror(errno));
		return -ENODEV;
	}
	d->dhcpfd = hnd_dhcp_socket(d);
	if (d->dhcpfd < 0) {
		hnd_log(d, LOG_ERR, "DHCP socket on %s: %s", d->cfg.lan.ifname,
			strerror(-d->dhcpfd));
		return d->dhcpfd;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", d->cfg.lan.ifname);
	if (ioctl(d->dhcpfd, SIOCGIFHWADDR, &ifr) == 0)
		memcpy(d->lan_mac, ifr.ifr_hwaddr.sa_data, 6);
	d->arpfd = hnd_arp_socket(d);
	if (d->arpfd < 0) {
		ret = d->arpfd;
		hnd_log(d, LOG_ERR, "ARP socket on %s: %s", d->cfg.lan.ifname, strerror(-ret));
		close(d->dhcpfd);
		d->dhcpfd = -1;
		return ret;
	}
	return 0;
}

void hnd_net_close(struct hnd *d)
{
	if (d->dhcpfd >= 0)
		close(d->dhcpfd);
	if (d->arpfd >= 0)
		close(d->arpfd);
	d->dhcpfd = d->arpfd = -1;
}

/* Tell the kernel @addr is at @mac, so a unicast reaches a client with no address. */
static void hnd_arp_set(struct hnd *d, uint32_t addr, const uint8_t *mac)
{
	struct arpreq req = { .arp_flags = ATF_COM };
	struct sockaddr_in *sin = (struct sockaddr_in *)&req.arp_pa;

	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = addr;
	req.arp_ha.sa_family = ARPHRD_ETHER;
	memcpy(req.arp_ha.sa_data, mac, 6);
	snprintf(req.arp_dev, sizeof(req.arp_dev), "%s", d->cfg.lan.ifname);
	if (ioctl(d->dhcpfd, SIOCSARP, &req) < 0)
		hnd_log(d, LOG_WARNING, "ARP entry for a reply: %s", strerror(errno));
}

/*
 * Build the reply @r to @req and queue it, to go where RFC 2131 4.1 says
 * at the next hnd_tx_flush().  The caller makes room first: a request
 * has one reply at most.
 */
static void hnd_dhcp_queue(struct hnd *d, const struct dhcp_msg *req, const struct dhcp_reply *r)
{
	struct hnd_tx *t;
	int len;

	if (d->n_tx == HND_BATCH) {
		hnd_log(d, LOG_ERR, "no room for a %s: dropped", dhcp_type_name(r->type));
		return;
	}
	t = &d->tx[d->n_tx];
	len = dhcp_build(req, r, &d->dhcp.cfg.params, t->buf, sizeof(t->buf));
	if (len < 0) {
		hnd_log(d, LOG_ERR, "cannot build a %s", dhcp_type_name(r->type));
		return;
	}
	t->len = (size_t)len;
	t->to = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons(r->dest_port),
		.sin_addr.s_addr = r->dest_addr,
	};
	t->set_arp = false;
	if (r->dest == DHCP_DEST_UNICAST_HW && req->htype == ARPHRD_ETHER && req->hlen == 6) {
		t->set_arp = true;
		memcpy(t->mac, req->chaddr, 6);
	} else if (r->dest == DHCP_DEST_UNICAST_HW) {
		t->to.sin_addr.s_addr = INADDR_BROADCAST; /* no Ethernet address to use */
	}
	/* an ACK that gives a lease (not one to an INFORM) stands on its record */
	t->durable = r->type == DHCPACK && r->lease_s;
	t->type = r->type;
	t->yiaddr = r->yiaddr;
	t->why = r->why;
	d->n_tx++;
}

static void hnd_tx_log(struct hnd *d, const struct hnd_tx *t)
{
	char to[INET_ADDRSTRLEN];

	if (!d->verbose)
		return;
	inet_ntop(AF_INET, &t->to.sin_addr, to, sizeof(to));
	hnd_log(d, LOG_DEBUG, "%s %s to %s (%s)", dhcp_type_name(t->type),
		inet_ntoa((struct in_addr){ t->yiaddr }), to, t->why);
}

/* Send the replies @txs[0..@n), an ARP entry first for those that need one. */
static void hnd_send(struct hnd *d, struct hnd_tx *const *txs, unsigned int n)
{
	struct mmsghdr msgs[HND_BATCH];
	struct iovec iov[HND_BATCH];
	unsigned int i, k, m;
	int ret;

	for (k = 0; k < n; k += m) {
		m = n - k < HND_BATCH ? n - k : HND_BATCH;
		for (i = 0; i < m; i++) {
			struct hnd_tx *t = txs[k + i];

			if (t->set_arp)
				hnd_arp_set(d, t->to.sin_addr.s_addr, t->mac);
			iov[i] = (struct iovec){ .iov_base = t->buf, .iov_len = t->len };
			msgs[i] = (struct mmsghdr){ .msg_hdr = {
							    .msg_name = &t->to,
							    .msg_namelen = sizeof(t->to),
							    .msg_iov = &iov[i],
							    .msg_iovlen = 1,
						    } };
		}
		for (i = 0; i < m; i += (unsigned int)ret) {
			ret = sendmmsg(d->dhcpfd, msgs + i, m - i, 0);
			if (ret <= 0) {
				/* this one cannot go: say so, and go on with the next */
				hnd_log(d, LOG_WARNING, "sending a %s: %s",
					dhcp_type_name(txs[k + i]->type), strerror(errno));
				ret = 1;
				continue;
			}
			for (int j = 0; j < ret; j++)
				hnd_tx_log(d, txs[k + i + (unsigned int)j]);
		}
	}
}

/* Send the queued replies whose t->durable is @durable. */
static void hnd_tx_send(struct hnd *d, bool durable)
{
	struct hnd_tx *txs[HND_BATCH];
	unsigned int i, n = 0;

	for (i = 0; i < d->n_tx; i++)
		if (d->tx[i].durable == durable)
			txs[n++] = &d->tx[i];
	hnd_send(d, txs, n);
}

/* ---- the pace of the replies that waited ---- */

/*
 * Fill the budget for the time gone by: how many waiting replies may
 * leave now.  Every HND_PACE_WIN_MS the rate they come in is measured
 * again and smoothed (a quarter of the new window).
 */
static unsigned int hnd_pace_budget(struct hnd *d)
{
	uint64_t now = hnd_now_us(), rate, cap;

	if (now - d->pace_win_us >= HND_PACE_WIN_MS * 1000) {
		uint64_t in = d->pace_in * 1000000 / (now - d->pace_win_us);

		d->pace_rate = (3 * d->pace_rate + in) / 4;
		d->pace_win_us = now;
		d->pace_in = 0;
	}
	rate = d->pace_rate * 3 / 2;
	if (rate < HND_PACE_MIN * 1000)
		rate = HND_PACE_MIN * 1000;
	cap = rate; /* a millisecond's worth */
	if (now > d->pace_us) {
		d->pace_milli += (now - d->pace_us) * rate / 1000;
		if (d->pace_milli > cap)
			d->pace_milli = cap;
		d->pace_us = now;
	}
	return (unsigned int)(d->pace_milli / 1000);
}

static void hnd_pace_spend(struct hnd *d, unsigned int n)
{
	d->pace_milli -= n * 1000ull < d->pace_milli ? n * 1000ull : d->pace_milli;
}

/*
 * Send the waiting ACKs whose records are durable now, oldest first,
 * within the pace (all of them when @force: the ring is full, or the loop ends).
 */
static void hnd_acks_release(struct hnd *d, bool force)
{
	uint64_t durable = leasedb_durable(&d->db);
	struct hnd_tx *txs[HND_BATCH];
	unsigned int n, max;

	while (d->acks_len && d->acks[d->acks_head].ticket <= durable) {
		max = force ? HND_BATCH : hnd_pace_budget(d);
		if (max > HND_BATCH)
			max = HND_BATCH;
		for (n = 0; n < max && n < d->acks_len; n++) {
			struct hnd_tx *t = &d->acks[(d->acks_head + n) % HND_ACKS_MAX];

			if (t->ticket > durable)
				break;
			txs[n] = t;
		}
		if (!n)
			return;
		hnd_send(d, txs, n);
		hnd_pace_spend(d, n);
		d->acks_head = (d->acks_head + n) % HND_ACKS_MAX;
		d->acks_len -= n;
	}
}

/* A sync failed: the records after the durable end are gone, and the ACKs waiting on them. */
static void hnd_acks_fail(struct hnd *d)
{
	uint64_t durable = leasedb_durable(&d->db);
	unsigned int withheld = 0;

	hnd_log(d, LOG_ERR, "%s", d->db.err);
	while (d->acks_len) {
		unsigned int last = (d->acks_head + d->acks_len - 1) % HND_ACKS_MAX;

		if (d->acks[last].ticket <= durable)
			break;
		d->acks_len--;
		withheld++;
	}
	hnd_log(d, LOG_ERR, "%u ACK(s) withheld: their leases could not be saved", withheld);
}

/* Wait for the sync under way (one is started for what is not durable yet). */
static void hnd_acks_wait(struct hnd *d)
{
	if (leasedb_sync_wait(&d->db) < 0)
		hnd_acks_fail(d);
}

/* Nothing is being synced, and nothing waits to be: no wait can free the ring. */
static bool hnd_acks_stuck(const struct hnd *d)
{
	return !d->db.in_flight && leasedb_durable(&d->db) >= d->db.end;
}

void hnd_sync_input(struct hnd *d)
{
	if (leasedb_sync_done(&d->db) < 0)
		hnd_acks_fail(d);
	hnd_acks_release(d, false);
}

void hnd_acks_drain(struct hnd *d)
{
	for (;;) {
		hnd_acks_release(d, true);
		if (hnd_acks_stuck(d))
			break;
		hnd_acks_wait(d);
	}
	d->acks_head = d->acks_len = 0;
}

/* The batch's ACKs wait in a ring for the sync of its records (@ticket); room is waited for. */
static void hnd_acks_queue(struct hnd *d, uint64_t ticket)
{
	struct hnd_tx *t;
	unsigned int i;

	for (i = 0; i < d->n_tx; i++) {
		if (!d->tx[i].durable)
			continue;
		while (d->acks_len == HND_ACKS_MAX) {
			hnd_acks_release(d, true);
			if (d->acks_len < HND_ACKS_MAX || hnd_acks_stuck(d))
				break;
			hnd_acks_wait(d);
		}
		if (d->acks_len == HND_ACKS_MAX) {
			hnd_log(d, LOG_ERR, "no room for an ACK waiting on its sync: dropped");
			continue;
		}
		t = &d->acks[(d->acks_head + d->acks_len++) % HND_ACKS_MAX];
		*t = d->tx[i];
		t->ticket = ticket;
		d->pace_in++;
	}
	hnd_acks_release(d, false);
}

/*
 * End the group commit and send the queued replies: OFFERs and NAKs at
 * once (they stand on nothing on disk), the ACKs of leases only when the
 * commit made them durable: nothing acknowledged is ever lost.  With the
 * journal's sync thread the ACKs wait in d->acks for their sync while the
 * loop goes on; without it, the commit syncs here.
 */
static void hnd_tx_flush(struct hnd *d)
{
	unsigned int i, withheld = 0;

	hnd_tx_send(d, false);
	if (d->db.syncer) {
		hnd_acks_queue(d, leasedb_batch_submit(&d->db));
	} else if (!d->db.batch || leasedb_batch_commit(&d->db) == 0) {
		hnd_tx_send(d, true);
	} else {
		hnd_log(d, LOG_ERR, "%s", d->db.err);
		for (i = 0; i < d->n_tx; i++)
			withheld += d->tx[i].durable;
		hnd_log(d, LOG_ERR, "%u ACK(s) withheld: their leases could not be saved",
			withheld);
	}
	d->n_tx = 0;
}

/* Send an ARP probe for @addr (RFC 5227: sender address 0). */
static int hnd_arp_probe(struct hnd *d, uint32_t addr)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = d->lan_ifindex,
		.sll_halen = 6,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	struct ether_arp a = { 0 };

	a.arp_hrd = htons(ARPHRD_ETHER);
	a.arp_pro = htons(ETHERTYPE_IP);
	a.arp_hln = 6;
	a.arp_pln = 4;
	a.arp_op = htons(ARPOP_REQUEST);
	memcpy(a.arp_sha, d->lan_mac, 6);
	memcpy(a.arp_tpa, &addr, 4);
	return sendto(d->arpfd, &a, sizeof(a), 0, (struct sockaddr *)&to, sizeof(to)) < 0 ? -errno
											  : 0;
}

/* Conflict checks cannot run (too many under way, no ARP): say how many, once a second. */
static void hnd_probe_skipped(struct hnd *d, uint32_t addr, uint64_t now)
{
	d->probes_skipped++;
	if (now - d->skip_logged_ms < 1000 && d->skip_logged_ms)
		return;
	hnd_log(d, LOG_WARNING,
		"conflict check of %s skipped (%llu skipped in all since the last warning, "
		"%u under way)",
		inet_ntoa((struct in_addr){ addr }), (unsigned long long)d->probes_skipped,
		d->probe_len);
	d->probes_skipped = 0;
	d->skip_logged_ms = now;
}

static void hnd_dhcp_serve(struct hnd *d, const struct dhcp_msg *req, const uint8_t *pkt,
			   size_t len, uint32_t src);

/* Check r->probe_addr for @req, or, when that cannot be done, offer it unchecked. */
static void hnd_probe_start(struct hnd *d, const struct dhcp_msg *req, const struct dhcp_reply *r,
			    const uint8_t *pkt, size_t len, uint32_t src, uint64_t now)
{
	struct hnd_probe *p;
	uint8_t *copy = NULL;

	if (d->probe_len == HND_PROBES_MAX || !(copy = malloc(len)) ||
	    hnd_arp_probe(d, r->probe_addr) < 0) {
		free(copy);
		dhcp_probe_done(&d->dhcp, r->probe_addr, false, now);
		hnd_probe_skipped(d, r->probe_addr, now);
		hnd_dhcp_serve(d, req, pkt, len, src);
		return;
	}
	memcpy(copy, pkt, len);
	p = &d->probes[(d->probe_head + d->probe_len++) % HND_PROBES_MAX];
	p->addr = r->probe_addr;
	p->src_addr = src;
	p->deadline_ms = now + HND_PROBE_MS;
	d->pace_in++;
	p->pkt = copy;
	p->len = len;
}

/* Hand @req (the datagram @pkt) to the server; queue, probe or drop as it decides. */
static void hnd_dhcp_serve(struct hnd *d, const struct dhcp_msg *req, const uint8_t *pkt,
			   size_t len, uint32_t src)
{
	struct dhcp_reply r;
	uint64_t now = hnd_now_ms();

	switch (dhcp_handle(&d->dhcp, req, now, &r)) {
	case DHCP_ACT_SEND:
		hnd_dhcp_queue(d, req, &r);
		break;
	case DHCP_ACT_PROBE:
		/* a DISCOVER again while its check runs: the check's end answers */
		if (r.probe_new)
			hnd_probe_start(d, req, &r, pkt, len, src, now);
		break;
	case DHCP_ACT_NONE:
		if (d->verbose > 1)
			hnd_log(d, LOG_DEBUG, "%s dropped: %s", dhcp_type_name(req->type), r.why);
		break;
	}
}

/* Parse the datagram @pkt and serve it. */
static void hnd_dhcp_packet(struct hnd *d, const uint8_t *pkt, size_t len, uint32_t src)
{
	const char *why;

	if (dhcp_parse(pkt, len, &d->rx_msg, &why) < 0) {
		if (d->verbose)
			hnd_log(d, LOG_DEBUG, "bad packet from %s: %s",
				inet_ntoa((struct in_addr){ src }), why);
	} else if (d->rx_msg.op == BOOTREQUEST) {
		hnd_dhcp_serve(d, &d->rx_msg, pkt, len, src);
	}
}

/*
 * What arrived on the DHCP socket, a batch at a time (a bounded number
 * per wakeup: the loop has other work too).  A batch is one group
 * commit: its leases are synced once, then its replies go out.
 */
void hnd_dhcp_input(struct hnd *d)
{
	struct mmsghdr msgs[HND_BATCH];
	struct iovec iov[HND_BATCH];
	struct sockaddr_in from[HND_BATCH];
	unsigned int b, i;
	int n;

	for (b = 0; b < HND_RX_BATCHES; b++) {
		for (i = 0; i < HND_BATCH; i++) {
			iov[i] = (struct iovec){ .iov_base = d->rx_buf[i],
						 .iov_len = sizeof(d->rx_buf[i]) };
			msgs[i] = (struct mmsghdr){ .msg_hdr = {
							    .msg_name = &from[i],
							    .msg_namelen = sizeof(from[i]),
							    .msg_iov = &iov[i],
							    .msg_iovlen = 1,
						    } };
		}
		n = recvmmsg(d->dhcpfd, msgs, HND_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		leasedb_batch_begin(&d->db);
		for (i = 0; i < (unsigned int)n; i++)
			hnd_dhcp_packet(d, d->rx_buf[i], msgs[i].msg_len,
					msgs[i].msg_hdr.msg_namelen ? from[i].sin_addr.s_addr : 0);
		hnd_tx_flush(d);
		if (n < HND_BATCH)
			return;
	}
}

/* @addr answered, or another host probes it too: it is not ours to give. */
static void hnd_conflict(struct hnd *d, uint32_t addr)
{
	hnd_log(d, LOG_WARNING, "%s is in use by a host the server does not know",
		inet_ntoa((struct in_addr){ addr }));
	/* quarantined now; the DISCOVER is served again when its check ends */
	dhcp_probe_done(&d->dhcp, addr, true, hnd_now_ms());
}

/* An ARP packet: an answer from (or a probe of) an address we are checking? */
void hnd_arp_input(struct hnd *d)
{
	struct ether_arp a;
	uint32_t spa, tpa;
	unsigned int n;
	ssize_t len;

	for (n = 0; n < 64; n++) {
		len = recv(d->arpfd, &a, sizeof(a), 0);
		if (len < 0)
			return;
		if ((size_t)len < sizeof(a) || a.arp_pln != 4 || a.arp_hln != 6 ||
		    !memcmp(a.arp_sha, d->lan_mac, 6) || !d->dhcp_on)
			continue;
		memcpy(&spa, a.arp_spa, 4);
		memcpy(&tpa, a.arp_tpa, 4);
		if (spa && dhcp_probing(&d->dhcp, spa))
			hnd_conflict(d, spa);
		else if (!spa && dhcp_probing(&d->dhcp, tpa))
			hnd_conflict(d, tpa);
	}
}

uint64_t hnd_probe_next_ms(const struct hnd *d)
{
	return d->probe_len ? d->probes[d->probe_head].deadline_ms : UINT64_MAX;
}

/* Take the oldest check off the ring; its packet is the caller's to free. */
static struct hnd_probe hnd_probe_pop(struct hnd *d)
{
	struct hnd_probe p = d->probes[d->probe_head];

	d->probes[d->probe_head].pkt = NULL;
	d->probe_head = (d->probe_head + 1) % HND_PROBES_MAX;
	d->probe_len--;
	return p;
}

void hnd_probes_clear(struct hnd *d)
{
	while (d->probe_len)
		free(hnd_probe_pop(d).pkt);
	d->probe_head = 0;
}

/*
 * Settle the checks whose time is up, and serve their DISCOVERs again: an
 * OFFER of the address, or (after a conflict) a check of another one.
 * Group commits of HND_BATCH replies, as for what arrives, within the
 * pace: the checks of a burst of DISCOVERs end over a few milliseconds
 * (each after its full HND_PROBE_MS, never before).
 */
void hnd_probe_tick(struct hnd *d, uint64_t now_ms)
{
	unsigned int budget, n;

	while (hnd_probe_next_ms(d) <= now_ms && (budget = hnd_pace_budget(d))) {
		leasedb_batch_begin(&d->db);
		for (n = 0; hnd_probe_next_ms(d) <= now_ms && d->n_tx < HND_BATCH && n < budget;
		     n++) {
			struct hnd_probe p = hnd_probe_pop(d);

			dhcp_probe_done(&d->dhcp, p.addr, false, now_ms);
			hnd_dhcp_packet(d, p.pkt, p.len, p.src_addr);
			free(p.pkt);
		}
		hnd_pace_spend(d, n);
		hnd_tx_flush(d);
	}
}

void hnd_deferred_run(struct hnd *d, uint64_t now_ms)
{
	hnd_acks_release(d, false);
	hnd_probe_tick(d, now_ms);
}

uint64_t hnd_deferred_next_ms(const struct hnd *d, uint64_t now_ms)
{
	uint64_t next = hnd_probe_next_ms(d);

	if (d->acks_len && d->acks[d->acks_head].ticket <= leasedb_durable(&d->db))
		next = now_ms;
	/* the budget is spent: it grows again within a millisecond */
	if (next <= now_ms && d->pace_milli < 1000)
		next = now_ms + 1;
	return next;
}
