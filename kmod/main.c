// SPDX-License-Identifier: GPL-2.0
/*
 * homenet: a home router in the kernel.
 *
 * This file orders start-up and its mirror-image teardown, and holds the
 * per-namespace state's life cycle; each part lives in its own file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memcontrol.h>
#include <linux/module.h>
#include <net/net_namespace.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

unsigned int hn_net_id __read_mostly;

void hn_stats_sum(struct hn_net *hn, struct hn_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct hn_stats *s = per_cpu_ptr(hn->stats, cpu);
		u64 v[__HN_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			memcpy(v, s->c, sizeof(v));
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __HN_STAT_MAX; i++)
			sum->c[i] += v[i];
	}
}

static int __net_init hn_net_init(struct net *net)
{
	struct hn_net *hn = hn_pernet(net);
	struct hn_config *cfg;
	int ret;

	hn->net = net;
	/*
	 * The sessions of a namespace are charged to the memory cgroup of
	 * the task that made it (a container's), wherever the packets that
	 * make them are processed.  The first namespace's to none.
	 */
	if (net != &init_net && current->mm)
		hn->memcg = get_mem_cgroup_from_mm(current->mm);
	mutex_init(&hn->lock);
	INIT_LIST_HEAD(&hn->ingress);
	ret = -ENOMEM;
	hn->stats = netdev_alloc_pcpu_stats(struct hn_stats);
	if (!hn->stats)
		goto err_memcg;
	cfg = hn_config_default();
	if (!cfg) {
		ret = -ENOMEM;
		goto err_stats;
	}
	ret = hn_table_init(&hn->table, hn->memcg);
	if (ret)
		goto err_cfg;
	RCU_INIT_POINTER(hn->config, cfg);
	hn_config_net_init(hn);
	hn_syn_init(&hn->synq);
	hn_gc_start(hn);
	return 0;

err_cfg:
	kfree(cfg);
err_stats:
	free_percpu(hn->stats);
err_memcg:
	mem_cgroup_put(hn->memcg);
	return ret;
}

static void __net_exit hn_net_exit(struct net *net)
{
	struct hn_net *hn = hn_pernet(net);

	/* 1. no new sessions: hooks off, configuration gone, table empty */
	hn_config_net_exit(hn);
	hn_fwd_net_exit(hn);
	/* 2. nothing left to collect */
	hn_gc_stop(hn);
	hn_session_flush_all(hn);
	hn_table_destroy(&hn->table);
	free_percpu(hn->stats);
	mem_cgroup_put(hn->memcg);
}

static struct pernet_operations hn_net_ops = {
	.init = hn_net_init,
	.exit = hn_net_exit,
	.id = &hn_net_id,
	.size = sizeof(struct hn_net),
};

static int __init hn_init(void)
{
	int ret;

	ret = hn_session_cache_init();
	if (ret < 0)
		return ret;
	ret = register_pernet_subsys(&hn_net_ops);
	if (ret < 0)
		goto err_cache;
	ret = hn_config_init();
	if (ret < 0)
		goto err_pernet;
	ret = hn_genl_init();
	if (ret < 0)
		goto err_config;

	pr_info("version %s loaded\n", HOMENET_VERSION);
	return 0;

err_config:
	hn_config_exit();
err_pernet:
	unregister_pernet_subsys(&hn_net_ops);
err_cache:
	hn_session_cache_exit();
	return ret;
}

static void __exit hn_exit(void)
{
	hn_genl_exit();
	hn_config_exit();
	unregister_pernet_subsys(&hn_net_ops);
	hn_session_cache_exit();
}

module_init(hn_init);
module_exit(hn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("homenet: NAPT and port forwarding for a home router");
MODULE_VERSION(HOMENET_VERSION);
MODULE_ALIAS_GENL_FAMILY(HOMENET_GENL_NAME);
