/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DHCP server's lease table and its decisions (RFC 2131 4.3): no
 * sockets, no clock.  The caller passes a monotonic time in milliseconds
 * (CLOCK_MONOTONIC or CLOCK_BOOTTIME); wall time never enters a decision.
 *
 * Every pool address has a slot, so a lookup by address is an index; a
 * hash finds a client's slot by its key; free slots form a list (never
 * used ones first, in address order, then the least recently freed, so
 * a returning client finds its old address still free); timed slots sit
 * in a heap by expiry.  Every operation is O(1) or O(log pool).
 *
 * Conflict check: a dynamic address new to a client is not offered at
 * once.  dhcp_handle() answers DHCP_ACT_PROBE with the address; the daemon
 * checks it (ARP probe) and reports with dhcp_probe_done(), then hands the
 * same DISCOVER to dhcp_handle() again, which now offers it (or, after a
 * conflict, quarantines it and picks another).  Addresses the client holds
 * or held, and static ones, are not probed.
 *
 * Persistence: every change of a lease goes through hooks.lease_changed
 * first; for DHCP_EV_GRANT a negative return withholds the ACK, so a
 * lease is on disk before the client has it (leasedb_hook()).
 */
#ifndef HN_LEASES_H
#define HN_LEASES_H

#include <stdbool.h>
#include <stdint.h>

#include "dhcp.h"

enum {
	DHCP_POOL_MAX = 1 << 18, /* addresses in the pool */
	DHCP_STATIC_MAX = 4096,	 /* static bindings */
	DHCP_KEY_MAX = 64,	 /* a longer client id is not used as the key */
	DHCP_NAME_MAX = 64,	 /* a host name, with its NUL */
	DHCP_LEASE_MIN_S = 60,	 /* the shortest lease a client may ask for */
};

#define DHCP_NIL UINT32_MAX /* no slot, no element */

/* Whose a lease is: option 61 when the client sends one, else htype + chaddr. */
enum dhcp_key_kind {
	DHCP_KEY_HW = 1,
	DHCP_KEY_CLIENT_ID = 2,
};

struct dhcp_key {
	uint8_t kind; /* enum dhcp_key_kind; 0 with len 0: nobody */
	uint8_t len;
	uint8_t data[DHCP_KEY_MAX];
};

enum dhcp_lease_state {
	DHCP_LEASE_FREE,     /* may be given; may remember its last client (a hint) */
	DHCP_LEASE_PROBING,  /* chosen for a client, waiting for the conflict check */
	DHCP_LEASE_OFFERED,  /* offered, held for the client until the offer expires */
	DHCP_LEASE_BOUND,    /* ACKed, until it expires */
	DHCP_LEASE_DECLINED, /* quarantined: declined by a client or found in use */
	DHCP_LEASE_RESERVED, /* never given from the pool: static, the server, net/broadcast */
	DHCP_LEASE_STATES
};

/* One lease as the hook, the iterator and the journal see it. */
struct dhcp_lease_info {
	uint32_t addr; /* network order */
	enum dhcp_lease_state state;
	bool is_static;
	uint64_t expires_ms; /* monotonic, 0: none */
	uint32_t lease_s;    /* the lease time granted */
	struct dhcp_key key;
	uint8_t htype, hlen;
	uint8_t hw[DHCP_CHADDR_LEN];
	char name[DHCP_NAME_MAX];
};

enum dhcp_event {
	DHCP_EV_GRANT,	 /* an ACK: new or renewed BOUND lease; must be durable first */
	DHCP_EV_RELEASE, /* freed by its client or taken by a static binding */
	DHCP_EV_DECLINE, /* quarantined: declined, or a probe found it in use */
	DHCP_EV_EXPIRE,	 /* a BOUND lease ran out (nothing to save) */
};

struct dhcp_hooks {
	int (*lease_changed)(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l,
			     uint64_t now_ms);
	void *ctx;
};

/* A static binding by MAC; its address is never given to another client. */
struct dhcp_static {
	uint8_t mac[6];
	uint32_t addr;
	char name[DHCP_NAME_MAX];
	uint32_t lease_s;    /* 0: the server's lease time */
	bool ignore;	     /* never answer this host */
	uint64_t expires_ms; /* kept by the server: the end of its last ACK */
};

struct dhcp_config {
	struct dhcp_params params;	/* server_id is our address; netmask the LAN's */
	uint32_t pool_first, pool_last; /* network order, inclusive */
	uint32_t lease_s;
	uint32_t offer_hold_ms;	  /* how long an OFFER (or a probe) holds an address */
	uint32_t decline_hold_ms; /* how long a declined or conflicting address rests */
	bool probe;		  /* conflict-check dynamic addresses before offering */
	bool rapid_commit;	  /* RFC 4039: ACK a DISCOVER that asks for it */
	uint32_t hash_seed;	  /* random, against crafted client ids */
};

struct dhcp_stats {
	uint64_t rx[DHCPINFORM + 1]; /* requests by message type; [0]: others */
	uint64_t tx[DHCPINFORM + 1]; /* replies by message type */
	uint64_t probes, conflicts, declines, exhausted;
};

/* A chained hash over element indices: head per bucket, next per element. */
struct dhcp_hash {
	uint32_t *head, *next;
	uint32_t mask;
};

struct dhcp_slot;

/* The server.  Read cfg and stats; change the rest only through the functions below. */
struct dhcp_server {
	struct dhcp_config cfg;
	struct dhcp_hooks hooks;
	struct dhcp_stats stats;

	uint32_t pool_base, pool_size; /* host order */
	uint32_t net, bcast;	       /* the subnet's, host order */
	struct dhcp_slot *slots;
	struct dhcp_hash by_key;
	uint32_t free_head, free_tail;
	uint32_t *heap, heap_len;
	uint32_t n_state[DHCP_LEASE_STATES];
	uint32_t n_keyed;

	struct dhcp_static *statics;
	uint8_t *static_used;
	uint32_t n_statics;
	struct dhcp_hash static_by_mac, static_by_addr;
};

/* Defaults: 12 h leases, 30 s offers, 10 min quarantine, probing on. */
void dhcp_config_init(struct dhcp_config *cfg);
/* Returns 0, or -1 with @why for a configuration it cannot serve, or out of memory. */
int dhcp_server_init(struct dhcp_server *s, const struct dhcp_config *cfg, const char **why);
void dhcp_server_free(struct dhcp_server *s);

/*
 * Add a static binding (at start or at run time: "reserve this address").
 * A dynamic lease on its address is taken away (DHCP_EV_RELEASE).  Returns
 * 0, or -1 with @why (duplicate MAC or address, outside the subnet, ...).
 */
int dhcp_static_add(struct dhcp_server *s, const struct dhcp_static *st, uint64_t now_ms,
		    const char **why);
/* Remove the binding of @mac; its pool address becomes free.  -1 when none. */
int dhcp_static_del(struct dhcp_server *s, const uint8_t mac[6]);
const struct dhcp_static *dhcp_static_find(const struct dhcp_server *s, const uint8_t mac[6]);

/*
 * Decide what to answer to @req received at @now_ms (RFC 2131 4.3), fill
 * @out and return out->action.  Expired leases are processed first.
 */
enum dhcp_action dhcp_handle(struct dhcp_server *s, const struct dhcp_msg *req, uint64_t now_ms,
			     struct dhcp_reply *out);

/*
 * The result of the conflict check dhcp_handle() asked for (DHCP_ACT_PROBE,
 * with out->probe_new set the first time; a DISCOVER repeated while the
 * check runs gets DHCP_ACT_PROBE again, probe_new clear).  An address
 * no longer being checked (taken since, or already settled) is left as it is.
 */
void dhcp_probe_done(struct dhcp_server *s, uint32_t addr, bool in_use, uint64_t now_ms);

/* Is @addr waiting for its conflict check? */
bool dhcp_probing(const struct dhcp_server *s, uint32_t addr);

/* Process what has expired by @now_ms; returns how many slots changed state. */
unsigned int dhcp_expire(struct dhcp_server *s, uint64_t now_ms);
/* When the next expiry is due (UINT64_MAX: nothing timed) */
uint64_t dhcp_next_expiry(const struct dhcp_server *s);

/*
 * Call @fn for each static binding, then each pool address that is not
 * plain free (a hint counts): a nonzero return stops and is returned.
 */
int dhcp_lease_foreach(const struct dhcp_server *s, uint64_t now_ms,
		       int (*fn)(void *ctx, const struct dhcp_lease_info *l), void *ctx);
/* The pool addresses that carry something to save: held, hinted or quarantined */
uint32_t dhcp_server_live(const struct dhcp_server *s);

/*
 * Put a lease read back from disk into the table (no hook is called).  A
 * lease whose time has run out comes back as a hint.  Returns 0, or -1
 * with @why when the address is outside the pool or reserved.
 */
int dhcp_lease_restore(struct dhcp_server *s, const struct dhcp_lease_info *l, uint64_t now_ms,
		       const char **why);

/* Check every internal invariant (tests, fuzzing): 0, or -1 with @why */
int dhcp_server_check(const struct dhcp_server *s, const char **why);

const char *dhcp_lease_state_name(enum dhcp_lease_state state);

#endif /* HN_LEASES_H */
