// SPDX-License-Identifier: GPL-2.0
/*
 * hnl: homenet's generic netlink client, over libnl-genl-3.
 */
#include <errno.h>
#include <stdarg.h>
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

/* What one request/reply exchange collects through libnl's callbacks. */
struct hn_exchange {
	struct hn_client *c;
	int (*parse)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	int err; /* first error: from the kernel or from parse() */
};

__attribute__((format(printf, 2, 3))) static void hn_set_err(struct hn_client *c, const char *fmt,
							     ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
}

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
	return NL_STOP;
}

static int hn_on_valid(struct nl_msg *msg, void *arg)
{
	struct hn_exchange *x = arg;
	int ret;

	if (x->err || !x->parse)
		return NL_SKIP;
	ret = x->parse(nlmsg_hdr(msg), x->arg);
	if (ret < 0) {
		snprintf(x->c->err, sizeof(x->c->err), "malformed reply from the kernel: %s",
			 strerror(-ret));
		x->err = ret;
	}
	return NL_OK;
}

static int hn_on_ack(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_STOP;
}

/* Send @msg (consumed), feed every reply to @parse, wait for the ACK. */
static int hn_transact(struct hn_client *c, struct nl_msg *msg,
		       int (*parse)(const struct nlmsghdr *, void *), void *arg)
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

	ret = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		hn_set_err(c, "netlink send: %s", nl_geterror(ret));
		nl_cb_put(cb);
		return -EIO;
	}
	ret = nl_recvmsgs(c->sk, cb);
	nl_cb_put(cb);
	if (x.err)
		return x.err;
	if (ret < 0) {
		hn_set_err(c, "netlink receive: %s", nl_geterror(ret));
		return -EIO;
	}
	return 0;
}

/* A request for @cmd with NLM_F_ACK set, so every exchange ends explicitly. */
static struct nl_msg *hn_request(struct hn_client *c, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags | NLM_F_ACK, cmd,
			 HOMENET_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
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
	struct nl_msg *msg = hn_request(c, HOMENET_CMD_INFO_GET, 0);
	int ret;

	if (!msg)
		return -ENOMEM;
	memset(info, 0, sizeof(*info));
	ret = hn_transact(c, msg, hn_info_parse_cb, info);
	if (!ret && !info->version[0]) {
		hn_set_err(c, "the kernel sent no reply");
		ret = -ENODATA;
	}
	return ret;
}
