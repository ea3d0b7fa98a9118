// SPDX-License-Identifier: GPL-2.0
/*
 * homenetctl version: this tool's version and the loaded module's.
 */
#include "ctl.h"

int do_version(struct hn_ctl *ctl, int argc, char **argv)
{
	struct hn_info info;
	int ret;

	if (argc > 0)
		return ctl_syntax_error(ctl, "\"version\" takes no arguments, got \"%s\"", argv[0]);

	ret = ctl_connect(ctl);
	if (!ret)
		ret = hn_info_get(&ctl->nl, &info);
	if (ret < 0)
		return ctl_kernel_error(ctl, ret);

	print_open_object(&ctl->pr, NULL);
	print_string(&ctl->pr, "homenetctl", "homenetctl %s\n", HOMENET_VERSION);
	print_string(&ctl->pr, "module", "homenet.ko %s\n", info.version);
	print_close_object(&ctl->pr);
	return EXIT_OK;
}
