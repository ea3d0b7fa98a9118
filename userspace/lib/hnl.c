// SPDX-License-Identifier: GPL-2.0
/*
 * hnl: homenet's generic netlink client, over libnl-genl-3.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/homenet.h>

#include "hnl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * libnl gives a socket a 32 KiB send buffer (the kernel counts it twice);
 * a larger request grows it, with room for the kernel's own overhead.
 */
#define HN_SNDBUF_DEFAULT 32768
#define HN_SNDBUF_SLACK	  4096

_Static_assert(HN_FWD_NAME_LEN == HOMENET_FWD_NAME_LEN, "hnl.h disagrees with the uapi");

/* What one request/reply exchange collects through libnl's callbacks. */
struct hn_exchange {
	struct hn_client *c;
	int (*parse)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	int err;	     /* first error: from the kernel or from parse() */
	bool interrupted;    /* a dump saw NLM_F_DUMP_INTR */
	bool done;	     /* the ACK, error or end of dump arrived */
	unsigned int parsed; /* replies parse() accepted */
};

const char *const hn_stat_names[HN_ST_COUNT] = {
	[HN_ST_OUT_PACKETS] = "out_packets",
	[HN_ST_OUT_BYTES] = "out_bytes",
	[HN_ST_IN_PACKETS] = "in_packets",
	[HN_ST_IN_BYTES] = "in_bytes",
	[HN_ST_HAIRPIN_PACKETS] = "hairpin_packets",
	[HN_ST_ICMP_ERRORS] = "icmp_errors",
	[HN_ST_SESSIONS_CREATED] = "sessions_created",
	[HN_ST_SESSIONS_EXPIRED] = "sessions_expired",
	[HN_ST_DROP_NO_PORT] = "drop_no_port",
	[HN_ST_DROP_TABLE_FULL] = "drop_table_full",
	[HN_ST_DROP_FILTERED] = "drop_filtered",
	[HN_ST_DROP_INVALID] = "drop_invalid",
	[HN_ST_SESSIONS_EVICTED] = "sessions_evicted",
	[HN_ST_SYN_HELD] = "syn_held",
	[HN_ST_FAST_PACKETS] = "fast_packets",
	[HN_ST_FAST_INGRESS] = "fast_ingress",
	[HN_ST_DROP_INBOUND_LIMIT] = "drop_inbound_limit",
	[HN_ST_SESSIONS_EARLY_DROPPED] = "sessions_early_dropped",
	[HN_ST_DROP_SPOOFED] = "drop_spoofed",
};

__attribute__((format(printf, 2, 3))) static void hn_set_err(struct hn_client *c, const char *fmt,
							     ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

enum { HN_DUMP_READ_SIZE = 32768 };

int hn_client_open(struct hn_client *c)
{
	int one = 1;
	int ret;

	memset(c, 0, sizeof(*c));
	c->sk = nl_socket_alloc();
	if (!c->sk) {
		hn_set_err(c, "%s", "cannot allocate a netlink socket");
		return -ENOMEM;
	}
	ret = genl_connect(c->sk);
	if (ret < 0) {
		hn_set_err(c, "cannot open a netlink socket: %s", nl_geterror(ret));
		ret = -ENOTCONN;
		goto err_free;
	}
	/* Ask for the kernel's reasons with every error (extack). */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/*
	 * Dumps come in parts as big as our reads: the kernel's most (32 KiB)
	 * means a table of 100,000 sessions takes a few hundred round trips,
	 * not thousands.
	 */
	nl_socket_set_msg_buf_size(c->sk, HN_DUMP_READ_SIZE);

	c->family = genl_ctrl_resolve(c->sk, HOMENET_GENL_NAME);
	if (c->family < 0) {
		hn_set_err(c, "the %s module is not loaded (no generic netlink family \"homenet\")",
			   HOMENET_GENL_NAME);
		ret = -ENOENT;
		goto err_free;
	}
	return 0;

err_free:
	nl_socket_free(c->sk);
	c->sk = NULL;
	return ret;
}

void hn_client_close(struct hn_client *c)
{
	nl_socket_free(c->sk);
	c->sk = NULL;
}

/*
 * The text of an extended ACK: NLMSGERR_ATTR_MSG after the nlmsgerr (and
 * after the echoed request unless the kernel capped it).  Returns the
 * message length, 0 when there is none.
 */
int hn_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *a;
	size_t off, end;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (nlh->nlmsg_type != NLMSG_ERROR || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    nlh->nlmsg_len < NLMSG_SPACE(sizeof(*e)))
		return 0;

	off = NLMSG_SPACE(sizeof(*e));
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	end = nlh->nlmsg_len;

	while (off + NLA_HDRLEN <= end) {
		a = (const struct nlattr *)((const char *)nlh + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			return 0;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t n = strnlen((const char *)a + NLA_HDRLEN, a->nla_len - NLA_HDRLEN);

			if (n >= len)
				n = len - 1;
			memcpy(buf, (const char *)a + NLA_HDRLEN, n);
			buf[n] = '\0';
			return (int)n;
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

static int hn_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct hn_exchange *x = arg;
	const struct nlmsghdr *nlh;

	(void)nla;
	nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	if (!hn_extack_msg(nlh, x->c->err, sizeof(x->c->err)))
		hn_set_err(x->c, "%s", strerror(-e->error));
	if (!x->err)
		x->err = e->error ? e->error : -EPROTO;
	x->done = true;
	return NL_STOP;
}

static int hn_on_valid(struct nl_msg *msg, void *arg)
{
	struct hn_exchange *x = arg;
	int ret;

	if (x->err || !x->parse)
		return NL_SKIP;
	ret = x->parse(nlmsg_hdr(msg), x->arg);
	if (!ret)
		x->parsed++;
	if (ret < 0) {
		snprintf(x->c->err, sizeof(x->c->err), "malformed reply from the kernel: %s",
			 strerror(-ret));
		x->err = ret;
	}
	return NL_OK;
}

static int hn_on_ack(struct nl_msg *msg, void *arg)
{
	struct hn_exchange *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

static int hn_on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct hn_exchange *x = arg;

	(void)msg;
	x->interrupted = true;
	return NL_OK; /* still deliver it: the caller decides */
}

/*
 * Send @msg, first growing the socket's send buffer when @msg is larger
 * than it: up to net.core.wmem_max as anyone may, and when the kernel still
 * says it is too large (EMSGSIZE, ENOBUFS), past it with SO_SNDBUFFORCE
 * (CAP_NET_ADMIN, which a request that large needs anyway).  The receive
 * buffer stays libnl's (0).  libnl folds EMSGSIZE into NLE_FAILURE: errno
 * tells.
 */
static int hn_send(struct hn_client *c, struct nl_msg *msg)
{
	int len = (int)nlmsg_hdr(msg)->nlmsg_len, want = len + HN_SNDBUF_SLACK;
	int ret, err;

	if (want > HN_SNDBUF_DEFAULT)
		nl_socket_set_buffer_size(c->sk, 0, want);
	errno = 0;
	ret = nl_send_auto(c->sk, msg);
	err = errno;
	if (ret < 0 && want > HN_SNDBUF_DEFAULT && (err == EMSGSIZE || err == ENOBUFS) &&
	    !setsockopt(nl_socket_get_fd(c->sk), SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want))) {
		errno = 0;
		ret = nl_send_auto(c->sk, msg);
		err = errno;
	}
	if (ret < 0) {
		hn_set_err(c, "netlink send of %d bytes: %s", len,
			   err ? strerror(err) : nl_geterror(ret));
		return -EIO;
	}
	return 0;
}

/*
 * Send @msg (consumed), feed every reply to @parse, wait for the ACK (or
 * the end of a dump).  *@parsed, if given, counts the replies parsed.
 */
static int hn_transact(struct hn_client *c, struct nl_msg *msg,
		       int (*parse)(const struct nlmsghdr *, void *), void *arg,
		       unsigned int *parsed)
{
	struct hn_exchange x = { .c = c, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	c->err[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, hn_on_error, &x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, hn_on_valid, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, hn_on_ack, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, hn_on_ack, &x);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, hn_on_dump_intr, &x);

	ret = hn_send(c, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		nl_cb_put(cb);
		return ret;
	}
	/*
	 * The reply and the ACK may come in separate reads: read until the
	 * exchange has ended, so no stale ACK is left for the next request.
	 */
	do
		ret = nl_recvmsgs(c->sk, cb);
	while (ret >= 0 && !x.done);
	nl_cb_put(cb);
	if (x.err)
		return x.err;
	if (ret < 0) {
		hn_set_err(c, "netlink receive: %s", nl_geterror(ret));
		return -EIO;
	}
	if (parsed)
		*parsed = x.parsed;
	if (x.interrupted) {
		hn_set_err(c, "the table changed during the dump");
		return -EINTR;
	}
	return 0;
}

/*
 * A request for @cmd with NLM_F_ACK set, so every exchange ends explicitly,
 * in a buffer of @size bytes (0: libnl's default, a page).
 */
static struct nl_msg *hn_request_size(struct hn_client *c, int cmd, int flags, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags | NLM_F_ACK, cmd,
			 HOMENET_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static struct nl_msg *hn_request(struct hn_client *c, int cmd, int flags)
{
	return hn_request_size(c, cmd, flags, 0);
}

/* A request without attributes answered by exactly one reply. */
static int hn_get(struct hn_client *c, int cmd, int (*parse)(const struct nlmsghdr *, void *),
		  void *arg)
{
	struct nl_msg *msg = hn_request(c, cmd, 0);
	unsigned int parsed = 0;
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = hn_transact(c, msg, parse, arg, &parsed);
	if (!ret && parsed != 1) {
		hn_set_err(c, "the kernel sent %u replies, not one", parsed);
		ret = -EPROTO;
	}
	return ret;
}

int hn_info_parse(const struct nlmsghdr *nlh, struct hn_info *info)
{
	static struct nla_policy policy[HOMENET_A_MAX + 1] = {
		[HOMENET_A_INFO_VERSION] = { .type = NLA_STRING },
	};
	struct nlattr *tb[HOMENET_A_MAX + 1];
	int ret;

	ret = genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, HOMENET_A_MAX, policy);
	if (ret < 0)
		return -EBADMSG;
	if (!tb[HOMENET_A_INFO_VERSION])
		return -ENODATA;
	nla_strlcpy(info->version, tb[HOMENET_A_INFO_VERSION], sizeof(info->version));
	return 0;
}

static int hn_info_parse_cb(const struct nlmsghdr *nlh, void *arg)
{
	return hn_info_parse(nlh, arg);
}

int hn_info_get(struct hn_client *c, struct hn_info *info)
{
	return hn_get(c, HOMENET_CMD_INFO_GET, hn_info_parse_cb, info);
}

/* NAT_GET / NAT_SET */

static const uint16_t hn_timeout_attr[HN_TO_COUNT] = {
	[HN_TO_UDP] = HOMENET_NAT_A_TIMEOUT_UDP,
	[HN_TO_TCP] = HOMENET_NAT_A_TIMEOUT_TCP_EST,
	[HN_TO_TCP_TRANS] = HOMENET_NAT_A_TIMEOUT_TCP_TRANS,
	[HN_TO_ICMP] = HOMENET_NAT_A_TIMEOUT_ICMP,
	[HN_TO_EMBRYONIC] = HOMENET_NAT_A_TIMEOUT_EMBRYONIC,
};

static int hn_prefixes_parse(struct nlattr *list, struct hn_nat *nat)
{
	static struct nla_policy policy[HOMENET_PREFIX_A_MAX + 1] = {
		[HOMENET_PREFIX_A_ADDR] = { .type = NLA_U32 },
		[HOMENET_PREFIX_A_LEN] = { .type = NLA_U8 },
	};
	struct nlattr *tb[HOMENET_PREFIX_A_MAX + 1];
	struct nlattr *one;
	int rem;

	nat->n_inside = 0;
	nla_for_each_nested(one, list, rem)
	{
		if (nat->n_inside == HN_INSIDE_MAX)
			return -E2BIG;
		if (nla_parse_nested(tb, HOMENET_PREFIX_A_MAX, one, policy) < 0 ||
		    !tb[HOMENET_PREFIX_A_ADDR] || !tb[HOMENET_PREFIX_A_LEN])
			return -EBADMSG;
		nat->inside[nat->n_inside].addr = nla_get_u32(tb[HOMENET_PREFIX_A_ADDR]);
		nat->inside[nat->n_inside].len = nla_get_u8(tb[HOMENET_PREFIX_A_LEN]);
		if (nat->inside[nat->n_inside].len > 32)
			return -EBADMSG;
		nat->n_inside++;
	}
	return 0;
}

int hn_nat_parse(const struct nlmsghdr *nlh, struct hn_nat *nat)
{
	static struct nla_policy policy[HOMENET_NAT_A_MAX + 1] = {
		[HOMENET_NAT_A_WAN_IFINDEX] = { .type = NLA_U32 },
		[HOMENET_NAT_A_WAN_IFNAME] = { .type = NLA_STRING },
		[HOMENET_NAT_A_ADDR] = { .type = NLA_U32 },
		[HOMENET_NAT_A_ADDR_CURRENT] = { .type = NLA_U32 },
		[HOMENET_NAT_A_INSIDE] = { .type = NLA_NESTED },
		[HOMENET_NAT_A_PORT_MIN] = { .type = NLA_U16 }, /* big-endian */
		[HOMENET_NAT_A_PORT_MAX] = { .type = NLA_U16 },
		[HOMENET_NAT_A_FILTER] = { .type = NLA_U8 },
		[HOMENET_NAT_A_FASTPATH] = { .type = NLA_U8 },
		[HOMENET_NAT_A_MAX_SESSIONS] = { .type = NLA_U32 },
		[HOMENET_NAT_A_TIMEOUT_UDP] = { .type = NLA_U32 },
		[HOMENET_NAT_A_TIMEOUT_TCP_EST] = { .type = NLA_U32 },
		[HOMENET_NAT_A_TIMEOUT_TCP_TRANS] = { .type = NLA_U32 },
		[HOMENET_NAT_A_TIMEOUT_ICMP] = { .type = NLA_U32 },
		[HOMENET_NAT_A_TIMEOUT_EMBRYONIC] = { .type = NLA_U32 },
	};
	struct nlattr *top[HOMENET_A_MAX + 1], *tb[HOMENET_NAT_A_MAX + 1];
	int i;

	memset(nat, 0, sizeof(*nat));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, top, HOMENET_A_MAX, NULL) < 0 ||
	    !top[HOMENET_A_NAT] ||
	    nla_parse_nested(tb, HOMENET_NAT_A_MAX, top[HOMENET_A_NAT], policy) < 0)
		return -EBADMSG;
	if (tb[HOMENET_NAT_A_WAN_IFINDEX]) {
		nat->wan_ifindex = nla_get_u32(tb[HOMENET_NAT_A_WAN_IFINDEX]);
		nat->present |= HN_NAT_WAN;
	}
	if (tb[HOMENET_NAT_A_WAN_IFNAME])
		nla_strlcpy(nat->wan_ifname, tb[HOMENET_NAT_A_WAN_IFNAME], sizeof(nat->wan_ifname));
	if (tb[HOMENET_NAT_A_ADDR]) {
		nat->addr = nla_get_u32(tb[HOMENET_NAT_A_ADDR]);
		nat->present |= HN_NAT_ADDR;
	}
	if (tb[HOMENET_NAT_A_ADDR_CURRENT])
		nat->cur_addr = nla_get_u32(tb[HOMENET_NAT_A_ADDR_CURRENT]);
	if (tb[HOMENET_NAT_A_INSIDE]) {
		if (hn_prefixes_parse(tb[HOMENET_NAT_A_INSIDE], nat) < 0)
			return -EBADMSG;
		nat->present |= HN_NAT_INSIDE;
	}
	if (!tb[HOMENET_NAT_A_PORT_MIN] || !tb[HOMENET_NAT_A_PORT_MAX] ||
	    !tb[HOMENET_NAT_A_FILTER] || !tb[HOMENET_NAT_A_MAX_SESSIONS])
		return -ENODATA;
	nat->port_min = ntohs(nla_get_u16(tb[HOMENET_NAT_A_PORT_MIN]));
	nat->port_max = ntohs(nla_get_u16(tb[HOMENET_NAT_A_PORT_MAX]));
	nat->filter = nla_get_u8(tb[HOMENET_NAT_A_FILTER]);
	nat->max_sessions = nla_get_u32(tb[HOMENET_NAT_A_MAX_SESSIONS]);
	nat->present |= HN_NAT_PORTS | HN_NAT_FILTER | HN_NAT_MAX_SESSIONS;
	if (tb[HOMENET_NAT_A_FASTPATH]) {
		nat->fastpath = nla_get_u8(tb[HOMENET_NAT_A_FASTPATH]);
		nat->present |= HN_NAT_FASTPATH;
	}
	for (i = 0; i < HN_TO_COUNT; i++) {
		if (!tb[hn_timeout_attr[i]])
			return -ENODATA;
		nat->timeout[i] = nla_get_u32(tb[hn_timeout_attr[i]]);
		nat->present |= HN_NAT_TIMEOUT << i;
	}
	return 0;
}

static int hn_nat_parse_cb(const struct nlmsghdr *nlh, void *arg)
{
	return hn_nat_parse(nlh, arg);
}

int hn_nat_get(struct hn_client *c, struct hn_nat *nat)
{
	return hn_get(c, HOMENET_CMD_NAT_GET, hn_nat_parse_cb, nat);
}

static int hn_nat_put(struct nl_msg *msg, const struct hn_nat *nat)
{
	struct nlattr *nest, *list, *one;
	unsigned int i;

	nest = nla_nest_start(msg, HOMENET_A_NAT);
	if (!nest)
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_WAN) &&
	    nla_put_u32(msg, HOMENET_NAT_A_WAN_IFINDEX, nat->wan_ifindex) < 0)
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_OFF) && nla_put_flag(msg, HOMENET_NAT_A_OFF) < 0)
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_ADDR) && nla_put_u32(msg, HOMENET_NAT_A_ADDR, nat->addr) < 0)
		return -EMSGSIZE;
	if (nat->present & HN_NAT_INSIDE) {
		list = nla_nest_start(msg, HOMENET_NAT_A_INSIDE);
		if (!list)
			return -EMSGSIZE;
		for (i = 0; i < nat->n_inside; i++) {
			one = nla_nest_start(msg, i + 1);
			if (!one ||
			    nla_put_u32(msg, HOMENET_PREFIX_A_ADDR, nat->inside[i].addr) < 0 ||
			    nla_put_u8(msg, HOMENET_PREFIX_A_LEN, nat->inside[i].len) < 0)
				return -EMSGSIZE;
			nla_nest_end(msg, one);
		}
		nla_nest_end(msg, list);
	}
	if ((nat->present & HN_NAT_PORTS) &&
	    (nla_put_u16(msg, HOMENET_NAT_A_PORT_MIN, htons(nat->port_min)) < 0 ||
	     nla_put_u16(msg, HOMENET_NAT_A_PORT_MAX, htons(nat->port_max)) < 0))
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_FILTER) &&
	    nla_put_u8(msg, HOMENET_NAT_A_FILTER, nat->filter) < 0)
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_FASTPATH) &&
	    nla_put_u8(msg, HOMENET_NAT_A_FASTPATH, nat->fastpath) < 0)
		return -EMSGSIZE;
	if ((nat->present & HN_NAT_MAX_SESSIONS) &&
	    nla_put_u32(msg, HOMENET_NAT_A_MAX_SESSIONS, nat->max_sessions) < 0)
		return -EMSGSIZE;
	for (i = 0; i < HN_TO_COUNT; i++)
		if ((nat->present & (HN_NAT_TIMEOUT << i)) &&
		    nla_put_u32(msg, hn_timeout_attr[i], nat->timeout[i]) < 0)
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int hn_nat_set(struct hn_client *c, const struct hn_nat *nat)
{
	struct nl_msg *msg = hn_request(c, HOMENET_CMD_NAT_SET, 0);

	if (!msg)
		return -ENOMEM;
	if (hn_nat_put(msg, nat) < 0) {
		nlmsg_free(msg);
		hn_set_err(c, "request too large");
		return -EMSGSIZE;
	}
	return hn_transact(c, msg, NULL, NULL, NULL);
}

/*
 * Dumps: each reply is decoded by @parse into @obj, then handed to @cb.
 * What @cb returns stops the dump when not 0, and fails it when negative.
 */
struct hn_dump_ctx {
	int (*parse)(const struct nlmsghdr *nlh, void *obj);
	void *obj;
	hn_dump_cb cb;
	void *arg;
	int stopped;
};

static int hn_dump_one(const struct nlmsghdr *nlh, void *arg)
{
	struct hn_dump_ctx *d = arg;
	int ret;

	if (d->stopped)
		return 0;
	ret = d->parse(nlh, d->obj);
	if (ret < 0)
		return ret;
	d->stopped = d->cb(d->obj, d->arg);
	return 0;
}

/* Send the dump request @msg (consumed); @obj holds one decoded reply. */
static int hn_dump(struct hn_client *c, struct nl_msg *msg,
		   int (*parse)(const struct nlmsghdr *, void *), void *obj, hn_dump_cb cb,
		   void *arg)
{
	struct hn_dump_ctx d = { .parse = parse, .obj = obj, .cb = cb, .arg = arg };
	int ret = hn_transact(c, msg, hn_dump_one, &d, NULL);

	if (!ret && d.stopped < 0) {
		hn_set_err(c, "%s", strerror(-d.stopped));
		ret = d.stopped;
	}
	return ret;
}

/* SESSION_GET / SESSION_DEL / SESSION_FLUSH */

int hn_session_parse(const struct nlmsghdr *nlh, struct hn_session *s)
{
	static struct nla_policy policy[HOMENET_SESSION_A_MAX + 1] = {
		[HOMENET_SESSION_A_PROTO] = { .type = NLA_U8 },
		[HOMENET_SESSION_A_INT_ADDR] = { .type = NLA_U32 },
		[HOMENET_SESSION_A_INT_PORT] = { .type = NLA_U16 },
		[HOMENET_SESSION_A_EXT_ADDR] = { .type = NLA_U32 },
		[HOMENET_SESSION_A_EXT_PORT] = { .type = NLA_U16 },
		[HOMENET_SESSION_A_REM_ADDR] = { .type = NLA_U32 },
		[HOMENET_SESSION_A_REM_PORT] = { .type = NLA_U16 },
		[HOMENET_SESSION_A_TCP_STATE] = { .type = NLA_U8 },
		[HOMENET_SESSION_A_EXPIRES_MS] = { .type = NLA_U32 },
		[HOMENET_SESSION_A_FLAGS] = { .type = NLA_U32 },
		[HOMENET_SESSION_A_RULE] = { .type = NLA_STRING },
	};
	struct nlattr *top[HOMENET_A_MAX + 1], *tb[HOMENET_SESSION_A_MAX + 1];
	int i;

	memset(s, 0, sizeof(*s));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, top, HOMENET_A_MAX, NULL) < 0 ||
	    !top[HOMENET_A_SESSION] ||
	    nla_parse_nested(tb, HOMENET_SESSION_A_MAX, top[HOMENET_A_SESSION], policy) < 0)
		return -EBADMSG;
	for (i = HOMENET_SESSION_A_PROTO; i <= HOMENET_SESSION_A_FLAGS; i++)
		if (!tb[i])
			return -ENODATA;
	s->proto = nla_get_u8(tb[HOMENET_SESSION_A_PROTO]);
	s->int_addr = nla_get_u32(tb[HOMENET_SESSION_A_INT_ADDR]);
	s->int_port = ntohs(nla_get_u16(tb[HOMENET_SESSION_A_INT_PORT]));
	s->ext_addr = nla_get_u32(tb[HOMENET_SESSION_A_EXT_ADDR]);
	s->ext_port = ntohs(nla_get_u16(tb[HOMENET_SESSION_A_EXT_PORT]));
	s->rem_addr = nla_get_u32(tb[HOMENET_SESSION_A_REM_ADDR]);
	s->rem_port = ntohs(nla_get_u16(tb[HOMENET_SESSION_A_REM_PORT]));
	s->tcp_state = nla_get_u8(tb[HOMENET_SESSION_A_TCP_STATE]);
	s->expires_ms = nla_get_u32(tb[HOMENET_SESSION_A_EXPIRES_MS]);
	s->flags = nla_get_u32(tb[HOMENET_SESSION_A_FLAGS]);
	if (tb[HOMENET_SESSION_A_RULE])
		nla_strlcpy(s->rule, tb[HOMENET_SESSION_A_RULE], sizeof(s->rule));
	return 0;
}

static int hn_session_parse_cb(const struct nlmsghdr *nlh, void *arg)
{
	return hn_session_parse(nlh, arg);
}

int hn_session_dump(struct hn_client *c, uint8_t proto, uint32_t int_addr, hn_dump_cb cb, void *arg)
{
	struct nl_msg *msg = hn_request(c, HOMENET_CMD_SESSION_GET, NLM_F_DUMP);
	struct hn_session s;
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	if (proto || int_addr) {
		nest = nla_nest_start(msg, HOMENET_A_SESSION);
		if (!nest || (proto && nla_put_u8(msg, HOMENET_SESSION_A_PROTO, proto) < 0) ||
		    (int_addr && nla_put_u32(msg, HOMENET_SESSION_A_INT_ADDR, int_addr) < 0)) {
			nlmsg_free(msg);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, nest);
	}
	return hn_dump(c, msg, hn_session_parse_cb, &s, cb, arg);
}

int hn_session_del(struct hn_client *c, const struct hn_session *s)
{
	struct nl_msg *msg = hn_request(c, HOMENET_CMD_SESSION_DEL, 0);
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, HOMENET_A_SESSION);
	if (!nest || nla_put_u8(msg, HOMENET_SESSION_A_PROTO, s->proto) < 0 ||
	    nla_put_u32(msg, HOMENET_SESSION_A_INT_ADDR, s->int_addr) < 0 ||
	    nla_put_u16(msg, HOMENET_SESSION_A_INT_PORT, htons(s->int_port)) < 0 ||
	    nla_put_u32(msg, HOMENET_SESSION_A_REM_ADDR, s->rem_addr) < 0 ||
	    nla_put_u16(msg, HOMENET_SESSION_A_REM_PORT, htons(s->rem_port)) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return hn_transact(c, msg, NULL, NULL, NULL);
}

/* A request without attributes answered by an ACK. */
static int hn_do(struct hn_client *c, int cmd)
{
	struct nl_msg *msg = hn_request(c, cmd, 0);

	if (!msg)
		return -ENOMEM;
	return hn_transact(c, msg, NULL, NULL, NULL);
}

int hn_session_flush(struct hn_client *c)
{
	return hn_do(c, HOMENET_CMD_SESSION_FLUSH);
}

/* STATS_GET */

static const uint16_t hn_stat_attr[HN_ST_COUNT] = {
	[HN_ST_OUT_PACKETS] = HOMENET_STATS_A_OUT_PACKETS,
	[HN_ST_OUT_BYTES] = HOMENET_STATS_A_OUT_BYTES,
	[HN_ST_IN_PACKETS] = HOMENET_STATS_A_IN_PACKETS,
	[HN_ST_IN_BYTES] = HOMENET_STATS_A_IN_BYTES,
	[HN_ST_HAIRPIN_PACKETS] = HOMENET_STATS_A_HAIRPIN_PACKETS,
	[HN_ST_ICMP_ERRORS] = HOMENET_STATS_A_ICMP_ERRORS,
	[HN_ST_SESSIONS_CREATED] = HOMENET_STATS_A_SESSIONS_CREATED,
	[HN_ST_SESSIONS_EXPIRED] = HOMENET_STATS_A_SESSIONS_EXPIRED,
	[HN_ST_DROP_NO_PORT] = HOMENET_STATS_A_DROP_NO_PORT,
	[HN_ST_DROP_TABLE_FULL] = HOMENET_STATS_A_DROP_TABLE_FULL,
	[HN_ST_DROP_FILTERED] = HOMENET_STATS_A_DROP_FILTERED,
	[HN_ST_DROP_INVALID] = HOMENET_STATS_A_DROP_INVALID,
	[HN_ST_SESSIONS_EVICTED] = HOMENET_STATS_A_SESSIONS_EVICTED,
	[HN_ST_SYN_HELD] = HOMENET_STATS_A_SYN_HELD,
	[HN_ST_FAST_PACKETS] = HOMENET_STATS_A_FAST_PACKETS,
	[HN_ST_FAST_INGRESS] = HOMENET_STATS_A_FAST_INGRESS,
	[HN_ST_DROP_INBOUND_LIMIT] = HOMENET_STATS_A_DROP_INBOUND_LIMIT,
	[HN_ST_SESSIONS_EARLY_DROPPED] = HOMENET_STATS_A_SESSIONS_EARLY_DROPPED,
	[HN_ST_DROP_SPOOFED] = HOMENET_STATS_A_DROP_SPOOFED,
};

int hn_stats_parse(const struct nlmsghdr *nlh, struct hn_stats *st)
{
	struct nlattr *top[HOMENET_A_MAX + 1], *tb[HOMENET_STATS_A_MAX + 1];
	struct nla_policy policy[HOMENET_STATS_A_MAX + 1];
	int i;

	memset(policy, 0, sizeof(policy));
	for (i = 0; i < HN_ST_COUNT; i++)
		policy[hn_stat_attr[i]].type = NLA_U64;
	policy[HOMENET_STATS_A_SESSIONS].type = NLA_U32;
	policy[HOMENET_STATS_A_MAPPINGS].type = NLA_U32;

	memset(st, 0, sizeof(*st));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, top, HOMENET_A_MAX, NULL) < 0 ||
	    !top[HOMENET_A_STATS] ||
	    nla_parse_nested(tb, HOMENET_STATS_A_MAX, top[HOMENET_A_STATS], policy) < 0)
		return -EBADMSG;
	if (!tb[HOMENET_STATS_A_SESSIONS] || !tb[HOMENET_STATS_A_MAPPINGS])
		return -ENODATA;
	st->sessions = nla_get_u32(tb[HOMENET_STATS_A_SESSIONS]);
	st->mappings = nla_get_u32(tb[HOMENET_STATS_A_MAPPINGS]);
	for (i = 0; i < HN_ST_COUNT; i++) {
		if (!tb[hn_stat_attr[i]])
			return -ENODATA;
		st->c[i] = nla_get_u64(tb[hn_stat_attr[i]]);
	}
	return 0;
}

static int hn_stats_parse_cb(const struct nlmsghdr *nlh, void *arg)
{
	return hn_stats_parse(nlh, arg);
}

int hn_stats_get(struct hn_client *c, struct hn_stats *st)
{
	return hn_get(c, HOMENET_CMD_STATS_GET, hn_stats_parse_cb, st);
}

/* FWD_GET / FWD_ADD / FWD_DEL / FWD_FLUSH / FWD_REPLACE */

/* A big-endian port attribute, or @dflt when it is absent. */
static unsigned int hn_port(const struct nlattr *a, unsigned int dflt)
{
	return a ? ntohs(nla_get_u16(a)) : dflt;
}

int hn_fwd_parse(const struct nlmsghdr *nlh, struct hn_fwd *f)
{
	static struct nla_policy policy[HOMENET_FWD_A_MAX + 1] = {
		[HOMENET_FWD_A_NAME] = { .type = NLA_STRING, .maxlen = HN_FWD_NAME_LEN },
		[HOMENET_FWD_A_PROTO] = { .type = NLA_U8 },
		[HOMENET_FWD_A_EXT_PORT_MIN] = { .type = NLA_U16 },
		[HOMENET_FWD_A_EXT_PORT_MAX] = { .type = NLA_U16 },
		[HOMENET_FWD_A_INT_ADDR] = { .type = NLA_U32 },
		[HOMENET_FWD_A_INT_PORT_MIN] = { .type = NLA_U16 },
		[HOMENET_FWD_A_INT_PORT_MAX] = { .type = NLA_U16 },
		[HOMENET_FWD_A_SRC_ADDR] = { .type = NLA_U32 },
		[HOMENET_FWD_A_SRC_LEN] = { .type = NLA_U8 },
		[HOMENET_FWD_A_DISABLED] = { .type = NLA_FLAG },
		[HOMENET_FWD_A_PACKETS] = { .type = NLA_U64 },
		[HOMENET_FWD_A_BYTES] = { .type = NLA_U64 },
		[HOMENET_FWD_A_SESSIONS] = { .type = NLA_U64 },
	};
	struct nlattr *top[HOMENET_A_MAX + 1], *tb[HOMENET_FWD_A_MAX + 1];
	unsigned int ext_max, int_min, int_max;

	memset(f, 0, sizeof(*f));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, top, HOMENET_A_MAX, NULL) < 0 ||
	    !top[HOMENET_A_FWD] ||
	    nla_parse_nested(tb, HOMENET_FWD_A_MAX, top[HOMENET_A_FWD], policy) < 0)
		return -EBADMSG;
	if (!tb[HOMENET_FWD_A_PROTO] || !tb[HOMENET_FWD_A_EXT_PORT_MIN] ||
	    !tb[HOMENET_FWD_A_INT_ADDR])
		return -ENODATA;
	if (tb[HOMENET_FWD_A_NAME])
		nla_strlcpy(f->name, tb[HOMENET_FWD_A_NAME], sizeof(f->name));
	f->proto = nla_get_u8(tb[HOMENET_FWD_A_PROTO]);
	f->int_addr = nla_get_u32(tb[HOMENET_FWD_A_INT_ADDR]);

	/* The ranges, with the defaults of homenet.h where they are left out */
	f->ext_port_min = (uint16_t)hn_port(tb[HOMENET_FWD_A_EXT_PORT_MIN], 0);
	ext_max = hn_port(tb[HOMENET_FWD_A_EXT_PORT_MAX], f->ext_port_min);
	int_min = hn_port(tb[HOMENET_FWD_A_INT_PORT_MIN], f->ext_port_min);
	int_max = hn_port(tb[HOMENET_FWD_A_INT_PORT_MAX], int_min + ext_max - f->ext_port_min);
	if (ext_max < f->ext_port_min || int_max < int_min || int_max > UINT16_MAX)
		return -EBADMSG;
	f->ext_port_max = (uint16_t)ext_max;
	f->int_port_min = (uint16_t)int_min;
	f->int_port_max = (uint16_t)int_max;

	if (!tb[HOMENET_FWD_A_SRC_ADDR] != !tb[HOMENET_FWD_A_SRC_LEN])
		return -EBADMSG;
	if (tb[HOMENET_FWD_A_SRC_ADDR]) {
		f->has_src = true;
		f->src.addr = nla_get_u32(tb[HOMENET_FWD_A_SRC_ADDR]);
		f->src.len = nla_get_u8(tb[HOMENET_FWD_A_SRC_LEN]);
		if (f->src.len > 32)
			return -EBADMSG;
	}
	f->disabled = tb[HOMENET_FWD_A_DISABLED] != NULL;
	if (tb[HOMENET_FWD_A_PACKETS])
		f->packets = nla_get_u64(tb[HOMENET_FWD_A_PACKETS]);
	if (tb[HOMENET_FWD_A_BYTES])
		f->bytes = nla_get_u64(tb[HOMENET_FWD_A_BYTES]);
	if (tb[HOMENET_FWD_A_SESSIONS])
		f->sessions = nla_get_u64(tb[HOMENET_FWD_A_SESSIONS]);
	return 0;
}

static int hn_fwd_parse_cb(const struct nlmsghdr *nlh, void *arg)
{
	return hn_fwd_parse(nlh, arg);
}

int hn_fwd_dump(struct hn_client *c, hn_dump_cb cb, void *arg)
{
	struct nl_msg *msg = hn_request(c, HOMENET_CMD_FWD_GET, NLM_F_DUMP);
	struct hn_fwd f;

	if (!msg)
		return -ENOMEM;
	return hn_dump(c, msg, hn_fwd_parse_cb, &f, cb, arg);
}

/* The most one rule takes in a request: the attributes of hn_fwd_put. */
static size_t hn_fwd_size(void)
{
	return 2 * nla_total_size(0) /* the nest, DISABLED */ + nla_total_size(HN_FWD_NAME_LEN) +
	       2 * nla_total_size(1) /* PROTO, SRC_LEN */ + 4 * nla_total_size(2) /* ports */ +
	       2 * nla_total_size(4) /* INT_ADDR, SRC_ADDR */;
}

/*
 * Rule @f as the nest @type.  What equals the kernel's default is left
 * out: EXT_PORT_MAX for one port, the inside ports when they are the
 * external ones, INT_PORT_MAX when both sides are one port.
 */
static int hn_fwd_put(struct nl_msg *msg, int type, const struct hn_fwd *f)
{
	bool ext_range = f->ext_port_max != f->ext_port_min;
	bool int_ports = f->int_port_min != f->ext_port_min || f->int_port_max != f->ext_port_max;
	bool int_range = int_ports && (ext_range || f->int_port_max != f->int_port_min);
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || (f->name[0] && nla_put_string(msg, HOMENET_FWD_A_NAME, f->name) < 0) ||
	    nla_put_u8(msg, HOMENET_FWD_A_PROTO, f->proto) < 0 ||
	    nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MIN, htons(f->ext_port_min)) < 0 ||
	    (ext_range &&
	     nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MAX, htons(f->ext_port_max)) < 0) ||
	    nla_put_u32(msg, HOMENET_FWD_A_INT_ADDR, f->int_addr) < 0 ||
	    (int_ports &&
	     nla_put_u16(msg, HOMENET_FWD_A_INT_PORT_MIN, htons(f->int_port_min)) < 0) ||
	    (int_range &&
	     nla_put_u16(msg, HOMENET_FWD_A_INT_PORT_MAX, htons(f->int_port_max)) < 0) ||
	    (f->has_src && (nla_put_u32(msg, HOMENET_FWD_A_SRC_ADDR, f->src.addr) < 0 ||
			    nla_put_u8(msg, HOMENET_FWD_A_SRC_LEN, f->src.len) < 0)) ||
	    (f->disabled && nla_put_flag(msg, HOMENET_FWD_A_DISABLED) < 0))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* What names a rule for FWD_DEL: its name, or its protocol and a port. */
static int hn_fwd_put_key(struct nl_msg *msg, const struct hn_fwd *f)
{
	struct nlattr *nest = nla_nest_start(msg, HOMENET_A_FWD);

	if (!nest)
		return -EMSGSIZE;
	if (f->name[0]) {
		if (nla_put_string(msg, HOMENET_FWD_A_NAME, f->name) < 0)
			return -EMSGSIZE;
	} else if (nla_put_u8(msg, HOMENET_FWD_A_PROTO, f->proto) < 0 ||
		   nla_put_u16(msg, HOMENET_FWD_A_EXT_PORT_MIN, htons(f->ext_port_min)) < 0) {
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* The rules of FWD_REPLACE: one top-level HOMENET_A_FWD each, maybe none. */
static int hn_fwd_put_list(struct nl_msg *msg, const struct hn_fwd *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hn_fwd_put(msg, HOMENET_A_FWD, &v[i]) < 0)
			return -EMSGSIZE;
	return 0;
}

int hn_fwd_request(struct hn_client *c, int cmd, const struct hn_fwd *v, size_t n,
		   struct nl_msg **msgp)
{
	size_t size = NLMSG_HDRLEN + GENL_HDRLEN + n * hn_fwd_size();
	struct nl_msg *msg;
	int ret;

	*msgp = NULL;
	c->err[0] = '\0';
	if (cmd != HOMENET_CMD_FWD_REPLACE && n != 1)
		return -EINVAL;
	msg = hn_request_size(c, cmd, 0, size);
	if (!msg)
		return -ENOMEM;
	switch (cmd) {
	case HOMENET_CMD_FWD_ADD:
		ret = hn_fwd_put(msg, HOMENET_A_FWD, v);
		break;
	case HOMENET_CMD_FWD_DEL:
		ret = hn_fwd_put_key(msg, v);
		break;
	case HOMENET_CMD_FWD_REPLACE:
		ret = hn_fwd_put_list(msg, v, n);
		break;
	default:
		ret = -EINVAL;
	}
	if (ret < 0) {
		nlmsg_free(msg);
		if (!c->err[0])
			hn_set_err(c, "cannot build the request: %s", strerror(-ret));
		return ret;
	}
	*msgp = msg;
	return 0;
}

static int hn_fwd_send(struct hn_client *c, int cmd, const struct hn_fwd *v, size_t n)
{
	struct nl_msg *msg;
	int ret = hn_fwd_request(c, cmd, v, n, &msg);

	return ret < 0 ? ret : hn_transact(c, msg, NULL, NULL, NULL);
}

int hn_fwd_add(struct hn_client *c, const struct hn_fwd *f)
{
	return hn_fwd_send(c, HOMENET_CMD_FWD_ADD, f, 1);
}

int hn_fwd_del(struct hn_client *c, const struct hn_fwd *f)
{
	return hn_fwd_send(c, HOMENET_CMD_FWD_DEL, f, 1);
}

int hn_fwd_replace(struct hn_client *c, const struct hn_fwd *v, size_t n)
{
	return hn_fwd_send(c, HOMENET_CMD_FWD_REPLACE, v, n);
}

int hn_fwd_flush(struct hn_client *c)
{
	return hn_do(c, HOMENET_CMD_FWD_FLUSH);
}
