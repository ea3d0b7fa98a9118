/* SPDX-License-Identifier: GPL-2.0 */
/*
 * homenetd's configuration: homenet.conf(5), an INI file read whole and
 * checked whole.  A load fills a struct hnd_config, or fails with one
 * message "FILE:LINE: ..." that quotes the token at fault and leaves the
 * caller's struct as it was: a reload that fails keeps the old one.
 *
 * Addresses are in network byte order, ports in host order (as hnl.h).
 */
#ifndef HND_CONFIG_H
#define HND_CONFIG_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hnl.h"

#define HND_CONFIG_PATH	   "/etc/homenet/homenet.conf"
#define HND_LEASE_FILE_DEF "/var/lib/homenet/leases"

enum {
	HND_DNS_MAX = 8,		/* [dhcp] dns */
	HND_NAME_LEN = HN_FWD_NAME_LEN, /* [host NAME], [forward NAME], with the NUL */
	HND_DOMAIN_LEN = 254,		/* [dhcp] domain, with the NUL */
	HND_MAC_LEN = 6,
	HND_FWDS_MAX = 65536,		/* the kernel's HN_FWD_MAX_RULES */
	HND_LEASE_TIME_DEF = 12 * 3600, /* seconds */
	HND_LEASE_TIME_MIN = 60,
	HND_LEASE_TIME_MAX = 365 * 86400,
	HND_DECLINE_TIME_DEF = 10 * 60, /* a declined address rests this long */
	HND_DECLINE_TIME_MAX = 86400,
	HND_TIMEOUT_MAX = 7 * 86400,	    /* the kernel's HN_TIMEOUT_MAX */
	HND_SESSIONS_MAX = 4 * 1024 * 1024, /* the kernel's HN_MAX_SESSIONS_LIMIT */
	HND_CONFIG_ERR_MAX = 512,	    /* room enough for any message */
};

struct hnd_wan {
	char ifname[IFNAMSIZ];
	uint32_t addr; /* the fixed external address; 0 = auto, the interface's own */
};

struct hnd_lan {
	char ifname[IFNAMSIZ];
	uint32_t addr;	    /* the router's address on the LAN */
	uint8_t prefix_len; /* the LAN's prefix: 1-30 */
};

struct hnd_dhcp {
	bool enabled;			  /* there is a [dhcp] section */
	uint32_t range_first, range_last; /* the dynamic pool, both inside the LAN */
	uint32_t lease_time;		  /* seconds */
	uint32_t decline_time;		  /* seconds a declined address is not offered */
	uint32_t router;		  /* option 3; default: the LAN address */
	unsigned int n_dns;		  /* option 6, none when 0 */
	uint32_t dns[HND_DNS_MAX];
	char domain[HND_DOMAIN_LEN]; /* option 15, "" = none */
	char lease_file[PATH_MAX];
	bool no_conflict_check; /* conflict-check = no: offer without an ARP probe first */
};

/*
 * A static binding: the DHCP server gives @addr to @mac, and to no one else.
 * @addr is inside the LAN and may lie in the dynamic pool: the pool then
 * leaves it out.
 */
struct hnd_host {
	char name[HND_NAME_LEN];
	uint8_t mac[HND_MAC_LEN];
	uint32_t addr;
	uint32_t lease_time; /* seconds; 0: [dhcp] lease-time */
	bool ignore;	     /* never answer this host */
};

struct hnd_config {
	struct hnd_wan wan;
	struct hnd_lan lan;
	struct hnd_dhcp dhcp;
	/*
	 * [nat]: @nat.present has the HN_NAT_* bit of each key given, so that
	 * only those are sent.  The WAN (ifindex, address) is left for the
	 * caller to add from @wan.
	 */
	struct hn_nat nat;
	struct hnd_host *hosts; /* file order, names unique */
	size_t n_hosts;
	/*
	 * The forward rules, file order, whole: a [host] resolved to its
	 * address, the inside ports filled in.  Ready for hn_fwd_replace().
	 */
	struct hn_fwd *fwds;
	size_t n_fwds;
};

/*
 * Read the file @path into *@cfg.  0, or -1 with the message in @err (at
 * most @errlen bytes; HND_CONFIG_ERR_MAX is room enough) and *@cfg left
 * as it was.  On success *@cfg is overwritten: free the old one first.
 */
int hnd_config_load(const char *path, struct hnd_config *cfg, char *err, size_t errlen);
/* The same from the text @text, called @name in messages. */
int hnd_config_parse(const char *text, const char *name, struct hnd_config *cfg, char *err,
		     size_t errlen);
/* Free what a load allocated; *@cfg is then empty (and may be freed again). */
void hnd_config_free(struct hnd_config *cfg);

#endif /* HND_CONFIG_H */
