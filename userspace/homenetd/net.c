// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd's LAN sockets: DHCP (UDP port 67 on the LAN interface) and ARP
 * (the conflict check before a dynamic address is offered).
 *
 * A reply to a client that has no address yet goes to its hardware
 * address: the daemon puts the (address, MAC) pair in the ARP table first
 * (SIOCSARP), as RFC 2131 4.1 asks, so no ARP request goes unanswered.
 */
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
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
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
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ARP));
	if (fd < 0)
		return -errno;
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

/* Build and send the reply @r to @req, where RFC 2131 4.1 says. */
static void hnd_dhcp_send(struct hnd *d, const struct dhcp_msg *req, const struct dhcp_reply *r)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint8_t buf[DHCP_PACKET_MAX];
	int len;

	len = dhcp_build(req, r, &d->dhcp.cfg.params, buf, sizeof(buf));
	if (len < 0) {
		hnd_log(d, LOG_ERR, "cannot build a %s", dhcp_type_name(r->type));
		return;
	}
	to.sin_addr.s_addr = r->dest_addr;
	to.sin_port = htons(r->dest_port);
	if (r->dest == DHCP_DEST_UNICAST_HW && req->htype == ARPHRD_ETHER && req->hlen == 6)
		hnd_arp_set(d, r->dest_addr, req->chaddr);
	else if (r->dest == DHCP_DEST_UNICAST_HW)
		to.sin_addr.s_addr = INADDR_BROADCAST; /* no Ethernet address to use */
	if (sendto(d->dhcpfd, buf, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		hnd_log(d, LOG_WARNING, "sending a %s: %s", dhcp_type_name(r->type),
			strerror(errno));
	else if (d->verbose)
		hnd_log(d, LOG_DEBUG, "%s %s to %s (%s)", dhcp_type_name(r->type),
			inet_ntoa((struct in_addr){ r->yiaddr }),
			inet_ntoa((struct in_addr){ to.sin_addr.s_addr }), r->why);
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

/* Hand @req to the server; send, probe or drop as it decides. */
static void hnd_dhcp_serve(struct hnd *d, const struct dhcp_msg *req, uint32_t src)
{
	struct dhcp_reply r;
	struct hnd_probe *p = NULL;
	uint64_t now = hnd_now_ms();
	unsigned int i;

	switch (dhcp_handle(&d->dhcp, req, now, &r)) {
	case DHCP_ACT_SEND:
		hnd_dhcp_send(d, req, &r);
		break;
	case DHCP_ACT_PROBE:
		for (i = 0; i < HND_PROBES_MAX; i++) {
			if (d->probes[i].busy && d->probes[i].addr == r.probe_addr)
				return; /* already being checked: the client retries */
			if (!d->probes[i].busy && !p)
				p = &d->probes[i];
		}
		if (!p || hnd_arp_probe(d, r.probe_addr) < 0) {
			/* no room or no ARP: the check cannot run, offer nothing now */
			dhcp_probe_done(&d->dhcp, r.probe_addr, false, now);
			hnd_log(d, LOG_WARNING, "conflict check of %s skipped",
				inet_ntoa((struct in_addr){ r.probe_addr }));
			hnd_dhcp_serve(d, req, src);
			return;
		}
		p->busy = true;
		p->addr = r.probe_addr;
		p->in_use = false;
		p->deadline_ms = now + HND_PROBE_MS;
		p->req = *req;
		p->src_addr = src;
		break;
	case DHCP_ACT_NONE:
		if (d->verbose > 1)
			hnd_log(d, LOG_DEBUG, "%s dropped: %s", dhcp_type_name(req->type), r.why);
		break;
	}
}

void hnd_dhcp_input(struct hnd *d)
{
	uint8_t buf[DHCP_PACKET_MAX + 1];
	struct sockaddr_in from;
	struct dhcp_msg *req;
	const char *why;
	unsigned int n;
	ssize_t len;

	/* a bounded batch per wakeup: the loop has other work too */
	for (n = 0; n < 64; n++) {
		socklen_t fl = sizeof(from);

		len = recvfrom(d->dhcpfd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (len < 0)
			return;
		req = malloc(sizeof(*req));
		if (!req)
			return;
		if (dhcp_parse(buf, (size_t)len, req, &why) < 0) {
			if (d->verbose)
				hnd_log(d, LOG_DEBUG, "bad packet from %s: %s",
					inet_ntoa(from.sin_addr), why);
		} else if (req->op == BOOTREQUEST) {
			hnd_dhcp_serve(d, req, from.sin_addr.s_addr);
		}
		free(req);
	}
}

/* An ARP packet: an answer from (or a probe of) an address we are checking? */
void hnd_arp_input(struct hnd *d)
{
	struct ether_arp a;
	uint32_t spa, tpa;
	unsigned int i, n;
	ssize_t len;

	for (n = 0; n < 64; n++) {
		len = recv(d->arpfd, &a, sizeof(a), 0);
		if (len < 0)
			return;
		if ((size_t)len < sizeof(a) || a.arp_pln != 4 || a.arp_hln != 6 ||
		    !memcmp(a.arp_sha, d->lan_mac, 6))
			continue;
		memcpy(&spa, a.arp_spa, 4);
		memcpy(&tpa, a.arp_tpa, 4);
		for (i = 0; i < HND_PROBES_MAX; i++) {
			struct hnd_probe *p = &d->probes[i];

			/* its owner answers, or another host probes it too */
			if (p->busy && (spa == p->addr || (!spa && tpa == p->addr)))
				p->in_use = true;
		}
	}
}

/* Settle the probes whose time is up, and serve their DISCOVERs again. */
void hnd_probe_tick(struct hnd *d, uint64_t now_ms)
{
	unsigned int i;

	for (i = 0; i < HND_PROBES_MAX; i++) {
		struct hnd_probe *p = &d->probes[i];

		if (!p->busy || (now_ms < p->deadline_ms && !p->in_use))
			continue;
		p->busy = false;
		if (p->in_use)
			hnd_log(d, LOG_WARNING, "%s is in use by a host the server does not know",
				inet_ntoa((struct in_addr){ p->addr }));
		dhcp_probe_done(&d->dhcp, p->addr, p->in_use, now_ms);
		hnd_dhcp_serve(d, &p->req, p->src_addr);
	}
}
