// SPDX-License-Identifier: GPL-2.0
/*
 * An exact instruction profile of the benchmark guest's kernel: a QEMU
 * TCG plugin (scripts/bench-nat.sh loads it with BENCH_TBPROF=1) that
 * counts how often each translated block of kernel code runs.  Sampling
 * cannot do this under TCG: perf's timer under -icount fires in step with
 * the packet loop, and without icount it barely fires at all.
 *
 *   gcc -O2 -shared -fPIC -o tbprof.so tbprof.c -lpthread
 *   qemu ... -plugin tbprof.so,dir=DIR
 *
 * The guest asks for a snapshot by creating DIR/tbprof-NAME.req on the
 * share; a thread here writes DIR/tbprof-NAME.txt ("VADDR INSNS COUNT"
 * for every block that ran, counts since boot) and then removes the
 * request, which the guest waits for.  tests/bench/tbprof.py turns two
 * snapshots into instructions per packet, by kernel symbol.
 *
 * Debian ships no qemu-plugin.h: what is used of QEMU's plugin API
 * (version 1, QEMU 7.2) is declared below.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

void qemu_plugin_register_vcpu_tb_trans_cb(
    qemu_plugin_id_t id, void (*cb)(qemu_plugin_id_t, struct qemu_plugin_tb *));
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op, void *ptr,
					      uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    void (*cb)(qemu_plugin_id_t, void *),
				    void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* x86-64 kernel code lives in the top half of the address space */
#define KERNEL_BASE 0xffff800000000000ull
#define CHUNK_BLOCKS 65536
#define MAX_CHUNKS 4096

struct block {
	uint64_t count; /* bumped by the translated code itself */
	uint64_t vaddr;
	uint32_t insns;
};

/*
 * Every translation of a kernel block gets a slot that never moves (the
 * translated code holds its address); slots are handed out under @lock,
 * which the snapshot thread takes to see how many there are.
 */
struct tbprof {
	pthread_mutex_t lock;
	struct block *chunk[MAX_CHUNKS];
	size_t n;
	bool full;
	char dir[4096];
	pthread_t poller;
	bool stop;
};

static struct tbprof prof = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct block *block_new(struct tbprof *p, uint64_t vaddr, uint32_t insns)
{
	struct block *b = NULL;
	size_t c;

	pthread_mutex_lock(&p->lock);
	c = p->n / CHUNK_BLOCKS;
	if (c < MAX_CHUNKS && !p->chunk[c])
		p->chunk[c] = calloc(CHUNK_BLOCKS, sizeof(struct block));
	if (c < MAX_CHUNKS && p->chunk[c]) {
		b = &p->chunk[c][p->n % CHUNK_BLOCKS];
		b->vaddr = vaddr;
		b->insns = insns;
		p->n++;
	} else if (!p->full) {
		p->full = true;
		fprintf(stderr, "tbprof: out of block slots, no longer counting\n");
	}
	pthread_mutex_unlock(&p->lock);
	return b;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct block *b;

	(void)id;
	if (vaddr < KERNEL_BASE)
		return;
	b = block_new(&prof, vaddr, qemu_plugin_tb_n_insns(tb));
	if (b)
		qemu_plugin_register_vcpu_tb_exec_inline(
		    tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->count, 1);
}

static int snapshot(struct tbprof *p, const char *path)
{
	char tmp[4200];
	size_t n, i;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	pthread_mutex_lock(&p->lock);
	n = p->n;
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < n; i++) {
		const struct block *b = &p->chunk[i / CHUNK_BLOCKS][i % CHUNK_BLOCKS];
		uint64_t count = __atomic_load_n(&b->count, __ATOMIC_RELAXED);

		if (count)
			fprintf(f, "%" PRIx64 " %" PRIu32 " %" PRIu64 "\n",
				b->vaddr, b->insns, count);
	}
	if (fclose(f))
		return -errno;
	return rename(tmp, path) ? -errno : 0;
}

/* Answer every DIR/tbprof-NAME.req there is now. */
static void poll_requests(struct tbprof *p)
{
	char req[4200], txt[4200];
	struct dirent *e;
	size_t len;
	DIR *d;
	int err;

	d = opendir(p->dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		len = strlen(e->d_name);
		if (strncmp(e->d_name, "tbprof-", 7) || len < 12 ||
		    strcmp(e->d_name + len - 4, ".req"))
			continue;
		snprintf(req, sizeof(req), "%s/%s", p->dir, e->d_name);
		snprintf(txt, sizeof(txt), "%s/%.*s.txt", p->dir, (int)(len - 4),
			 e->d_name);
		err = snapshot(p, txt);
		if (err)
			fprintf(stderr, "tbprof: %s: %s\n", txt, strerror(-err));
		unlink(req);
	}
	closedir(d);
}

static void *poller(void *arg)
{
	struct tbprof *p = arg;
	const struct timespec tick = {.tv_nsec = 50 * 1000 * 1000};

	while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
		poll_requests(p);
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static void at_exit(qemu_plugin_id_t id, void *arg)
{
	struct tbprof *p = arg;
	char path[4200];

	(void)id;
	__atomic_store_n(&p->stop, true, __ATOMIC_RELAXED);
	pthread_join(p->poller, NULL);
	snprintf(path, sizeof(path), "%s/tbprof-exit.txt", p->dir);
	snapshot(p, path);
}

__attribute__((visibility("default"))) int
qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
		    char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "dir=", 4) &&
		    strlen(argv[i] + 4) < sizeof(prof.dir)) {
			strcpy(prof.dir, argv[i] + 4);
		} else {
			fprintf(stderr, "tbprof: unknown argument '%s'\n",
				argv[i]);
			return -1;
		}
	}
	if (!prof.dir[0]) {
		fprintf(stderr, "tbprof: no dir=DIR\n");
		return -1;
	}
	if (pthread_create(&prof.poller, NULL, poller, &prof)) {
		fprintf(stderr, "tbprof: no thread\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, &prof);
	return 0;
}
