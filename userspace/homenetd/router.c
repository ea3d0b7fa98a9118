// SPDX-License-Identifier: GPL-2.0
/*
 * homenetd and the kernel: push the NAT configuration and the forward
 * rules to homenet.ko, and push them again when the module comes back
 * (the generic netlink controller announces every new family).
 *
 * Resolving the family loads the module when it is installed (the kernel
 * asks modprobe for its alias, net-pf-16-proto-16-family-homenet).
 */
#include <errno.h>
#include <net/if.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <linux/genetlink.h>
#include <linux/homenet.h>

#include "hnd.h"

static int hnd_nl_connect(struct hnd *d)
{
	int ret;

	if (d->nl_open)
		hn_client_close(&d->nl);
	d->nl_open = false;
	ret = hn_client_open(&d->nl);
	if (ret < 0) {
		hnd_log(d, LOG_ERR, "%s (modprobe homenet, or run with --dhcp-only)", d->nl.err);
		return ret;
	}
	d->nl_open = true;
	return 0;
}

struct hnd_fwd_list {
	struct hn_fwd *v;
	size_t n, cap;
};

static int hnd_fwd_collect(const void *obj, void *arg)
{
	struct hnd_fwd_list *l = arg;
	struct hn_fwd *p;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		p = realloc(l->v, l->cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		l->v = p;
	}
	l->v[l->n++] = *(const struct hn_fwd *)obj;
	return 0;
}

/*
 * The configuration into the kernel: the forward rules (one atomic
 * replace), then the NAT settings.  When the second is refused the
 * rules are put back as they were: nothing is half applied.
 */
int hnd_router_push(struct hnd *d)
{
	struct hnd_fwd_list old = { 0 };
	struct hn_nat nat = d->cfg.nat;
	int ret, tries;

	if (d->dhcp_only || !d->nl_open)
		return 0;
	nat.present |= HN_NAT_WAN | HN_NAT_ADDR;
	nat.wan_ifindex = if_nametoindex(d->cfg.wan.ifname);
	nat.addr = d->cfg.wan.addr;
	if (!nat.wan_ifindex) {
		hnd_log(d, LOG_ERR, "WAN interface %s: %s", d->cfg.wan.ifname, strerror(errno));
		return -ENODEV;
	}
	for (tries = 0; tries < 5; tries++) {
		old.n = 0;
		ret = hn_fwd_dump(&d->nl, hnd_fwd_collect, &old);
		if (ret != -EINTR)
			break;
	}
	if (ret < 0) {
		hnd_log(d, LOG_ERR, "reading the forward rules: %s",
			d->nl.err[0] ? d->nl.err : strerror(-ret));
		goto out;
	}
	ret = hn_fwd_replace(&d->nl, d->cfg.fwds, d->cfg.n_fwds);
	if (ret < 0) {
		hnd_log(d, LOG_ERR, "the kernel refused the forward rules: %s",
			d->nl.err[0] ? d->nl.err : strerror(-ret));
		goto out;
	}
	ret = hn_nat_set(&d->nl, &nat);
	if (ret < 0) {
		hnd_log(d, LOG_ERR, "the kernel refused the NAT settings: %s",
			d->nl.err[0] ? d->nl.err : strerror(-ret));
		if (hn_fwd_replace(&d->nl, old.v, old.n) < 0)
			hnd_log(d, LOG_ERR, "and the old forward rules could not be put back: %s",
				d->nl.err);
		goto out;
	}
	hnd_log(d, LOG_INFO, "router configured: NAT on %s, %zu forward rule(s)", d->cfg.wan.ifname,
		d->cfg.n_fwds);
out:
	free(old.v);
	return ret;
}

/* A message of the controller's "notify" group. */
static int hnd_notify_msg(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct hnd *d = arg;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 || !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), HOMENET_GENL_NAME))
		return NL_OK;
	if (g->cmd == CTRL_CMD_DELFAMILY) {
		hnd_log(d, LOG_WARNING, "homenet.ko was unloaded: waiting for it to come back");
	} else if (g->cmd == CTRL_CMD_NEWFAMILY) {
		hnd_log(d, LOG_INFO, "homenet.ko is (re)loaded: configuring it");
		if (hnd_nl_connect(d) == 0)
			hnd_router_push(d);
	}
	return NL_OK;
}

int hnd_router_open(struct hnd *d)
{
	int grp, ret;

	if (d->dhcp_only)
		return 0;
	d->notify = nl_socket_alloc();
	if (!d->notify)
		return -ENOMEM;
	nl_socket_disable_seq_check(d->notify);
	nl_socket_modify_cb(d->notify, NL_CB_VALID, NL_CB_CUSTOM, hnd_notify_msg, d);
	ret = genl_connect(d->notify);
	grp = ret < 0 ? ret : genl_ctrl_resolve_grp(d->notify, "nlctrl", "notify");
	if (grp < 0 || nl_socket_add_membership(d->notify, grp) < 0 ||
	    nl_socket_set_nonblocking(d->notify) < 0) {
		hnd_log(d, LOG_ERR, "cannot follow generic netlink families: %s",
			nl_geterror(grp < 0 ? grp : ret));
		nl_socket_free(d->notify);
		d->notify = NULL;
		return -ENOTCONN;
	}
	ret = hnd_nl_connect(d);
	if (ret < 0)
		return ret;
	return hnd_router_push(d);
}

void hnd_router_close(struct hnd *d)
{
	if (d->notify)
		nl_socket_free(d->notify);
	d->notify = NULL;
	if (d->nl_open)
		hn_client_close(&d->nl);
	d->nl_open = false;
}

int hnd_router_notify_fd(struct hnd *d)
{
	return d->notify ? nl_socket_get_fd(d->notify) : -1;
}

void hnd_router_notify(struct hnd *d)
{
	nl_recvmsgs_default(d->notify);
}
