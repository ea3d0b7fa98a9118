/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DHCPv4 wire format (RFC 2131, RFC 2132): parse a BOOTP/DHCP packet into a
 * struct dhcp_msg, build a server reply into a caller buffer.  Pure
 * functions, no allocation, no I/O.
 *
 * Addresses are uint32_t in network byte order everywhere in the API, as in
 * the rest of homenet; other numbers are in host order.
 */
#ifndef HN_DHCP_H
#define HN_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68

/* BOOTP op */
#define BOOTREQUEST 1
#define BOOTREPLY   2

/* Message types, option 53 (RFC 2132 9.6) */
enum dhcp_type {
	DHCPDISCOVER = 1,
	DHCPOFFER = 2,
	DHCPREQUEST = 3,
	DHCPDECLINE = 4,
	DHCPACK = 5,
	DHCPNAK = 6,
	DHCPRELEASE = 7,
	DHCPINFORM = 8,
};

/* The options this code knows by name (RFC 2132 unless noted). */
enum dhcp_opt {
	DHCP_OPT_PAD = 0,
	DHCP_OPT_SUBNET_MASK = 1,
	DHCP_OPT_ROUTER = 3,
	DHCP_OPT_DNS = 6,
	DHCP_OPT_HOSTNAME = 12,
	DHCP_OPT_DOMAIN = 15,
	DHCP_OPT_BROADCAST = 28,
	DHCP_OPT_REQUESTED_IP = 50,
	DHCP_OPT_LEASE_TIME = 51,
	DHCP_OPT_OVERLOAD = 52,
	DHCP_OPT_MSG_TYPE = 53,
	DHCP_OPT_SERVER_ID = 54,
	DHCP_OPT_PARAM_LIST = 55,
	DHCP_OPT_MESSAGE = 56,
	DHCP_OPT_MAX_MSG_SIZE = 57,
	DHCP_OPT_T1 = 58,
	DHCP_OPT_T2 = 59,
	DHCP_OPT_CLIENT_ID = 61,
	DHCP_OPT_RAPID_COMMIT = 80, /* RFC 4039 */
	DHCP_OPT_RELAY_AGENT = 82,  /* RFC 3046 */
	DHCP_OPT_END = 255,
};

/* Option 52 values: which header fields carry options too */
#define DHCP_OVERLOAD_FILE  1
#define DHCP_OVERLOAD_SNAME 2

enum {
	DHCP_CHADDR_LEN = 16,
	DHCP_SNAME_LEN = 64,
	DHCP_FILE_LEN = 128,
	DHCP_FIXED_LEN = 236,	/* op .. file */
	DHCP_OPTIONS_OFF = 240, /* after the magic cookie */
	/* Longest packet we parse (an Ethernet MTU's worth); longer ones are refused */
	DHCP_PACKET_MAX = 1500,
	/* RFC 2131: every client accepts 576-byte IP datagrams, i.e. 548 bytes of DHCP */
	DHCP_IP_UDP_LEN = 28,
	DHCP_MIN_DATAGRAM = 576,
	/* Replies are padded to the BOOTP size (RFC 951) old clients insist on */
	DHCP_REPLY_MIN = 300,
	/* A buffer given to dhcp_build() must have at least this much room */
	DHCP_BUF_MIN = DHCP_MIN_DATAGRAM,
	DHCP_DNS_MAX = 8,
	DHCP_DOMAIN_MAX = 253,
};

/* A parsed packet.  Options are decoded into @opt_data (concatenated per code, RFC 3396). */
struct dhcp_msg {
	uint8_t op, htype, hlen, hops;
	uint32_t xid; /* opaque, as on the wire */
	uint16_t secs;
	uint16_t flags; /* host order; DHCP_FLAG_BROADCAST */
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[DHCP_CHADDR_LEN];

	/* The decoded options; 0 where the packet does not carry them */
	uint8_t type;	       /* 53: enum dhcp_type */
	uint32_t requested_ip; /* 50 */
	uint32_t server_id;    /* 54 */
	uint32_t lease_time;   /* 51, seconds */
	uint16_t max_msg_size; /* 57, the client's largest IP datagram */
	uint8_t overload;      /* 52 */

	/* Every option: dhcp_opt_get() reads them */
	uint8_t opt_seen[256 / 8];
	uint16_t opt_off[256];
	uint16_t opt_len[256];
	uint8_t opt_data[DHCP_PACKET_MAX];
};

#define DHCP_FLAG_BROADCAST 0x8000

/*
 * Parse @len bytes at @buf.  Returns 0, or -1 with the reason in @why (a
 * static string) for a packet that is too short or too long, lacks the
 * magic cookie, has hlen > 16, an option running past its field, or a
 * known option of the wrong length.  Any op is accepted (the handler only
 * serves BOOTREQUEST).
 */
int dhcp_parse(const void *buf, size_t len, struct dhcp_msg *m, const char **why);

/*
 * Option @code of @m (all its instances concatenated, RFC 3396): the value
 * and its length in @len, or NULL when the packet does not carry it.
 */
const uint8_t *dhcp_opt_get(const struct dhcp_msg *m, uint8_t code, size_t *len);

/* The server side of a lease: what every OFFER/ACK may carry. */
struct dhcp_params {
	uint32_t server_id; /* our address on the LAN: option 54 */
	uint32_t netmask;   /* option 1 */
	uint32_t router;    /* option 3, 0: none */
	uint32_t broadcast; /* option 28, 0: none */
	uint32_t dns[DHCP_DNS_MAX];
	unsigned int n_dns;		  /* option 6 when > 0 */
	char domain[DHCP_DOMAIN_MAX + 1]; /* option 15 when not empty */
};

/* Where the daemon sends a reply (RFC 2131 4.1). */
enum dhcp_dest {
	DHCP_DEST_RELAY,      /* to @dest_addr (giaddr), server port 67 */
	DHCP_DEST_BROADCAST,  /* to 255.255.255.255, client port 68 */
	DHCP_DEST_UNICAST,    /* to @dest_addr (ciaddr), client port 68 */
	DHCP_DEST_UNICAST_HW, /* to @dest_addr (yiaddr) at the link address chaddr, no ARP */
};

/* What to do with a request: dhcp_handle()'s answer. */
enum dhcp_action {
	DHCP_ACT_NONE,	/* send nothing (dropped, or nothing to answer): see why */
	DHCP_ACT_SEND,	/* build the reply with dhcp_build() and send it */
	DHCP_ACT_PROBE, /* check dhcp_reply.probe_addr is unused, then dhcp_probe_done() */
};

/* A server's decision on one request. */
struct dhcp_reply {
	enum dhcp_action action;
	const char *why;     /* a short reason, for a debug log (every action) */
	uint8_t type;	     /* SEND: DHCPOFFER, DHCPACK or DHCPNAK */
	uint32_t yiaddr;     /* the address given, 0 for INFORM and NAK */
	uint32_t ciaddr;     /* copied from the request into an ACK */
	uint32_t lease_s;    /* 0: no options 51, 58, 59 (INFORM, NAK) */
	const char *message; /* NAK: option 56 */
	bool rapid_commit;   /* an ACK to a DISCOVER (RFC 4039): carries option 80 */
	uint32_t probe_addr; /* PROBE: the address to check */
	bool probe_new;	     /* PROBE: first asked now (else a check already under way) */
	enum dhcp_dest dest;
	uint32_t dest_addr; /* network order; 0xffffffff for a broadcast */
	uint16_t dest_port; /* host order */
};

/*
 * Write the reply @r to request @req into @buf of @size (>= DHCP_BUF_MIN)
 * bytes, honouring the client's max message size.  OFFER and ACK carry
 * 53 and 54 first, then the client's parameter request list in its order,
 * then whatever of 1, 3, 6, 15, 28, 51, 58, 59 it did not ask for; a NAK
 * carries 53, 54 and 56.  Options 61 and 82 are echoed (RFC 6842, RFC
 * 3046).  An optional option that does not fit is left out.  Returns the
 * length, or -1 when @size is too small.
 */
int dhcp_build(const struct dhcp_msg *req, const struct dhcp_reply *r, const struct dhcp_params *p,
	       void *buf, size_t size);

/* "DISCOVER", "OFFER", ... for a message type; "unknown" for another value */
const char *dhcp_type_name(uint8_t type);

#endif /* HN_DHCP_H */
