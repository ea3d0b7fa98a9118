// SPDX-License-Identifier: GPL-2.0
/*
 * homenet: a home router in the kernel.
 *
 * This file only orders start-up and its mirror-image teardown; each part
 * lives in its own file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <uapi/linux/homenet.h>

#include "homenet.h"

static int __init hn_init(void)
{
	int ret;

	ret = hn_genl_init();
	if (ret < 0)
		return ret;

	pr_info("version %s loaded\n", HOMENET_VERSION);
	return 0;
}

static void __exit hn_exit(void)
{
	hn_genl_exit();
}

module_init(hn_init);
module_exit(hn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("homenet: NAPT and port forwarding for a home router");
MODULE_VERSION(HOMENET_VERSION);
MODULE_ALIAS_GENL_FAMILY(HOMENET_GENL_NAME);
