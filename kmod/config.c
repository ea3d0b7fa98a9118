// SPDX-License-Identifier: GPL-2.0
/*
 * The router's configuration, per network namespace: built whole, checked
 * whole, published with one pointer swap (RCU).  Also follows the WAN
 * interface's address when the external address is "auto".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

static const struct hn_prefix hn_private[] = {
	{ cpu_to_be32(0x0a000000), cpu_to_be32(0xff000000) },	/* 10/8 */
	{ cpu_to_be32(0xac100000), cpu_to_be32(0xfff00000) },	/* 172.16/12 */
	{ cpu_to_be32(0xc0a80000), cpu_to_be32(0xffff0000) },	/* 192.168/16 */
};

static void hn_config_set_jiffies(struct hn_config *cfg)
{
	int i;

	for (i = 0; i < __HN_TO_MAX; i++)
		cfg->timeout[i] = (unsigned long)cfg->timeout_sec[i] * HZ;
}

struct hn_config *hn_config_default(void)
{
	struct hn_config *cfg = kzalloc(sizeof(*cfg), GFP_KERNEL_ACCOUNT);

	if (!cfg)
		return NULL;
	cfg->port_min = 1;
	cfg->port_max = 65535;
	cfg->filter = HOMENET_FILTER_ADF;
	cfg->fastpath = HOMENET_FASTPATH_AUTO;
	cfg->max_sessions = HN_DEF_MAX_SESSIONS;
	cfg->timeout_sec[HN_TO_UDP] = HN_DEF_TIMEOUT_UDP;
	cfg->timeout_sec[HN_TO_TCP_EST] = HN_DEF_TIMEOUT_TCP_EST;
	cfg->timeout_sec[HN_TO_TCP_TRANS] = HN_DEF_TIMEOUT_TCP_TRANS;
	cfg->timeout_sec[HN_TO_ICMP] = HN_DEF_TIMEOUT_ICMP;
	cfg->timeout_sec[HN_TO_EMBRYONIC] = HN_DEF_TIMEOUT_EMBRYONIC;
	hn_config_set_jiffies(cfg);
	memcpy(cfg->inside, hn_private, sizeof(hn_private));
	cfg->n_inside = ARRAY_SIZE(hn_private);
	return cfg;
}

struct hn_config *hn_config_copy(const struct hn_config *old)
{
	return kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT);
}

/* The primary IPv4 address of @ifindex in @net, 0 when it has none. */
static __be32 hn_wan_addr(struct net *net, int ifindex)
{
	const struct in_ifaddr *ifa;
	struct net_device *dev;
	struct in_device *idev;
	__be32 addr = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	idev = dev ? __in_dev_get_rcu(dev) : NULL;
	if (idev) {
		in_dev_for_each_ifa_rcu(ifa, idev) {
			if (!(ifa->ifa_flags & IFA_F_SECONDARY)) {
				addr = ifa->ifa_local;
				break;
			}
		}
	}
	rcu_read_unlock();
	return addr;
}

/* Do sessions made under @old still hold under @new? */
static bool hn_config_keeps_sessions(const struct hn_config *old,
				     const struct hn_config *new)
{
	return old->wan_ifindex == new->wan_ifindex &&
	       old->cur_addr == new->cur_addr &&
	       old->port_min == new->port_min &&
	       old->port_max == new->port_max &&
	       old->n_inside == new->n_inside &&
	       !memcmp(old->inside, new->inside,
		       old->n_inside * sizeof(old->inside[0]));
}

/*
 * Sessions belong to the generation of the configuration they were made
 * under (hn_config.gen): one that invalidates them starts a new one, and
 * from then on the old generation's sessions and mappings are misses for
 * every lookup made under the new configuration, as if they were gone.
 * The flush worker then takes them out with one sweep, once no packet
 * can still be making one: nothing waits for a table to empty while
 * traffic refills it, and no session made under the new configuration is
 * lost.
 *
 * A generation is 8 bits: it must not come round to one that sessions
 * still carry.  Those left are no older than @hn->swept_gen, the
 * generation the last sweep began in, so only a 256th change before a
 * sweep could run has to wait for it.
 */
static void hn_config_publish(struct hn_net *hn, struct hn_config *cfg,
			      const struct hn_config *old, bool flush)
{
	lockdep_assert_held(&hn->lock);
	cfg->gen = old ? old->gen + flush : 0;
	if (flush) {
		if (cfg->gen == READ_ONCE(hn->swept_gen))
			flush_work(&hn->flush_work);
		/* before the configuration: a sweep must not see its sessions as old */
		WRITE_ONCE(hn->gen, cfg->gen);
	}
	rcu_assign_pointer(hn->config, cfg);
	if (flush)
		queue_work(system_unbound_wq, &hn->flush_work);
}

/* Sweep out the sessions of older generations (see hn_config_publish()). */
static void hn_config_flush_work(struct work_struct *work)
{
	struct hn_net *hn = container_of(work, struct hn_net, flush_work);
	u8 gen = READ_ONCE(hn->gen);

	synchronize_net();	/* no packet still makes one of an older generation */
	hn_session_sweep_stale(hn);
	WRITE_ONCE(hn->swept_gen, gen);
}

void hn_config_net_init(struct hn_net *hn)
{
	INIT_WORK(&hn->flush_work, hn_config_flush_work);
}

/*
 * Make @cfg the configuration of @hn (it takes ownership, also on error).
 * Hooks are registered when NAT turns on and removed when it turns off;
 * the sessions the change invalidates go (hn_config_publish()); the
 * caller may hn_config_wait() for them to be gone.  Under RTNL (the
 * devices' ingress hooks) and hn->lock.
 */
int hn_config_apply(struct hn_net *hn, struct hn_config *cfg,
		    struct netlink_ext_ack *extack)
{
	struct hn_config *old;
	struct net_device *dev;
	int ret;

	ASSERT_RTNL();
	lockdep_assert_held(&hn->lock);
	old = rcu_dereference_protected(hn->config, lockdep_is_held(&hn->lock));

	hn_config_set_jiffies(cfg);
	cfg->cur_addr = 0;
	if (cfg->wan_ifindex)
		cfg->cur_addr = cfg->addr ?: hn_wan_addr(hn->net, cfg->wan_ifindex);

	if (cfg->wan_ifindex && !hn->hooks_on) {
		ret = hn_hooks_register(hn);
		if (ret) {
			NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
			kfree(cfg);
			return ret;
		}
		hn->hooks_on = true;
		for_each_netdev(hn->net, dev)
			hn_ingress_add(hn, dev);
	}

	hn_config_publish(hn, cfg, old, old && !hn_config_keeps_sessions(old, cfg));

	if (!cfg->wan_ifindex && hn->hooks_on) {
		hn_hooks_unregister(hn);
		hn->hooks_on = false;
	}
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/* Until the sessions of older generations are gone.  Sleeps; no locks held. */
void hn_config_wait(struct hn_net *hn)
{
	flush_work(&hn->flush_work);
}

/*
 * Every session goes (HOMENET_CMD_SESSION_FLUSH): a new generation, and
 * its sweep waited for.  No locks held.
 */
int hn_config_flush(struct hn_net *hn)
{
	struct hn_config *old, *cfg;

	mutex_lock(&hn->lock);
	old = rcu_dereference_protected(hn->config, lockdep_is_held(&hn->lock));
	cfg = hn_config_copy(old);
	if (!cfg) {
		mutex_unlock(&hn->lock);
		return -ENOMEM;
	}
	hn_config_publish(hn, cfg, old, true);
	mutex_unlock(&hn->lock);
	kfree_rcu(old, rcu);
	hn_config_wait(hn);
	return 0;
}

/* Re-read the WAN address of @dev's namespace if @dev is its WAN. */
static void hn_config_wan_changed(struct net_device *dev)
{
	struct hn_net *hn = hn_pernet(dev_net(dev));
	const struct hn_config *cur;
	struct hn_config *cfg;

	mutex_lock(&hn->lock);
	cur = rcu_dereference_protected(hn->config, lockdep_is_held(&hn->lock));
	if (cur && cur->wan_ifindex == dev->ifindex && !cur->addr &&
	    hn_wan_addr(hn->net, cur->wan_ifindex) != cur->cur_addr) {
		cfg = hn_config_copy(cur);
		if (cfg)
			hn_config_apply(hn, cfg, NULL);
		else
			pr_warn_ratelimited("no memory to follow the WAN address\n");
	}
	mutex_unlock(&hn->lock);
}

static int hn_inetaddr_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	const struct in_ifaddr *ifa = ptr;

	if (event == NETDEV_UP || event == NETDEV_DOWN)
		hn_config_wan_changed(ifa->ifa_dev->dev);
	return NOTIFY_DONE;
}

static int hn_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct hn_net *hn = hn_pernet(dev_net(dev));

	if (event == NETDEV_REGISTER) {
		mutex_lock(&hn->lock);
		hn_ingress_add(hn, dev);
		mutex_unlock(&hn->lock);
	} else if (event == NETDEV_UNREGISTER) {
		mutex_lock(&hn->lock);
		hn_ingress_del(hn, dev);
		mutex_unlock(&hn->lock);
		hn_syn_purge(hn, dev);
		hn_config_wan_changed(dev);
	}
	return NOTIFY_DONE;
}

static struct notifier_block hn_inetaddr_nb = {
	.notifier_call = hn_inetaddr_event,
};

static struct notifier_block hn_netdev_nb = {
	.notifier_call = hn_netdev_event,
};

int __init hn_config_init(void)
{
	int ret;

	ret = register_inetaddr_notifier(&hn_inetaddr_nb);
	if (ret)
		return ret;
	ret = register_netdevice_notifier(&hn_netdev_nb);
	if (ret)
		unregister_inetaddr_notifier(&hn_inetaddr_nb);
	return ret;
}

void hn_config_exit(void)
{
	unregister_netdevice_notifier(&hn_netdev_nb);
	unregister_inetaddr_notifier(&hn_inetaddr_nb);
}

/* Namespace going away: NAT off, sessions gone, configuration freed. */
void hn_config_net_exit(struct hn_net *hn)
{
	struct hn_config *old;

	rtnl_lock();
	mutex_lock(&hn->lock);
	if (hn->hooks_on) {
		hn_hooks_unregister(hn);
		hn->hooks_on = false;
	}
	old = rcu_dereference_protected(hn->config, lockdep_is_held(&hn->lock));
	RCU_INIT_POINTER(hn->config, NULL);
	mutex_unlock(&hn->lock);
	rtnl_unlock();
	synchronize_net();
	cancel_work_sync(&hn->flush_work);
	hn_session_flush_all(hn);
	kfree(old);
}
