// SPDX-License-Identifier: GPL-2.0
/*
 * The DHCP server's lease table and its answer to each message type
 * (RFC 2131 4.3).  leases.h describes the structures and the design.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "leases.h"

#define ARP_HRD_ETHER 1
#define ETH_ALEN      6

/* A pool address. */
struct dhcp_slot {
	struct dhcp_key key; /* its client, or its last one (a hint); len 0: none */
	uint8_t state;	     /* enum dhcp_lease_state */
	uint8_t htype, hlen;
	uint8_t hw[DHCP_CHADDR_LEN];
	char name[DHCP_NAME_MAX];
	uint32_t lease_s;
	uint64_t expires_ms;
	uint32_t heap_pos;   /* DHCP_NIL when not timed */
	uint32_t prev, next; /* the free list, when FREE */
};

/* One request being answered. */
struct req_ctx {
	struct dhcp_server *s;
	const struct dhcp_msg *m;
	uint64_t now;
	struct dhcp_key key;
	struct dhcp_static *st; /* the client's static binding, or NULL */
	uint32_t slot;		/* the client's pool slot (found by its key), or DHCP_NIL */
	struct dhcp_reply *out;
};

/* ---- hashing: FNV-1a, seeded; chains of element indices ---- */

static uint32_t hash_bytes(uint32_t seed, const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u ^ seed;

	while (len--) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

static int hash_init(struct dhcp_hash *h, uint32_t elems)
{
	uint32_t i, n = 16;

	while (n < elems)
		n <<= 1;
	h->mask = n - 1;
	h->head = malloc(n * sizeof(*h->head));
	h->next = calloc(elems, sizeof(*h->next));
	if (!h->head || !h->next)
		return -1;
	for (i = 0; i < n; i++)
		h->head[i] = DHCP_NIL;
	return 0;
}

static void hash_free(struct dhcp_hash *h)
{
	free(h->head);
	free(h->next);
}

static void hash_add(struct dhcp_hash *h, uint32_t hv, uint32_t i)
{
	h->next[i] = h->head[hv & h->mask];
	h->head[hv & h->mask] = i;
}

static void hash_del(struct dhcp_hash *h, uint32_t hv, uint32_t i)
{
	uint32_t *p = &h->head[hv & h->mask];

	while (*p != DHCP_NIL && *p != i)
		p = &h->next[*p];
	if (*p == i)
		*p = h->next[i];
}

static uint32_t key_hash(const struct dhcp_server *s, const struct dhcp_key *k)
{
	return hash_bytes(s->cfg.hash_seed ^ k->kind, k->data, k->len);
}

static bool key_equal(const struct dhcp_key *a, const struct dhcp_key *b)
{
	return a->kind == b->kind && a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static uint32_t find_key(const struct dhcp_server *s, const struct dhcp_key *k)
{
	uint32_t i = s->by_key.head[key_hash(s, k) & s->by_key.mask];

	while (i != DHCP_NIL && !key_equal(&s->slots[i].key, k))
		i = s->by_key.next[i];
	return i;
}

static uint32_t mac_hash(const struct dhcp_server *s, const uint8_t *mac)
{
	return hash_bytes(s->cfg.hash_seed, mac, ETH_ALEN);
}

static uint32_t addr_hash(const struct dhcp_server *s, uint32_t addr)
{
	return hash_bytes(s->cfg.hash_seed, &addr, sizeof(addr));
}

static uint32_t find_static_mac(const struct dhcp_server *s, const uint8_t *mac)
{
	uint32_t i = s->static_by_mac.head[mac_hash(s, mac) & s->static_by_mac.mask];

	while (i != DHCP_NIL && memcmp(s->statics[i].mac, mac, ETH_ALEN))
		i = s->static_by_mac.next[i];
	return i;
}

static uint32_t find_static_addr(const struct dhcp_server *s, uint32_t addr)
{
	uint32_t i = s->static_by_addr.head[addr_hash(s, addr) & s->static_by_addr.mask];

	while (i != DHCP_NIL && s->statics[i].addr != addr)
		i = s->static_by_addr.next[i];
	return i;
}

/* ---- the expiry heap: timed slots, earliest first ---- */

static bool timed(uint8_t state)
{
	return state == DHCP_LEASE_PROBING || state == DHCP_LEASE_OFFERED ||
	       state == DHCP_LEASE_BOUND || state == DHCP_LEASE_DECLINED;
}

/* Held for a client: such a slot always has a key. */
static bool held(uint8_t state)
{
	return state == DHCP_LEASE_PROBING || state == DHCP_LEASE_OFFERED ||
	       state == DHCP_LEASE_BOUND;
}

static uint64_t heap_expiry(const struct dhcp_server *s, uint32_t pos)
{
	return s->slots[s->heap[pos]].expires_ms;
}

static void heap_place(struct dhcp_server *s, uint32_t pos, uint32_t i)
{
	s->heap[pos] = i;
	s->slots[i].heap_pos = pos;
}

static void heap_up(struct dhcp_server *s, uint32_t pos)
{
	uint32_t i = s->heap[pos];
	uint64_t e = s->slots[i].expires_ms;

	while (pos > 0 && heap_expiry(s, (pos - 1) / 2) > e) {
		heap_place(s, pos, s->heap[(pos - 1) / 2]);
		pos = (pos - 1) / 2;
	}
	heap_place(s, pos, i);
}

static void heap_down(struct dhcp_server *s, uint32_t pos)
{
	uint32_t c, i = s->heap[pos];
	uint64_t e = s->slots[i].expires_ms;

	while ((c = 2 * pos + 1) < s->heap_len) {
		if (c + 1 < s->heap_len && heap_expiry(s, c + 1) < heap_expiry(s, c))
			c++;
		if (e <= heap_expiry(s, c))
			break;
		heap_place(s, pos, s->heap[c]);
		pos = c;
	}
	heap_place(s, pos, i);
}

/* Put slot @i in the heap, or move it there after its expiry changed. */
static void heap_set(struct dhcp_server *s, uint32_t i)
{
	if (s->slots[i].heap_pos == DHCP_NIL)
		heap_place(s, s->heap_len++, i);
	heap_up(s, s->slots[i].heap_pos);
	heap_down(s, s->slots[i].heap_pos);
}

static void heap_del(struct dhcp_server *s, uint32_t i)
{
	uint32_t last, pos = s->slots[i].heap_pos;

	if (pos == DHCP_NIL)
		return;
	s->slots[i].heap_pos = DHCP_NIL;
	last = s->heap[--s->heap_len];
	if (pos == s->heap_len)
		return;
	heap_place(s, pos, last);
	heap_up(s, pos);
	heap_down(s, s->slots[last].heap_pos);
}

/* ---- the free list: given from the head, freed to the tail ---- */

static void free_push(struct dhcp_server *s, uint32_t i)
{
	struct dhcp_slot *sl = &s->slots[i];

	sl->prev = s->free_tail;
	sl->next = DHCP_NIL;
	if (s->free_tail != DHCP_NIL)
		s->slots[s->free_tail].next = i;
	else
		s->free_head = i;
	s->free_tail = i;
}

static void free_del(struct dhcp_server *s, uint32_t i)
{
	struct dhcp_slot *sl = &s->slots[i];

	if (sl->prev != DHCP_NIL)
		s->slots[sl->prev].next = sl->next;
	else
		s->free_head = sl->next;
	if (sl->next != DHCP_NIL)
		s->slots[sl->next].prev = sl->prev;
	else
		s->free_tail = sl->prev;
	sl->prev = sl->next = DHCP_NIL;
}

/* ---- a slot's state and owner: the only places that change them ---- */

static void slot_set_state(struct dhcp_server *s, uint32_t i, enum dhcp_lease_state state,
			   uint64_t expires_ms)
{
	struct dhcp_slot *sl = &s->slots[i];

	if (sl->state == DHCP_LEASE_FREE)
		free_del(s, i);
	if (state == DHCP_LEASE_FREE)
		free_push(s, i);
	s->n_state[sl->state]--;
	s->n_state[state]++;
	sl->state = (uint8_t)state;
	sl->expires_ms = timed(state) ? expires_ms : 0;
	if (timed(state))
		heap_set(s, i);
	else
		heap_del(s, i);
}

static void slot_clear_owner(struct dhcp_server *s, uint32_t i)
{
	struct dhcp_slot *sl = &s->slots[i];

	if (!sl->key.len)
		return;
	hash_del(&s->by_key, key_hash(s, &sl->key), i);
	memset(&sl->key, 0, sizeof(sl->key));
	s->n_keyed--;
}

/* Give slot @i to @key; the key's previous slot loses it, and its hold. */
static void slot_set_owner(struct dhcp_server *s, uint32_t i, const struct dhcp_key *key)
{
	uint32_t j = find_key(s, key);

	if (j == i)
		return;
	if (j != DHCP_NIL) {
		slot_clear_owner(s, j);
		if (held(s->slots[j].state))
			slot_set_state(s, j, DHCP_LEASE_FREE, 0);
	}
	slot_clear_owner(s, i);
	s->slots[i].key = *key;
	hash_add(&s->by_key, key_hash(s, key), i);
	s->n_keyed++;
}

static uint32_t slot_addr(const struct dhcp_server *s, uint32_t i)
{
	return htonl(s->pool_base + i);
}

/* The pool slot of @addr, or DHCP_NIL outside the pool */
static uint32_t addr_slot(const struct dhcp_server *s, uint32_t addr)
{
	uint32_t off = ntohl(addr) - s->pool_base;

	return off < s->pool_size ? off : DHCP_NIL;
}

static void slot_info(const struct dhcp_server *s, uint32_t i, struct dhcp_lease_info *l)
{
	const struct dhcp_slot *sl = &s->slots[i];

	memset(l, 0, sizeof(*l));
	l->addr = slot_addr(s, i);
	l->state = sl->state;
	l->expires_ms = sl->expires_ms;
	l->lease_s = sl->lease_s;
	l->key = sl->key;
	l->htype = sl->htype;
	l->hlen = sl->hlen;
	memcpy(l->hw, sl->hw, sizeof(l->hw));
	memcpy(l->name, sl->name, sizeof(l->name));
}

/* Make slot @i what @l says (its address is @i's). */
static void slot_apply(struct dhcp_server *s, uint32_t i, const struct dhcp_lease_info *l)
{
	struct dhcp_slot *sl = &s->slots[i];

	if (l->key.len)
		slot_set_owner(s, i, &l->key);
	else
		slot_clear_owner(s, i);
	sl->htype = l->htype;
	sl->hlen = l->hlen;
	memcpy(sl->hw, l->hw, sizeof(sl->hw));
	memcpy(sl->name, l->name, sizeof(sl->name));
	sl->lease_s = l->lease_s;
	slot_set_state(s, i, l->state, l->expires_ms);
}

static int notify(struct dhcp_server *s, enum dhcp_event ev, const struct dhcp_lease_info *l,
		  uint64_t now)
{
	if (!s->hooks.lease_changed)
		return 0;
	return s->hooks.lease_changed(s->hooks.ctx, ev, l, now);
}

/* Rest slot @i in quarantine: declined, or found in use by a probe. */
static void quarantine(struct dhcp_server *s, uint32_t i, uint64_t now)
{
	struct dhcp_lease_info l;

	slot_info(s, i, &l);
	memset(&l.key, 0, sizeof(l.key));
	memset(l.name, 0, sizeof(l.name));
	l.state = DHCP_LEASE_DECLINED;
	l.expires_ms = now + s->cfg.decline_hold_ms;
	l.lease_s = 0;
	notify(s, DHCP_EV_DECLINE, &l, now);
	slot_apply(s, i, &l);
}

/* Free slot @i; its client stays as a hint unless @forget. */
static void release(struct dhcp_server *s, uint32_t i, bool forget, uint64_t now)
{
	struct dhcp_lease_info l;

	slot_info(s, i, &l);
	l.state = DHCP_LEASE_FREE;
	l.expires_ms = 0;
	if (forget)
		memset(&l.key, 0, sizeof(l.key));
	notify(s, DHCP_EV_RELEASE, &l, now);
	slot_apply(s, i, &l);
}

/* ---- the client of a request ---- */

static bool in_subnet(const struct dhcp_server *s, uint32_t addr)
{
	return ((addr ^ s->cfg.params.server_id) & s->cfg.params.netmask) == 0;
}

static void hw_key(const struct dhcp_msg *m, struct dhcp_key *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = DHCP_KEY_HW;
	k->len = (uint8_t)(1 + m->hlen);
	k->data[0] = m->htype;
	memcpy(k->data + 1, m->chaddr, m->hlen);
}

/* Option 61 when it fits a key, else htype + chaddr; false when there is neither. */
static bool client_key(const struct dhcp_msg *m, struct dhcp_key *k)
{
	const uint8_t *id;
	size_t len;

	id = dhcp_opt_get(m, DHCP_OPT_CLIENT_ID, &len);
	if (id && len <= DHCP_KEY_MAX) {
		memset(k, 0, sizeof(*k));
		k->kind = DHCP_KEY_CLIENT_ID;
		k->len = (uint8_t)len;
		memcpy(k->data, id, len);
		return true;
	}
	if (!m->hlen)
		return false;
	hw_key(m, k);
	return true;
}

/*
 * The client's slot.  A lease made under the hardware address alone is
 * taken over when the same client now sends a client id (a PXE stage,
 * then the OS): the lease follows the client id from then on.
 */
static uint32_t client_slot(struct req_ctx *c)
{
	struct dhcp_key hw;
	uint32_t i = find_key(c->s, &c->key);

	if (i != DHCP_NIL || c->key.kind != DHCP_KEY_CLIENT_ID || !c->m->hlen)
		return i;
	hw_key(c->m, &hw);
	i = find_key(c->s, &hw);
	if (i != DHCP_NIL)
		slot_set_owner(c->s, i, &c->key);
	return i;
}

static struct dhcp_static *client_static(struct dhcp_server *s, const struct dhcp_msg *m)
{
	uint32_t i;

	if (m->htype != ARP_HRD_ETHER || m->hlen != ETH_ALEN)
		return NULL;
	i = find_static_mac(s, m->chaddr);
	return i == DHCP_NIL ? NULL : &s->statics[i];
}

/* A host name from option 12, kept to letters, digits, '-', '_' and '.' */
static void copy_hostname(char *dst, const uint8_t *src, size_t len)
{
	size_t i, n = len < DHCP_NAME_MAX - 1 ? len : DHCP_NAME_MAX - 1;

	for (i = 0; i < n; i++) {
		uint8_t ch = src[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';

		dst[i] = ok ? (char)ch : '-';
	}
	dst[n] = '\0';
}

/* The static binding's name, else the one the client sends, else the one it had. */
static void client_name(const struct req_ctx *c, char *name)
{
	const uint8_t *v;
	size_t len;

	if (c->st && c->st->name[0]) {
		memcpy(name, c->st->name, DHCP_NAME_MAX);
	} else if ((v = dhcp_opt_get(c->m, DHCP_OPT_HOSTNAME, &len))) {
		copy_hostname(name, v, len);
	} else if (c->slot != DHCP_NIL) {
		memcpy(name, c->s->slots[c->slot].name, DHCP_NAME_MAX);
	}
}

/* What the client would hold at @addr. */
static void client_info(const struct req_ctx *c, uint32_t addr, enum dhcp_lease_state state,
			uint64_t expires_ms, uint32_t lease_s, struct dhcp_lease_info *l)
{
	memset(l, 0, sizeof(*l));
	l->addr = addr;
	l->state = state;
	l->is_static = c->st != NULL;
	l->expires_ms = expires_ms;
	l->lease_s = lease_s;
	l->key = c->key;
	l->htype = c->m->htype;
	l->hlen = c->m->hlen;
	memcpy(l->hw, c->m->chaddr, sizeof(l->hw));
	client_name(c, l->name);
}

/* The server's lease time (or the binding's), or the client's when it asks for less. */
static uint32_t lease_time(const struct req_ctx *c)
{
	uint32_t t = c->st && c->st->lease_s ? c->st->lease_s : c->s->cfg.lease_s;
	uint32_t want = c->m->lease_time;

	if (want && want < t)
		t = want < DHCP_LEASE_MIN_S ? DHCP_LEASE_MIN_S : want;
	return t;
}

/* ---- replies ---- */

static enum dhcp_action none(struct req_ctx *c, const char *why)
{
	c->out->action = DHCP_ACT_NONE;
	c->out->why = why;
	return DHCP_ACT_NONE;
}

/* RFC 2131 4.1: where a reply goes. */
static void set_dest(struct req_ctx *c)
{
	struct dhcp_reply *r = c->out;
	const struct dhcp_msg *m = c->m;

	r->dest = DHCP_DEST_BROADCAST;
	r->dest_addr = htonl(INADDR_BROADCAST);
	r->dest_port = DHCP_CLIENT_PORT;
	if (m->giaddr) {
		r->dest = DHCP_DEST_RELAY;
		r->dest_addr = m->giaddr;
		r->dest_port = DHCP_SERVER_PORT;
	} else if (r->type == DHCPNAK) {
		return;
	} else if (m->ciaddr) {
		r->dest = DHCP_DEST_UNICAST;
		r->dest_addr = m->ciaddr;
	} else if (m->flags & DHCP_FLAG_BROADCAST) {
		return;
	} else if (r->yiaddr && m->htype == ARP_HRD_ETHER && m->hlen == ETH_ALEN) {
		r->dest = DHCP_DEST_UNICAST_HW;
		r->dest_addr = r->yiaddr;
	}
}

static enum dhcp_action reply(struct req_ctx *c, uint8_t type, uint32_t yiaddr, uint32_t lease_s,
			      const char *why)
{
	struct dhcp_reply *r = c->out;

	r->action = DHCP_ACT_SEND;
	r->why = why;
	r->type = type;
	r->yiaddr = yiaddr;
	r->ciaddr = type == DHCPACK ? c->m->ciaddr : 0;
	r->lease_s = lease_s;
	if (type == DHCPNAK)
		r->message = why;
	set_dest(c);
	c->s->stats.tx[type]++;
	return DHCP_ACT_SEND;
}

static enum dhcp_action nak(struct req_ctx *c, const char *why)
{
	return reply(c, DHCPNAK, 0, 0, why);
}

/* ACK @addr to the client, once the hook has saved the lease. */
static enum dhcp_action grant(struct req_ctx *c, uint32_t addr)
{
	uint32_t lease_s = lease_time(c);
	struct dhcp_lease_info l;

	client_info(c, addr, DHCP_LEASE_BOUND, c->now + lease_s * 1000ull, lease_s, &l);
	if (notify(c->s, DHCP_EV_GRANT, &l, c->now) < 0) {
		c->out->rapid_commit = false;
		return none(c, "the lease could not be saved");
	}
	if (c->st) {
		c->st->expires_ms = l.expires_ms;
		/* a dynamic lease from before the binding is not needed any more */
		if (c->slot != DHCP_NIL)
			release(c->s, c->slot, true, c->now);
	} else {
		slot_apply(c->s, c->slot, &l);
	}
	return reply(c, DHCPACK, addr, lease_s, "lease granted");
}

/* OFFER @addr; with rapid commit (RFC 4039) asked for and allowed, ACK it at once. */
static enum dhcp_action offer(struct req_ctx *c, uint32_t addr)
{
	size_t len;

	if (c->s->cfg.rapid_commit && dhcp_opt_get(c->m, DHCP_OPT_RAPID_COMMIT, &len)) {
		c->out->rapid_commit = true;
		return grant(c, addr);
	}
	return reply(c, DHCPOFFER, addr, lease_time(c), "address offered");
}

static enum dhcp_action probe(struct req_ctx *c, uint32_t i)
{
	c->out->action = DHCP_ACT_PROBE;
	c->out->why = "check the address is unused before offering it";
	c->out->probe_addr = slot_addr(c->s, i);
	c->s->stats.probes++;
	return DHCP_ACT_PROBE;
}

/* Hold slot @i for the client, as its offer (or its probe). */
static void hold(struct req_ctx *c, uint32_t i, enum dhcp_lease_state state)
{
	struct dhcp_lease_info l;

	client_info(c, slot_addr(c->s, i), state, c->now + c->s->cfg.offer_hold_ms, 0, &l);
	slot_apply(c->s, i, &l);
	c->slot = i;
}

/* A new address for a client: the one it asks for if free, else the free list's first. */
static uint32_t choose_free(const struct req_ctx *c)
{
	uint32_t i = c->m->requested_ip ? addr_slot(c->s, c->m->requested_ip) : DHCP_NIL;

	if (i != DHCP_NIL && c->s->slots[i].state == DHCP_LEASE_FREE)
		return i;
	return c->s->free_head;
}

/* ---- one handler per message type ---- */

/*
 * DISCOVER (RFC 2131 4.3.1): the static address; else the client's
 * current, offered or previous one; else the one it asks for if free;
 * else a free one, conflict-checked first.
 */
static enum dhcp_action handle_discover(struct req_ctx *c)
{
	struct dhcp_server *s = c->s;
	uint32_t i = c->slot;

	if (c->st)
		return offer(c, c->st->addr);
	if (i == DHCP_NIL) {
		i = choose_free(c);
		if (i == DHCP_NIL) {
			s->stats.exhausted++;
			return none(c, "no free address in the pool");
		}
		hold(c, i, s->cfg.probe ? DHCP_LEASE_PROBING : DHCP_LEASE_OFFERED);
		c->out->probe_new = true;
	} else if (s->slots[i].state == DHCP_LEASE_FREE ||
		   s->slots[i].state == DHCP_LEASE_OFFERED) {
		hold(c, i, DHCP_LEASE_OFFERED);
	}
	if (s->slots[i].state == DHCP_LEASE_PROBING)
		return probe(c, i);
	return offer(c, slot_addr(s, i));
}

/* ACK @addr when it is the client's to have, else NAK: this server is authoritative. */
static enum dhcp_action confirm(struct req_ctx *c, uint32_t addr)
{
	uint32_t i = c->slot;

	if (c->st)
		return addr == c->st->addr ? grant(c, addr)
					   : nak(c, "this client has another address");
	if (!in_subnet(c->s, addr))
		return nak(c, "requested address is not on this network");
	if (i == DHCP_NIL || slot_addr(c->s, i) != addr ||
	    c->s->slots[i].state == DHCP_LEASE_PROBING)
		return nak(c, "requested address is not leased to this client");
	return grant(c, addr);
}

/* SELECTING, to another server: the offer we made is free again. */
static enum dhcp_action withdraw_offer(struct req_ctx *c)
{
	uint32_t i = c->slot;

	if (i != DHCP_NIL && (c->s->slots[i].state == DHCP_LEASE_OFFERED ||
			      c->s->slots[i].state == DHCP_LEASE_PROBING))
		slot_set_state(c->s, i, DHCP_LEASE_FREE, 0);
	return none(c, "the client chose another server");
}

/*
 * REQUEST (RFC 2131 4.3.2), by the client's state: SELECTING carries our
 * server id or another's; INIT-REBOOT a requested address; RENEWING
 * (unicast) and REBINDING (broadcast) only ciaddr.
 */
static enum dhcp_action handle_request(struct req_ctx *c)
{
	const struct dhcp_msg *m = c->m;

	if (m->server_id) {
		if (m->server_id != c->s->cfg.params.server_id)
			return withdraw_offer(c);
		return confirm(c, m->requested_ip ? m->requested_ip : m->ciaddr);
	}
	if (m->requested_ip)
		return confirm(c, m->requested_ip);
	if (m->ciaddr)
		return confirm(c, m->ciaddr);
	return none(c, "REQUEST without server id, requested address or ciaddr");
}

static bool for_other_server(const struct req_ctx *c)
{
	return c->m->server_id && c->m->server_id != c->s->cfg.params.server_id;
}

/* Is @addr the client's pool lease (held in any way)? */
static bool clients_slot(const struct req_ctx *c, uint32_t addr)
{
	return c->slot != DHCP_NIL && slot_addr(c->s, c->slot) == addr &&
	       held(c->s->slots[c->slot].state);
}

/* DECLINE (RFC 2131 4.3.3): another host has the address; rest it, the client starts over. */
static enum dhcp_action handle_decline(struct req_ctx *c)
{
	if (for_other_server(c))
		return none(c, "DECLINE for another server");
	if (c->st && c->m->requested_ip == c->st->addr)
		return none(c, "static address declined: another host uses it");
	if (!clients_slot(c, c->m->requested_ip))
		return none(c, "DECLINE of an address not leased to this client");
	quarantine(c->s, c->slot, c->now);
	c->s->stats.declines++;
	return none(c, "declined address quarantined");
}

/* RELEASE (RFC 2131 4.3.4): free the lease; the client is remembered as a hint. */
static enum dhcp_action handle_release(struct req_ctx *c)
{
	struct dhcp_lease_info l;

	if (for_other_server(c))
		return none(c, "RELEASE for another server");
	if (c->st && c->m->ciaddr == c->st->addr) {
		c->st->expires_ms = 0;
		client_info(c, c->st->addr, DHCP_LEASE_FREE, 0, 0, &l);
		notify(c->s, DHCP_EV_RELEASE, &l, c->now);
		return none(c, "static lease released");
	}
	if (!clients_slot(c, c->m->ciaddr) || c->s->slots[c->slot].state != DHCP_LEASE_BOUND)
		return none(c, "RELEASE of an address not leased to this client");
	release(c->s, c->slot, false, c->now);
	return none(c, "lease released");
}

/* INFORM (RFC 2131 4.3.5): the options, no lease. */
static enum dhcp_action handle_inform(struct req_ctx *c)
{
	return reply(c, DHCPACK, 0, 0, "configuration given");
}

static enum dhcp_action (*const handlers[])(struct req_ctx *c) = {
	[DHCPDISCOVER] = handle_discover,
	[DHCPREQUEST] = handle_request,
	[DHCPDECLINE] = handle_decline,
	[DHCPRELEASE] = handle_release,
};

enum dhcp_action dhcp_handle(struct dhcp_server *s, const struct dhcp_msg *req, uint64_t now_ms,
			     struct dhcp_reply *out)
{
	struct req_ctx c = { .s = s, .m = req, .now = now_ms, .slot = DHCP_NIL, .out = out };

	memset(out, 0, sizeof(*out));
	dhcp_expire(s, now_ms);
	s->stats.rx[req->type <= DHCPINFORM ? req->type : 0]++;
	if (req->op != BOOTREQUEST)
		return none(&c, "not a BOOTREQUEST");
	if (!req->type)
		return none(&c, "BOOTP request (no DHCP message type)");
	if (req->giaddr && !in_subnet(s, req->giaddr))
		return none(&c, "relayed from a network this server does not serve");
	c.st = client_static(s, req);
	if (c.st && c.st->ignore)
		return none(&c, "host is ignored");
	if (req->type == DHCPINFORM)
		return handle_inform(&c);
	if (req->type >= sizeof(handlers) / sizeof(handlers[0]) || !handlers[req->type])
		return none(&c, "not a message a client sends");
	if (!client_key(req, &c.key))
		return none(&c, "no client identifier and no hardware address");
	c.slot = client_slot(&c);
	return handlers[req->type](&c);
}

/* ---- timers, probes ---- */

bool dhcp_probing(const struct dhcp_server *s, uint32_t addr)
{
	uint32_t i = addr_slot(s, addr);

	return i != DHCP_NIL && s->slots[i].state == DHCP_LEASE_PROBING;
}

void dhcp_probe_done(struct dhcp_server *s, uint32_t addr, bool in_use, uint64_t now_ms)
{
	uint32_t i = addr_slot(s, addr);

	if (i == DHCP_NIL || s->slots[i].state != DHCP_LEASE_PROBING)
		return;
	if (in_use) {
		s->stats.conflicts++;
		quarantine(s, i, now_ms);
	} else {
		slot_set_state(s, i, DHCP_LEASE_OFFERED, now_ms + s->cfg.offer_hold_ms);
	}
}

/* An offer, probe or quarantine ends: free again; a lease ends: a hint. */
static void expire_slot(struct dhcp_server *s, uint32_t i, uint64_t now)
{
	struct dhcp_lease_info l;

	if (s->slots[i].state == DHCP_LEASE_BOUND) {
		slot_info(s, i, &l);
		l.state = DHCP_LEASE_FREE;
		l.expires_ms = 0;
		notify(s, DHCP_EV_EXPIRE, &l, now);
	}
	slot_set_state(s, i, DHCP_LEASE_FREE, 0);
}

unsigned int dhcp_expire(struct dhcp_server *s, uint64_t now_ms)
{
	unsigned int n = 0;

	while (s->heap_len && heap_expiry(s, 0) <= now_ms) {
		expire_slot(s, s->heap[0], now_ms);
		n++;
	}
	return n;
}

uint64_t dhcp_next_expiry(const struct dhcp_server *s)
{
	return s->heap_len ? heap_expiry(s, 0) : UINT64_MAX;
}

/* ---- static bindings ---- */

static const char *check_static(const struct dhcp_server *s, const struct dhcp_static *st)
{
	uint32_t h = ntohl(st->addr);

	if (!in_subnet(s, st->addr) || h == s->net || h == s->bcast)
		return "address is not a host address of the served subnet";
	if (st->addr == s->cfg.params.server_id)
		return "address is the server's own";
	if (st->lease_s && st->lease_s < DHCP_LEASE_MIN_S)
		return "lease time is shorter than 60 s";
	if (find_static_mac(s, st->mac) != DHCP_NIL)
		return "MAC address already has a static binding";
	if (find_static_addr(s, st->addr) != DHCP_NIL)
		return "address already belongs to another static binding";
	if (s->n_statics >= DHCP_STATIC_MAX)
		return "too many static bindings";
	return NULL;
}

int dhcp_static_add(struct dhcp_server *s, const struct dhcp_static *st, uint64_t now_ms,
		    const char **why)
{
	uint32_t i = 0, j;

	*why = check_static(s, st);
	if (*why)
		return -1;
	while (s->static_used[i])
		i++;
	s->statics[i] = *st;
	s->statics[i].name[DHCP_NAME_MAX - 1] = '\0';
	s->statics[i].expires_ms = 0;
	s->static_used[i] = 1;
	s->n_statics++;
	hash_add(&s->static_by_mac, mac_hash(s, st->mac), i);
	hash_add(&s->static_by_addr, addr_hash(s, st->addr), i);
	j = addr_slot(s, st->addr);
	if (j == DHCP_NIL)
		return 0;
	/* the binding wins: a lease on its address ends now */
	if (held(s->slots[j].state))
		release(s, j, true, now_ms);
	slot_clear_owner(s, j);
	slot_set_state(s, j, DHCP_LEASE_RESERVED, 0);
	return 0;
}

int dhcp_static_del(struct dhcp_server *s, const uint8_t mac[6])
{
	uint32_t i = find_static_mac(s, mac), j;

	if (i == DHCP_NIL)
		return -1;
	hash_del(&s->static_by_mac, mac_hash(s, mac), i);
	hash_del(&s->static_by_addr, addr_hash(s, s->statics[i].addr), i);
	s->static_used[i] = 0;
	s->n_statics--;
	j = addr_slot(s, s->statics[i].addr);
	if (j != DHCP_NIL)
		slot_set_state(s, j, DHCP_LEASE_FREE, 0);
	return 0;
}

const struct dhcp_static *dhcp_static_find(const struct dhcp_server *s, const uint8_t mac[6])
{
	uint32_t i = find_static_mac(s, mac);

	return i == DHCP_NIL ? NULL : &s->statics[i];
}

/* ---- iteration, persistence ---- */

static void static_info(const struct dhcp_server *s, uint32_t i, uint64_t now,
			struct dhcp_lease_info *l)
{
	const struct dhcp_static *st = &s->statics[i];

	memset(l, 0, sizeof(*l));
	l->addr = st->addr;
	l->is_static = true;
	l->state = st->expires_ms > now ? DHCP_LEASE_BOUND : DHCP_LEASE_RESERVED;
	l->expires_ms = st->expires_ms;
	l->lease_s = st->lease_s ? st->lease_s : s->cfg.lease_s;
	l->key.kind = DHCP_KEY_HW;
	l->key.len = 1 + ETH_ALEN;
	l->key.data[0] = ARP_HRD_ETHER;
	memcpy(l->key.data + 1, st->mac, ETH_ALEN);
	l->htype = ARP_HRD_ETHER;
	l->hlen = ETH_ALEN;
	memcpy(l->hw, st->mac, ETH_ALEN);
	memcpy(l->name, st->name, sizeof(l->name));
}

int dhcp_lease_foreach(const struct dhcp_server *s, uint64_t now_ms,
		       int (*fn)(void *ctx, const struct dhcp_lease_info *l), void *ctx)
{
	struct dhcp_lease_info l;
	uint32_t i;
	int ret;

	for (i = 0; i < DHCP_STATIC_MAX; i++) {
		if (!s->static_used[i])
			continue;
		static_info(s, i, now_ms, &l);
		if ((ret = fn(ctx, &l)))
			return ret;
	}
	for (i = 0; i < s->pool_size; i++) {
		const struct dhcp_slot *sl = &s->slots[i];

		if (sl->state == DHCP_LEASE_RESERVED ||
		    (sl->state == DHCP_LEASE_FREE && !sl->key.len))
			continue;
		slot_info(s, i, &l);
		if ((ret = fn(ctx, &l)))
			return ret;
	}
	return 0;
}

uint32_t dhcp_server_live(const struct dhcp_server *s)
{
	return s->n_keyed + s->n_state[DHCP_LEASE_DECLINED];
}

static const char *check_restore(const struct dhcp_server *s, const struct dhcp_lease_info *l)
{
	uint32_t i = addr_slot(s, l->addr);

	if (i == DHCP_NIL)
		return "address is outside the pool";
	if (s->slots[i].state == DHCP_LEASE_RESERVED)
		return "address is reserved (a static binding or the server's)";
	if (l->state != DHCP_LEASE_FREE && l->state != DHCP_LEASE_BOUND &&
	    l->state != DHCP_LEASE_DECLINED)
		return "state cannot be restored";
	if (l->key.len > DHCP_KEY_MAX || l->hlen > DHCP_CHADDR_LEN ||
	    (l->key.len && l->key.kind != DHCP_KEY_HW && l->key.kind != DHCP_KEY_CLIENT_ID))
		return "client key is malformed";
	if (l->state == DHCP_LEASE_BOUND && !l->key.len)
		return "bound lease without a client";
	return NULL;
}

/*
 * A saved lease of a static binding (its MAC and address): the end of its
 * last ACK comes back.  False when @l is not one; one of a binding that
 * has changed since is dropped.
 */
static bool restore_static(struct dhcp_server *s, const struct dhcp_lease_info *l, uint64_t now_ms)
{
	struct dhcp_static *st;

	if (l->hlen != 6 || !s->n_statics)
		return false;
	st = (struct dhcp_static *)dhcp_static_find(s, l->hw);
	if (!st || st->addr != l->addr)
		return false;
	st->expires_ms = l->state == DHCP_LEASE_BOUND && l->expires_ms > now_ms ? l->expires_ms : 0;
	return true;
}

int dhcp_lease_restore(struct dhcp_server *s, const struct dhcp_lease_info *l, uint64_t now_ms,
		       const char **why)
{
	struct dhcp_lease_info v = *l;

	if (restore_static(s, l, now_ms))
		return 0;
	*why = check_restore(s, l);
	if (*why)
		return -1;
	v.is_static = false;
	v.name[DHCP_NAME_MAX - 1] = '\0';
	if (v.state == DHCP_LEASE_DECLINED)
		memset(&v.key, 0, sizeof(v.key));
	if (v.state != DHCP_LEASE_FREE && v.expires_ms <= now_ms)
		v.state = DHCP_LEASE_FREE;
	slot_apply(s, addr_slot(s, l->addr), &v);
	return 0;
}

/* ---- setup ---- */

void dhcp_config_init(struct dhcp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->lease_s = 12 * 3600;
	cfg->offer_hold_ms = 30 * 1000;
	cfg->decline_hold_ms = 10 * 60 * 1000;
	cfg->probe = true;
}

static const char *check_config(const struct dhcp_config *c)
{
	uint32_t mask = ntohl(c->params.netmask), first = ntohl(c->pool_first);
	uint32_t last = ntohl(c->pool_last), net = c->params.server_id & c->params.netmask;

	if (!c->params.server_id)
		return "no server address";
	if ((~mask & (~mask + 1)) || (~mask) < 3)
		return "netmask is not a contiguous prefix of /30 or shorter";
	if (first > last)
		return "pool's first address is after its last";
	if (last - first >= DHCP_POOL_MAX)
		return "pool is larger than 262144 addresses";
	if ((c->pool_first & c->params.netmask) != net || (c->pool_last & c->params.netmask) != net)
		return "pool is not inside the server's subnet";
	if (c->lease_s < DHCP_LEASE_MIN_S)
		return "lease time is shorter than 60 s";
	if (c->params.n_dns > DHCP_DNS_MAX)
		return "more than 8 DNS servers";
	if (!memchr(c->params.domain, '\0', sizeof(c->params.domain)))
		return "domain name is longer than 253";
	return NULL;
}

static int alloc_tables(struct dhcp_server *s)
{
	s->slots = calloc(s->pool_size, sizeof(*s->slots));
	s->heap = calloc(s->pool_size, sizeof(*s->heap));
	s->statics = calloc(DHCP_STATIC_MAX, sizeof(*s->statics));
	s->static_used = calloc(DHCP_STATIC_MAX, 1);
	if (!s->slots || !s->heap || !s->statics || !s->static_used)
		return -1;
	if (hash_init(&s->by_key, s->pool_size) < 0 ||
	    hash_init(&s->static_by_mac, DHCP_STATIC_MAX) < 0 ||
	    hash_init(&s->static_by_addr, DHCP_STATIC_MAX) < 0)
		return -1;
	return 0;
}

/* Every slot free, in address order, but the server's, the network's and broadcast. */
static void init_slots(struct dhcp_server *s)
{
	uint32_t i;

	s->free_head = s->free_tail = DHCP_NIL;
	for (i = 0; i < s->pool_size; i++) {
		uint32_t h = s->pool_base + i;
		struct dhcp_slot *sl = &s->slots[i];

		sl->heap_pos = sl->prev = sl->next = DHCP_NIL;
		if (h == s->net || h == s->bcast || htonl(h) == s->cfg.params.server_id) {
			sl->state = DHCP_LEASE_RESERVED;
		} else {
			sl->state = DHCP_LEASE_FREE;
			free_push(s, i);
		}
		s->n_state[sl->state]++;
	}
}

int dhcp_server_init(struct dhcp_server *s, const struct dhcp_config *cfg, const char **why)
{
	uint32_t mask = ntohl(cfg->params.netmask);

	memset(s, 0, sizeof(*s));
	*why = check_config(cfg);
	if (*why)
		return -1;
	s->cfg = *cfg;
	s->pool_base = ntohl(cfg->pool_first);
	s->pool_size = ntohl(cfg->pool_last) - s->pool_base + 1;
	s->net = ntohl(cfg->params.server_id) & mask;
	s->bcast = s->net | ~mask;
	if (alloc_tables(s) < 0) {
		dhcp_server_free(s);
		*why = "out of memory";
		return -1;
	}
	init_slots(s);
	return 0;
}

void dhcp_server_free(struct dhcp_server *s)
{
	free(s->slots);
	free(s->heap);
	free(s->statics);
	free(s->static_used);
	hash_free(&s->by_key);
	hash_free(&s->static_by_mac);
	hash_free(&s->static_by_addr);
	memset(s, 0, sizeof(*s));
}

const char *dhcp_lease_state_name(enum dhcp_lease_state state)
{
	static const char *const names[] = {
		[DHCP_LEASE_FREE] = "free",	    [DHCP_LEASE_PROBING] = "probing",
		[DHCP_LEASE_OFFERED] = "offered",   [DHCP_LEASE_BOUND] = "bound",
		[DHCP_LEASE_DECLINED] = "declined", [DHCP_LEASE_RESERVED] = "reserved",
	};

	return (unsigned int)state < DHCP_LEASE_STATES ? names[state] : "unknown";
}

/* ---- self-check ---- */

static const char *check_slot(const struct dhcp_server *s, uint32_t i)
{
	const struct dhcp_slot *sl = &s->slots[i];

	if (sl->state >= DHCP_LEASE_STATES)
		return "a slot has a bad state";
	if (sl->key.len && find_key(s, &sl->key) != i)
		return "a client's key does not find its slot";
	if (held(sl->state) && !sl->key.len)
		return "a held slot has no client";
	if ((sl->state == DHCP_LEASE_DECLINED || sl->state == DHCP_LEASE_RESERVED) && sl->key.len)
		return "a quarantined or reserved slot has a client";
	if (timed(sl->state) != (sl->heap_pos != DHCP_NIL))
		return "a slot is in the heap, or out of it, by mistake";
	if (sl->heap_pos != DHCP_NIL && (sl->heap_pos >= s->heap_len || s->heap[sl->heap_pos] != i))
		return "a slot's heap position is wrong";
	return NULL;
}

static const char *check_slots(const struct dhcp_server *s)
{
	uint32_t n[DHCP_LEASE_STATES] = { 0 }, keyed = 0, i;
	const char *why;

	for (i = 0; i < s->pool_size; i++) {
		if ((why = check_slot(s, i)))
			return why;
		n[s->slots[i].state]++;
		keyed += s->slots[i].key.len != 0;
	}
	if (memcmp(n, s->n_state, sizeof(n)) || keyed != s->n_keyed)
		return "the counts of states or clients are wrong";
	for (i = 1; i < s->heap_len; i++)
		if (heap_expiry(s, (i - 1) / 2) > heap_expiry(s, i))
			return "the heap is out of order";
	return NULL;
}

static const char *check_free_list(const struct dhcp_server *s)
{
	uint32_t n = 0, prev = DHCP_NIL, i;

	for (i = s->free_head; i != DHCP_NIL && n <= s->pool_size; i = s->slots[i].next, n++) {
		if (s->slots[i].state != DHCP_LEASE_FREE || s->slots[i].prev != prev)
			return "the free list is broken";
		prev = i;
	}
	if (n != s->n_state[DHCP_LEASE_FREE] || prev != s->free_tail)
		return "the free list does not hold every free slot";
	return NULL;
}

static const char *check_statics(const struct dhcp_server *s)
{
	uint32_t i, j, n = 0;

	for (i = 0; i < DHCP_STATIC_MAX; i++) {
		if (!s->static_used[i])
			continue;
		n++;
		if (find_static_mac(s, s->statics[i].mac) != i ||
		    find_static_addr(s, s->statics[i].addr) != i)
			return "a static binding is not found by its MAC or address";
		j = addr_slot(s, s->statics[i].addr);
		if (j != DHCP_NIL && s->slots[j].state != DHCP_LEASE_RESERVED)
			return "a static binding's pool address is not reserved";
	}
	return n == s->n_statics ? NULL : "the count of static bindings is wrong";
}

int dhcp_server_check(const struct dhcp_server *s, const char **why)
{
	*why = check_slots(s);
	if (!*why)
		*why = check_free_list(s);
	if (!*why)
		*why = check_statics(s);
	return *why ? -1 : 0;
}
