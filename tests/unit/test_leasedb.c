// SPDX-License-Identifier: GPL-2.0
/* Unit tests for homenetd's lease journal: append, replay, torn tails, compaction. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "leasedb.h"

#define WALL  1700000000 /* the wall clock when the leases were written */
#define NOW   5000000	 /* the monotonic clock then */
#define IP(x) htonl(0xc0a80100u | (x))

struct fix {
	char dir[64], path[96];
	struct leasedb db;
	struct dhcp_server s;
	struct dhcp_reply r;
	uint64_t now;
	/* the two clocks at one moment, for the wall time of a record */
	uint64_t mono_base;
	int64_t wall_base;
};

/* 192.168.1.1/24, pool .100-.199, 1 h leases, 10 min quarantine. */
static void server_init(struct dhcp_server *s)
{
	struct dhcp_config c;
	const char *why = NULL;

	dhcp_config_init(&c);
	c.params.server_id = IP(1);
	c.params.netmask = htonl(0xffffff00);
	c.pool_first = IP(100);
	c.pool_last = IP(199);
	c.lease_s = 3600;
	c.probe = false;
	assert_int_equal(dhcp_server_init(s, &c, &why), 0);
}

/* The journal as the hook, with the test's wall clock. */
static int hook_at_wall(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l,
			uint64_t now_ms)
{
	struct fix *f = ctx;
	int64_t elapsed_ms = (int64_t)now_ms - (int64_t)f->mono_base;

	if (ev == DHCP_EV_EXPIRE)
		return 0;
	return leasedb_append(&f->db, ev, l, now_ms, f->wall_base + elapsed_ms / 1000);
}

static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/test_leasedb.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/leases", f->dir);
	f->db.fd = f->db.go_fd = f->db.done_fd = -1;
	f->now = f->mono_base = NOW;
	f->wall_base = WALL;
	server_init(&f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;
	char tmp[128];

	leasedb_close(&f->db);
	dhcp_server_free(&f->s);
	unlink(f->path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", f->path);
	unlink(tmp);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Open the journal, the server's hook writing to it. */
static void open_db(struct fix *f)
{
	assert_int_equal(leasedb_open(&f->db, f->path), 0);
	f->s.hooks.lease_changed = hook_at_wall;
	f->s.hooks.ctx = f;
}

/* As after a restart: a new server, the journal read back at wall time @wall. */
static void restart(struct fix *f, uint64_t now, int64_t wall)
{
	leasedb_close(&f->db);
	dhcp_server_free(&f->s);
	server_init(&f->s);
	f->now = f->mono_base = now;
	f->wall_base = wall;
	open_db(f);
	assert_int_equal(leasedb_replay(&f->db, &f->s, now, wall), 0);
}

static enum dhcp_action send_msg(struct fix *f, uint8_t type, uint8_t id, uint32_t server,
				 uint32_t addr, uint32_t ciaddr)
{
	struct dhcp_msg *m = calloc(1, sizeof(*m));
	enum dhcp_action a;

	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->chaddr[0] = 2;
	m->chaddr[5] = id;
	m->type = type;
	m->server_id = server;
	m->requested_ip = addr;
	m->ciaddr = ciaddr;
	a = dhcp_handle(&f->s, m, f->now, &f->r);
	free(m);
	return a;
}

/* Client @id leases an address: DISCOVER, REQUEST. */
static uint32_t grant(struct fix *f, uint8_t id)
{
	uint32_t addr;

	assert_int_equal(send_msg(f, DHCPDISCOVER, id, 0, 0, 0), DHCP_ACT_SEND);
	addr = f->r.yiaddr;
	assert_int_equal(send_msg(f, DHCPREQUEST, id, IP(1), addr, 0), DHCP_ACT_SEND);
	assert_int_equal(f->r.type, DHCPACK);
	return addr;
}

struct find {
	uint32_t addr;
	struct dhcp_lease_info l;
};

static int find_cb(void *ctx, const struct dhcp_lease_info *l)
{
	struct find *q = ctx;

	if (l->addr != q->addr)
		return 0;
	q->l = *l;
	return 1;
}

static struct dhcp_lease_info lookup(struct fix *f, uint32_t addr)
{
	struct find q = { .addr = addr, .l = { .state = DHCP_LEASE_FREE } };

	dhcp_lease_foreach(&f->s, f->now, find_cb, &q);
	return q.l;
}

static off_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

static void write_file(const char *path, const void *buf, size_t len, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* Flip a byte of record @idx */
static void corrupt(const char *path, unsigned int idx, unsigned int at, uint8_t v)
{
	int fd = open(path, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &v, 1, LEASEDB_HDR_SIZE + idx * LEASEDB_REC_SIZE + at), 1);
	close(fd);
}

static void test_crc32c(void **state)
{
	(void)state;
	assert_int_equal(leasedb_crc32c("123456789", 9), 0xe3069283);
	assert_int_equal(leasedb_crc32c("", 0), 0);
}

/* A new journal is its header; a second daemon cannot open it. */
static void test_open_create_lock(void **state)
{
	struct fix *f = *state;
	struct leasedb other;
	char want[128];
	uint8_t h[16];
	int fd;

	open_db(f);
	assert_int_equal(f->db.records, 0);
	assert_int_equal(file_size(f->path), 16);
	fd = open(f->path, O_RDONLY);
	assert_int_equal(read(fd, h, 16), 16);
	close(fd);
	assert_memory_equal(h, "HNDLEASE\x01\0\0\0\xb0\0\0\0", 16);
	assert_int_equal(leasedb_open(&other, f->path), -1);
	snprintf(want, sizeof(want), "%s: in use by another homenetd", f->path);
	assert_string_equal(other.err, want);
	assert_int_equal(other.fd, -1);
	leasedb_close(&f->db);
	open_db(f);
	assert_int_equal(leasedb_replay(&f->db, &f->s, f->now, WALL), 0);
	assert_int_equal(f->db.replayed, 0);
	assert_false(f->db.torn);
}

/* Grants, a release and a decline come back after a restart, times converted. */
static void test_append_replay(void **state)
{
	struct fix *f = *state;
	uint32_t a1, a2, a3;
	struct dhcp_lease_info l;

	open_db(f);
	a1 = grant(f, 1);
	a2 = grant(f, 2);
	a3 = grant(f, 3);
	assert_int_equal(send_msg(f, DHCPRELEASE, 2, IP(1), 0, a2), DHCP_ACT_NONE);
	assert_int_equal(send_msg(f, DHCPDECLINE, 3, IP(1), a3, 0), DHCP_ACT_NONE);
	assert_int_equal(f->db.records, 5);
	assert_int_equal(file_size(f->path), 16 + 5 * 176);

	/* 100 s later on the wall clock, the monotonic one started anew */
	restart(f, 7000, WALL + 100);
	assert_int_equal(f->db.replayed, 5);
	assert_int_equal(f->db.bad, 0);
	assert_int_equal(f->db.dropped, 0);
	assert_string_equal(f->db.err, "");
	l = lookup(f, a1);
	assert_int_equal(l.state, DHCP_LEASE_BOUND);
	assert_int_equal(l.expires_ms, 7000 + 3500 * 1000);
	assert_int_equal(l.lease_s, 3600);
	assert_int_equal(l.hw[5], 1);
	l = lookup(f, a2);
	assert_int_equal(l.state, DHCP_LEASE_FREE);
	assert_int_equal(l.key.len, 7);
	l = lookup(f, a3);
	assert_int_equal(l.state, DHCP_LEASE_DECLINED);
	assert_int_equal(l.expires_ms, 7000 + 500 * 1000);
	/* the leases hold: the client renews, nobody else gets its address */
	assert_int_equal(send_msg(f, DHCPREQUEST, 1, 0, 0, a1), DHCP_ACT_SEND);
	assert_int_equal(f->r.type, DHCPACK);
	assert_int_equal(send_msg(f, DHCPREQUEST, 9, 0, a1, 0), DHCP_ACT_SEND);
	assert_int_equal(f->r.type, DHCPNAK);
	assert_int_equal(send_msg(f, DHCPDISCOVER, 2, 0, 0, 0), DHCP_ACT_SEND);
	assert_int_equal(f->r.yiaddr, a2);
	assert_int_equal(dhcp_server_check(&f->s, &(const char *){ NULL }), 0);
}

/* Read back after the lease ran out: a hint; the wall clock set back: one lease time at most. */
static void test_replay_times(void **state)
{
	struct fix *f = *state;
	uint32_t a1;

	open_db(f);
	a1 = grant(f, 1);
	restart(f, 1000, WALL + 4000);
	assert_int_equal(lookup(f, a1).state, DHCP_LEASE_FREE);
	assert_int_equal(lookup(f, a1).key.len, 7);
	restart(f, 1000, WALL - 1000000);
	assert_int_equal(lookup(f, a1).state, DHCP_LEASE_BOUND);
	assert_int_equal(lookup(f, a1).expires_ms, 1000 + 3600 * 1000);
}

/* A crash in the middle of a write: the partial record is cut off, appends go on. */
static void test_torn_tail_partial(void **state)
{
	struct fix *f = *state;
	static const uint8_t junk[100] = { 0x42 };
	uint32_t a1, a2;

	open_db(f);
	a1 = grant(f, 1);
	a2 = grant(f, 2);
	write_file(f->path, junk, sizeof(junk), O_APPEND);
	restart(f, 1000, WALL);
	assert_true(f->db.torn);
	assert_int_equal(f->db.replayed, 2);
	assert_int_equal(f->db.bad, 0);
	assert_int_equal(file_size(f->path), 16 + 2 * 176);
	assert_int_equal(grant(f, 3), IP(102));
	restart(f, 1000, WALL);
	assert_false(f->db.torn);
	assert_int_equal(f->db.replayed, 3);
	assert_int_equal(lookup(f, a1).state, DHCP_LEASE_BOUND);
	assert_int_equal(lookup(f, a2).state, DHCP_LEASE_BOUND);
	assert_int_equal(lookup(f, IP(102)).state, DHCP_LEASE_BOUND);
}

/* A whole last record that fails its checksum (zeros, or garbled) is the torn one. */
static void test_torn_tail_record(void **state)
{
	struct fix *f = *state;
	static const uint8_t zeros[LEASEDB_REC_SIZE];

	open_db(f);
	grant(f, 1);
	write_file(f->path, zeros, sizeof(zeros), O_APPEND);
	restart(f, 1000, WALL);
	assert_true(f->db.torn);
	assert_int_equal(f->db.replayed, 1);
	assert_int_equal(f->db.bad, 0);
	assert_string_equal(f->db.err, "");
	assert_int_equal(file_size(f->path), 16 + 176);

	grant(f, 2);
	corrupt(f->path, 1, 100, 0xee);
	restart(f, 1000, WALL);
	assert_true(f->db.torn);
	assert_int_equal(f->db.replayed, 1);
	assert_int_equal(lookup(f, IP(101)).state, DHCP_LEASE_FREE);
	assert_int_equal(f->db.records, 1);
}

/* Corruption before the last record: skipped, counted, named. */
static void test_corrupt_middle(void **state)
{
	struct fix *f = *state;
	char want[256];

	open_db(f);
	grant(f, 1);
	grant(f, 2);
	grant(f, 3);
	corrupt(f->path, 1, 50, 0xee);
	restart(f, 1000, WALL);
	assert_false(f->db.torn);
	assert_int_equal(f->db.bad, 1);
	assert_int_equal(f->db.replayed, 2);
	snprintf(want, sizeof(want), "%s: record 1 (offset 192): bad checksum, skipped", f->path);
	assert_string_equal(f->db.err, want);
	assert_int_equal(file_size(f->path), 16 + 3 * 176);
	assert_int_equal(lookup(f, IP(101)).state, DHCP_LEASE_FREE);
	assert_int_equal(lookup(f, IP(102)).state, DHCP_LEASE_BOUND);
}

/* A record with a good checksum but impossible content: skipped, named. */
static void test_invalid_record(void **state)
{
	struct fix *f = *state;
	uint8_t rec[LEASEDB_REC_SIZE];
	char want[256];
	uint32_t crc;
	int fd;

	open_db(f);
	grant(f, 1);
	grant(f, 2);
	fd = open(f->path, O_RDWR);
	assert_int_equal(pread(fd, rec, sizeof(rec), 16), (ssize_t)sizeof(rec));
	rec[5] = 9; /* state */
	crc = leasedb_crc32c(rec + 4, sizeof(rec) - 4);
	memcpy(rec, &crc, 4); /* little-endian machine */
	assert_int_equal(pwrite(fd, rec, sizeof(rec), 16), (ssize_t)sizeof(rec));
	close(fd);
	restart(f, 1000, WALL);
	assert_int_equal(f->db.bad, 1);
	snprintf(want, sizeof(want), "%s: record 0 (offset 16): unknown lease state, skipped",
		 f->path);
	assert_string_equal(f->db.err, want);
}

static void expect_open_error(struct fix *f, const void *content, size_t len, const char *why)
{
	char want[256];

	unlink(f->path);
	write_file(f->path, content, len, O_TRUNC);
	assert_int_equal(leasedb_open(&f->db, f->path), -1);
	snprintf(want, sizeof(want), "%s: %s", f->path, why);
	assert_string_equal(f->db.err, want);
	assert_int_equal(f->db.fd, -1);
}

static void test_bad_header(void **state)
{
	struct fix *f = *state;

	expect_open_error(f, "# dnsmasq leases file, not ours\n", 32,
			  "not a homenetd lease journal (bad magic)");
	expect_open_error(f, "HNDLEASE\x02\0\0\0\xb0\0\0\0", 16,
			  "journal version 2, this homenetd reads 1");
	expect_open_error(f, "HNDLEASE\x01\0\0\0\x80\0\0\0", 16,
			  "record size 128, this homenetd writes 176");
	expect_open_error(f, "hello", 5, "not a homenetd lease journal (bad header)");
	/* the start of a header: a crash while the file was created; completed */
	unlink(f->path);
	write_file(f->path, "HNDLE", 5, O_TRUNC);
	assert_int_equal(leasedb_open(&f->db, f->path), 0);
	assert_int_equal(file_size(f->path), 16);
	leasedb_close(&f->db);
	assert_int_equal(leasedb_open(&f->db, "/nonexistent/dir/leases"), -1);
	assert_string_equal(f->db.err,
			    "/nonexistent/dir/leases: cannot open: No such file or directory");
}

/* A lease the new configuration cannot hold (the pool shrank) is dropped. */
static void test_dropped(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l = { .addr = IP(20), .state = DHCP_LEASE_BOUND, .lease_s = 600 };

	open_db(f);
	l.key.kind = DHCP_KEY_HW;
	l.key.len = 7;
	l.expires_ms = NOW + 600000;
	assert_int_equal(leasedb_append(&f->db, DHCP_EV_GRANT, &l, NOW, WALL), 0);
	grant(f, 1);
	restart(f, 1000, WALL);
	assert_int_equal(f->db.dropped, 1);
	assert_int_equal(f->db.replayed, 1);
	assert_int_equal(f->db.bad, 0);
}

/* Many renewals: the journal is compacted to one record per live address. */
static void test_compact(void **state)
{
	struct fix *f = *state;
	uint32_t addr[10];
	char tmp[128];
	int i, round;

	open_db(f);
	for (i = 0; i < 10; i++)
		addr[i] = grant(f, (uint8_t)i);
	assert_false(leasedb_needs_compact(&f->db, &f->s));
	for (round = 0; round < 106; round++) {
		f->now += 1000;
		for (i = 0; i < 10; i++)
			assert_int_equal(send_msg(f, DHCPREQUEST, (uint8_t)i, 0, 0, addr[i]),
					 DHCP_ACT_SEND);
	}
	assert_int_equal(f->db.records, 1070);
	assert_true(leasedb_needs_compact(&f->db, &f->s));
	assert_int_equal(leasedb_compact(&f->db, &f->s, f->now, WALL + 106), 0);
	assert_int_equal(f->db.records, 10);
	assert_int_equal(file_size(f->path), 16 + 10 * 176);
	snprintf(tmp, sizeof(tmp), "%s.tmp", f->path);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_false(leasedb_needs_compact(&f->db, &f->s));
	/* appends go on after the snapshot, and all of it reads back */
	assert_int_equal(send_msg(f, DHCPRELEASE, 0, 0, 0, addr[0]), DHCP_ACT_NONE);
	assert_int_equal(f->db.records, 11);
	restart(f, 1000, WALL + 106);
	assert_int_equal(f->db.replayed, 11);
	assert_int_equal(lookup(f, addr[0]).state, DHCP_LEASE_FREE);
	for (i = 1; i < 10; i++) {
		assert_int_equal(lookup(f, addr[i]).state, DHCP_LEASE_BOUND);
		assert_int_equal(lookup(f, addr[i]).expires_ms, 1000 + 3600 * 1000);
	}
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A /14 pool with 100,000 leases: snapshot and replay, each well under a second. */
static void test_100k(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l = { .state = DHCP_LEASE_BOUND, .lease_s = 3600 };
	struct dhcp_config c;
	struct timespec t0;
	const char *why = NULL;
	uint32_t i;

	dhcp_server_free(&f->s);
	dhcp_config_init(&c);
	c.params.server_id = htonl(0x0a000001);
	c.params.netmask = htonl(0xfffc0000);
	c.pool_first = htonl(0x0a000002);
	c.pool_last = htonl(0x0a03fffe);
	assert_int_equal(dhcp_server_init(&f->s, &c, &why), 0);
	l.key.kind = DHCP_KEY_CLIENT_ID;
	l.key.len = 8;
	l.expires_ms = NOW + 3600 * 1000;
	for (i = 0; i < 100000; i++) {
		l.addr = htonl(0x0a000002 + i);
		memcpy(l.key.data, &i, 4);
		snprintf(l.name, sizeof(l.name), "host-%u", i);
		assert_int_equal(dhcp_lease_restore(&f->s, &l, NOW, &why), 0);
	}
	open_db(f);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(leasedb_compact(&f->db, &f->s, NOW, WALL), 0);
	print_message("# compacted 100000 leases in %.3f s\n", since(&t0));
	assert_int_equal(f->db.records, 100000);
	leasedb_close(&f->db);
	dhcp_server_free(&f->s);
	assert_int_equal(dhcp_server_init(&f->s, &c, &why), 0);
	open_db(f);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(leasedb_replay(&f->db, &f->s, 1000, WALL + 1), 0);
	print_message("# replayed 100000 leases in %.3f s\n", since(&t0));
	assert_true(since(&t0) < 1.0);
	assert_int_equal(f->db.replayed, 100000);
	assert_int_equal(f->s.n_state[DHCP_LEASE_BOUND], 100000);
	assert_int_equal(dhcp_server_check(&f->s, &why), 0);
	assert_string_equal(lookup(f, htonl(0x0a000002 + 77777)).name, "host-77777");
	assert_int_equal(lookup(f, htonl(0x0a000002 + 77777)).expires_ms, 1000 + 3599 * 1000);
}

/*
 * leasedb_hook saves what matters: not expiries; static bindings' leases
 * too, so their holders are still listed after a restart.
 */
static void test_hook(void **state)
{
	struct fix *f = *state;
	struct dhcp_lease_info l = { .addr = IP(150), .state = DHCP_LEASE_BOUND, .lease_s = 60 };

	open_db(f);
	l.key.kind = DHCP_KEY_HW;
	l.key.len = 7;
	l.expires_ms = f->now + 60000;
	assert_int_equal(leasedb_hook(&f->db, DHCP_EV_EXPIRE, &l, f->now), 0);
	assert_int_equal(f->db.records, 0);
	l.is_static = true;
	assert_int_equal(leasedb_hook(&f->db, DHCP_EV_GRANT, &l, f->now), 0);
	assert_int_equal(f->db.records, 1);
	l.is_static = false;
	assert_int_equal(leasedb_hook(&f->db, DHCP_EV_GRANT, &l, f->now), 0);
	assert_int_equal(f->db.records, 2);
	/* written with the real clock: read back with it, the lease still runs */
	restart(f, 1000, time(NULL));
	assert_int_equal(lookup(f, IP(150)).state, DHCP_LEASE_BOUND);
	assert_true(lookup(f, IP(150)).expires_ms > 1000 + 58000);
}

/* The disk refuses: the append fails, names the file, and the client gets no ACK. */
static void test_append_fails(void **state)
{
	struct fix *f = *state;
	char want[256];
	int fd;

	open_db(f);
	grant(f, 1);
	fd = open(f->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, f->db.fd), f->db.fd);
	close(fd);
	assert_int_equal(send_msg(f, DHCPDISCOVER, 2, 0, 0, 0), DHCP_ACT_SEND);
	assert_int_equal(send_msg(f, DHCPREQUEST, 2, IP(1), f->r.yiaddr, 0), DHCP_ACT_NONE);
	assert_string_equal(f->r.why, "the lease could not be saved");
	snprintf(want, sizeof(want), "%s: cannot write record 1: Bad file descriptor", f->path);
	assert_string_equal(f->db.err, want);
	assert_int_equal(f->db.records, 1);
}

/*
 * Group commit: a batch's grants are written in order with no sync, and
 * one commit makes them durable; they read back as if synced one by one.
 */
static void test_batch_commit(void **state)
{
	struct fix *f = *state;
	uint32_t a[5];
	unsigned int i;

	open_db(f);
	a[0] = grant(f, 1);
	leasedb_batch_begin(&f->db);
	for (i = 1; i < 5; i++)
		a[i] = grant(f, (uint8_t)(1 + i));
	/* client 2 gives its lease back in the same batch: the last record wins */
	assert_int_equal(send_msg(f, DHCPRELEASE, 2, IP(1), 0, a[1]), DHCP_ACT_NONE);
	assert_true(f->db.batch);
	assert_int_equal(f->db.unsynced, 5);
	assert_int_equal(f->db.records, 6);
	assert_int_equal(file_size(f->path), 16 + 6 * 176);
	/* no compaction in the middle of a batch: its records would be lost */
	assert_int_equal(leasedb_compact(&f->db, &f->s, f->now, WALL), -1);
	assert_int_equal(f->db.records, 6);
	assert_int_equal(leasedb_batch_commit(&f->db), 0);
	assert_false(f->db.batch);
	assert_int_equal(f->db.unsynced, 0);
	/* an empty batch commits too, with nothing to sync */
	leasedb_batch_begin(&f->db);
	assert_int_equal(leasedb_batch_commit(&f->db), 0);

	restart(f, 1000, WALL + 1);
	assert_int_equal(f->db.replayed, 6);
	assert_int_equal(lookup(f, a[0]).state, DHCP_LEASE_BOUND);
	assert_int_equal(lookup(f, a[1]).state, DHCP_LEASE_FREE);
	for (i = 2; i < 5; i++) {
		assert_int_equal(lookup(f, a[i]).state, DHCP_LEASE_BOUND);
		assert_int_equal(lookup(f, a[i]).hw[5], 1 + i);
	}
	assert_int_equal(dhcp_server_check(&f->s, &(const char *){ NULL }), 0);
}

/*
 * The sync of a batch fails: the commit says so (and the daemon withholds
 * the batch's ACKs), the batch's records are cut off, the ones before stay.
 */
static void test_batch_commit_fails(void **state)
{
	struct fix *f = *state;
	char want[256];
	int p[2], fd;

	open_db(f);
	grant(f, 1);
	leasedb_batch_begin(&f->db);
	grant(f, 2);
	grant(f, 3);
	assert_int_equal(f->db.records, 3);
	/* the journal's descriptor becomes a pipe: fdatasync() fails (EINVAL) */
	fd = f->db.fd;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(dup2(p[1], fd), fd);
	close(p[0]);
	close(p[1]);
	assert_int_equal(leasedb_batch_commit(&f->db), -1);
	snprintf(want, sizeof(want), "%s: cannot sync records 1-2: Invalid argument", f->path);
	assert_string_equal(f->db.err, want);
	assert_false(f->db.batch);
	assert_int_equal(f->db.records, 1);
	assert_int_equal(f->db.end, 16 + 176);
	/* the file still has them (the pipe could not cut them): replay reads them */
	restart(f, 1000, WALL + 1);
	assert_int_equal(f->db.replayed, 3);
}

/*
 * The sync thread: a submitted batch is durable only when its sync has
 * ended, and the loop learns it from the eventfd; a batch submitted while
 * a sync runs waits for the next one, which takes it whole.
 */
static void test_sync_thread(void **state)
{
	struct fix *f = *state;
	uint64_t t1, t2, before;
	uint32_t a[4];
	unsigned int i;

	open_db(f);
	assert_int_equal(leasedb_sync_start(&f->db), 0);
	assert_true(leasedb_sync_fd(&f->db) >= 0);
	before = leasedb_durable(&f->db);
	assert_int_equal(before, 16);
	leasedb_batch_begin(&f->db);
	a[0] = grant(f, 1);
	a[1] = grant(f, 2);
	t1 = leasedb_batch_submit(&f->db);
	assert_false(f->db.batch);
	assert_int_equal(t1, 16 + 2 * 176);
	assert_true(f->db.in_flight);
	/* not durable before the loop has taken the sync's end */
	assert_int_equal(leasedb_durable(&f->db), before);
	leasedb_batch_begin(&f->db);
	a[2] = grant(f, 3);
	a[3] = grant(f, 4);
	t2 = leasedb_batch_submit(&f->db);
	assert_int_equal(t2, 16 + 4 * 176);
	/* no compaction while records wait for their sync */
	assert_int_equal(leasedb_compact(&f->db, &f->s, f->now, WALL), -1);
	assert_int_equal(leasedb_sync_wait(&f->db), 0);
	assert_int_equal(leasedb_durable(&f->db), t1);
	/* the next sync began at once, for the second batch */
	assert_true(f->db.in_flight);
	assert_int_equal(leasedb_sync_wait(&f->db), 0);
	assert_int_equal(leasedb_durable(&f->db), t2);
	assert_false(f->db.in_flight);
	/* nothing to sync: nothing to wait for */
	assert_int_equal(leasedb_sync_wait(&f->db), 0);
	assert_int_equal(leasedb_sync_done(&f->db), 0);
	leasedb_batch_begin(&f->db);
	assert_int_equal(leasedb_batch_submit(&f->db), t2);
	assert_false(f->db.in_flight);
	assert_int_equal(leasedb_compact(&f->db, &f->s, f->now, WALL), 0);

	restart(f, 1000, WALL + 1);
	assert_int_equal(f->db.replayed, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(lookup(f, a[i]).state, DHCP_LEASE_BOUND);
}

/* Closing the journal waits for the sync under way: what was submitted is kept. */
static void test_sync_close(void **state)
{
	struct fix *f = *state;

	open_db(f);
	assert_int_equal(leasedb_sync_start(&f->db), 0);
	leasedb_batch_begin(&f->db);
	grant(f, 1);
	grant(f, 2);
	leasedb_batch_submit(&f->db);
	leasedb_close(&f->db);
	assert_false(f->db.syncer);
	assert_false(f->db.in_flight);
	assert_int_equal(f->db.go_fd, -1);
	assert_int_equal(f->db.done_fd, -1);
	restart(f, 1000, WALL + 1);
	assert_int_equal(f->db.replayed, 2);
}

/*
 * The thread's sync fails: the loop is told, the file is cut back to its
 * durable end, and the records after it (the failed batch and the one
 * written meanwhile) are gone from the count.
 */
static void test_sync_thread_fails(void **state)
{
	struct fix *f = *state;
	char want[256];
	int p[2], fd;

	open_db(f);
	assert_int_equal(leasedb_sync_start(&f->db), 0);
	grant(f, 1);
	assert_int_equal(leasedb_durable(&f->db), 16 + 176);
	leasedb_batch_begin(&f->db);
	grant(f, 2);
	grant(f, 3);
	/* the journal's descriptor becomes a pipe: fdatasync() fails (EINVAL) */
	fd = f->db.fd;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(dup2(p[1], fd), fd);
	close(p[0]);
	close(p[1]);
	leasedb_batch_submit(&f->db);
	assert_int_equal(leasedb_sync_wait(&f->db), -1);
	snprintf(want, sizeof(want), "%s: cannot sync records 1-2: Invalid argument", f->path);
	assert_string_equal(f->db.err, want);
	assert_false(f->db.in_flight);
	assert_int_equal(f->db.records, 1);
	assert_int_equal(f->db.end, 16 + 176);
	assert_int_equal(leasedb_durable(&f->db), 16 + 176);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c),
		T(test_open_create_lock),
		T(test_append_replay),
		T(test_replay_times),
		T(test_torn_tail_partial),
		T(test_torn_tail_record),
		T(test_corrupt_middle),
		T(test_invalid_record),
		T(test_bad_header),
		T(test_dropped),
		T(test_compact),
		T(test_100k),
		T(test_hook),
		T(test_append_fails),
		T(test_batch_commit),
		T(test_batch_commit_fails),
		T(test_sync_thread),
		T(test_sync_close),
		T(test_sync_thread_fails),
	};

	return cmocka_run_group_tests_name("leasedb", tests, NULL, NULL);
}
