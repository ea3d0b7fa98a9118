// SPDX-License-Identifier: GPL-2.0
/*
 * leasedb: the lease journal.  leasedb.h gives the format and its rules.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "leasedb.h"

static const uint8_t leasedb_magic[8] = { 'H', 'N', 'D', 'L', 'E', 'A', 'S', 'E' };

/* A record's fields: offsets, little-endian */
enum {
	REC_CRC = 0, /* CRC-32C of the bytes after it */
	REC_KIND = 4,
	REC_STATE = 5,
	REC_KEY_KIND = 6,
	REC_KEY_LEN = 7,
	REC_HTYPE = 8,
	REC_HLEN = 9,
	REC_ADDR = 12, /* network order */
	REC_LEASE = 16,
	REC_EXPIRES = 20, /* wall-clock seconds, 0: none */
	REC_HW = 28,
	REC_KEY = 44,
	REC_NAME = 108,
	REC_END = 172, /* 4 bytes reserved up to LEASEDB_REC_SIZE */
};

_Static_assert(REC_KEY + DHCP_KEY_MAX == REC_NAME, "the key does not fit its field");
_Static_assert(REC_NAME + DHCP_NAME_MAX == REC_END, "the name does not fit its field");
_Static_assert(REC_END + 4 == LEASEDB_REC_SIZE, "the record size is wrong");

/* What happened, as the record says (replay applies every kind alike) */
enum rec_kind {
	REC_GRANT = 1,
	REC_RELEASE,
	REC_DECLINE,
	REC_EXPIRE,
	REC_SNAPSHOT,
};

/* A lease's state on disk; only these three are saved */
enum rec_state {
	RS_FREE = 1,
	RS_BOUND = 2,
	RS_DECLINED = 3,
};

/* The longest a quarantine may last after a replay */
#define LEASEDB_REST_MAX_S (24 * 3600)

/* Records read at a time by replay */
#define REPLAY_CHUNK 128

static const uint32_t crc32c_nibble[16] = {
	0x00000000, 0x105ec76f, 0x20bd8ede, 0x30e349b1, 0x417b1dbc, 0x5125dad3,
	0x61c69362, 0x7198540d, 0x82f63b78, 0x92a8fc17, 0xa24bb5a6, 0xb21572c9,
	0xc38d26c4, 0xd3d3e1ab, 0xe330a81a, 0xf36e6f75,
};

uint32_t leasedb_crc32c(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffff;

	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc32c_nibble[crc & 15];
		crc = (crc >> 4) ^ crc32c_nibble[crc & 15];
	}
	return ~crc;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static __attribute__((format(printf, 2, 3))) int fail(struct leasedb *db, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db->err, sizeof(db->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* A replay's warning: the first one is kept. */
static __attribute__((format(printf, 2, 3))) void warn(struct leasedb *db, const char *fmt, ...)
{
	va_list ap;

	if (db->err[0])
		return;
	va_start(ap, fmt);
	vsnprintf(db->err, sizeof(db->err), fmt, ap);
	va_end(ap);
}

/* ---- time: monotonic in memory, wall clock on disk ---- */

static int64_t to_wall(uint64_t expires_ms, uint64_t now_ms, int64_t wall_s)
{
	if (!expires_ms)
		return 0;
	if (expires_ms <= now_ms)
		return wall_s;
	return wall_s + (int64_t)((expires_ms - now_ms + 999) / 1000);
}

/* Never longer than @cap_s from now; a time already past is now (expired). */
static uint64_t to_mono(int64_t expires_wall, uint32_t cap_s, uint64_t now_ms, int64_t wall_s)
{
	int64_t left = expires_wall - wall_s;

	if (!expires_wall)
		return 0;
	if (left <= 0)
		return now_ms;
	if (left > cap_s)
		left = cap_s;
	return now_ms + (uint64_t)left * 1000;
}

/* ---- records ---- */

static uint8_t state_to_disk(enum dhcp_lease_state state)
{
	switch (state) {
	case DHCP_LEASE_BOUND:
		return RS_BOUND;
	case DHCP_LEASE_DECLINED:
		return RS_DECLINED;
	default: /* an offer or a probe is not a lease: saved as a hint */
		return RS_FREE;
	}
}

static void encode(uint8_t *rec, enum rec_kind kind, const struct dhcp_lease_info *l,
		   uint64_t now_ms, int64_t wall_s)
{
	uint8_t state = state_to_disk(l->state);

	memset(rec, 0, LEASEDB_REC_SIZE);
	rec[REC_KIND] = (uint8_t)kind;
	rec[REC_STATE] = state;
	rec[REC_KEY_KIND] = l->key.kind;
	rec[REC_KEY_LEN] = l->key.len;
	rec[REC_HTYPE] = l->htype;
	rec[REC_HLEN] = l->hlen;
	memcpy(rec + REC_ADDR, &l->addr, 4);
	put_le32(rec + REC_LEASE, l->lease_s);
	if (state != RS_FREE)
		put_le64(rec + REC_EXPIRES, (uint64_t)to_wall(l->expires_ms, now_ms, wall_s));
	memcpy(rec + REC_HW, l->hw, DHCP_CHADDR_LEN);
	memcpy(rec + REC_KEY, l->key.data, DHCP_KEY_MAX);
	memcpy(rec + REC_NAME, l->name, strnlen(l->name, DHCP_NAME_MAX - 1));
	put_le32(rec + REC_CRC, leasedb_crc32c(rec + 4, LEASEDB_REC_SIZE - 4));
}

static const char *check_record(const uint8_t *rec)
{
	if (get_le32(rec + REC_CRC) != leasedb_crc32c(rec + 4, LEASEDB_REC_SIZE - 4))
		return "bad checksum";
	if (rec[REC_KIND] < REC_GRANT || rec[REC_KIND] > REC_SNAPSHOT)
		return "unknown record kind";
	if (rec[REC_STATE] < RS_FREE || rec[REC_STATE] > RS_DECLINED)
		return "unknown lease state";
	if (rec[REC_KEY_LEN] > DHCP_KEY_MAX || rec[REC_KEY_KIND] > DHCP_KEY_CLIENT_ID ||
	    !rec[REC_KEY_KIND] != !rec[REC_KEY_LEN])
		return "malformed client key";
	if (rec[REC_HLEN] > DHCP_CHADDR_LEN)
		return "hardware address longer than 16";
	if (!memchr(rec + REC_NAME, '\0', DHCP_NAME_MAX))
		return "host name not terminated";
	return NULL;
}

/* A checked record as a lease, its expiry made monotonic. */
static void decode(const uint8_t *rec, struct dhcp_lease_info *l, uint64_t now_ms, int64_t wall_s)
{
	static const enum dhcp_lease_state states[] = {
		[RS_FREE] = DHCP_LEASE_FREE,
		[RS_BOUND] = DHCP_LEASE_BOUND,
		[RS_DECLINED] = DHCP_LEASE_DECLINED,
	};
	int64_t expires = (int64_t)get_le64(rec + REC_EXPIRES);

	memset(l, 0, sizeof(*l));
	l->state = states[rec[REC_STATE]];
	l->key.kind = rec[REC_KEY_KIND];
	l->key.len = rec[REC_KEY_LEN];
	l->htype = rec[REC_HTYPE];
	l->hlen = rec[REC_HLEN];
	memcpy(&l->addr, rec + REC_ADDR, 4);
	l->lease_s = get_le32(rec + REC_LEASE);
	memcpy(l->hw, rec + REC_HW, DHCP_CHADDR_LEN);
	memcpy(l->key.data, rec + REC_KEY, DHCP_KEY_MAX);
	memcpy(l->name, rec + REC_NAME, DHCP_NAME_MAX);
	l->expires_ms =
		to_mono(expires, l->state == DHCP_LEASE_BOUND ? l->lease_s : LEASEDB_REST_MAX_S,
			now_ms, wall_s);
}

/* ---- files ---- */

static int pwrite_all(int fd, const void *buf, size_t len, uint64_t off)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Make a rename or a creation in @path's directory durable. */
static int fsync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, ret;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

static void header(uint8_t *h)
{
	memcpy(h, leasedb_magic, sizeof(leasedb_magic));
	put_le32(h + 8, LEASEDB_VERSION);
	put_le32(h + 12, LEASEDB_REC_SIZE);
}

/* A new file, or one cut short while it was being created: write the header. */
static int create_header(struct leasedb *db, size_t have)
{
	uint8_t want[LEASEDB_HDR_SIZE], got[LEASEDB_HDR_SIZE];

	header(want);
	if (pread(db->fd, got, have, 0) != (ssize_t)have || memcmp(got, want, have))
		return fail(db, "%s: not a homenetd lease journal (bad header)", db->path);
	if (pwrite_all(db->fd, want, sizeof(want), 0) < 0 || fdatasync(db->fd) < 0 ||
	    fsync_dir(db->path) < 0)
		return fail(db, "%s: cannot write the header: %s", db->path, strerror(errno));
	return 0;
}

static int check_header(struct leasedb *db)
{
	uint8_t h[LEASEDB_HDR_SIZE];

	if (pread(db->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return fail(db, "%s: cannot read the header: %s", db->path, strerror(errno));
	if (memcmp(h, leasedb_magic, sizeof(leasedb_magic)))
		return fail(db, "%s: not a homenetd lease journal (bad magic)", db->path);
	if (get_le32(h + 8) != LEASEDB_VERSION)
		return fail(db, "%s: journal version %u, this homenetd reads %u", db->path,
			    get_le32(h + 8), LEASEDB_VERSION);
	if (get_le32(h + 12) != LEASEDB_REC_SIZE)
		return fail(db, "%s: record size %u, this homenetd writes %u", db->path,
			    get_le32(h + 12), LEASEDB_REC_SIZE);
	return 0;
}

static int open_file(struct leasedb *db)
{
	struct stat st;

	db->fd = open(db->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (db->fd < 0)
		return fail(db, "%s: cannot open: %s", db->path, strerror(errno));
	if (flock(db->fd, LOCK_EX | LOCK_NB) < 0)
		return fail(db, "%s: %s", db->path,
			    errno == EWOULDBLOCK ? "in use by another homenetd" : strerror(errno));
	if (fstat(db->fd, &st) < 0)
		return fail(db, "%s: %s", db->path, strerror(errno));
	if (st.st_size < LEASEDB_HDR_SIZE)
		return create_header(db, (size_t)st.st_size);
	if (check_header(db) < 0)
		return -1;
	db->records = ((uint64_t)st.st_size - LEASEDB_HDR_SIZE) / LEASEDB_REC_SIZE;
	return 0;
}

int leasedb_open(struct leasedb *db, const char *path)
{
	memset(db, 0, sizeof(*db));
	db->fd = db->go_fd = db->done_fd = -1;
	if (strlen(path) + sizeof(".tmp") > sizeof(db->path))
		return fail(db, "%.64s...: path too long", path);
	strcpy(db->path, path);
	if (open_file(db) < 0) {
		leasedb_close(db);
		return -1;
	}
	db->end = LEASEDB_HDR_SIZE + db->records * LEASEDB_REC_SIZE;
	db->durable = db->end;
	return 0;
}

static void sync_stop(struct leasedb *db)
{
	uint64_t one = 1;

	if (!db->syncer)
		return;
	while (db->in_flight)
		leasedb_sync_wait(db);
	__atomic_store_n(&db->sync_quit, 1, __ATOMIC_RELEASE);
	if (write(db->go_fd, &one, sizeof(one)) != sizeof(one)) {
		/* cannot fail: the counter is read after every write */
	}
	pthread_join(db->thread, NULL);
	db->syncer = false;
}

void leasedb_close(struct leasedb *db)
{
	sync_stop(db);
	if (db->go_fd >= 0)
		close(db->go_fd);
	if (db->done_fd >= 0)
		close(db->done_fd);
	db->go_fd = db->done_fd = -1;
	if (db->fd >= 0)
		close(db->fd);
	db->fd = -1;
}

/* ---- replay ---- */

static void replay_record(struct leasedb *db, struct dhcp_server *s, const uint8_t *rec,
			  uint64_t idx, uint64_t now_ms, int64_t wall_s)
{
	struct dhcp_lease_info l;
	const char *why = check_record(rec);

	if (why) {
		db->bad++;
		warn(db, "%s: record %llu (offset %llu): %s, skipped", db->path,
		     (unsigned long long)idx,
		     (unsigned long long)(LEASEDB_HDR_SIZE + idx * LEASEDB_REC_SIZE), why);
		return;
	}
	decode(rec, &l, now_ms, wall_s);
	if (dhcp_lease_restore(s, &l, now_ms, &why) < 0)
		db->dropped++;
	else
		db->replayed++;
}

/* A crash in the middle of the last write leaves a record that fails its checksum. */
static bool torn_record(const uint8_t *rec)
{
	return get_le32(rec + REC_CRC) != leasedb_crc32c(rec + 4, LEASEDB_REC_SIZE - 4);
}

/* Read records [0, @n) into @s; returns how many are good to keep, or -1. */
static int64_t replay_records(struct leasedb *db, struct dhcp_server *s, uint64_t n, bool whole,
			      uint64_t now_ms, int64_t wall_s)
{
	uint8_t buf[REPLAY_CHUNK * LEASEDB_REC_SIZE];
	uint64_t i, k;

	for (i = 0; i < n; i += REPLAY_CHUNK) {
		uint64_t m = n - i < REPLAY_CHUNK ? n - i : REPLAY_CHUNK;
		size_t len = (size_t)m * LEASEDB_REC_SIZE;

		if (pread(db->fd, buf, len, (off_t)(LEASEDB_HDR_SIZE + i * LEASEDB_REC_SIZE)) !=
		    (ssize_t)len)
			return fail(db, "%s: cannot read: %s", db->path, strerror(errno));
		for (k = 0; k < m; k++) {
			const uint8_t *rec = buf + k * LEASEDB_REC_SIZE;

			/* with no partial bytes after it, a bad last record is the torn one */
			if (whole && i + k == n - 1 && torn_record(rec))
				return (int64_t)n - 1;
			replay_record(db, s, rec, i + k, now_ms, wall_s);
		}
	}
	return (int64_t)n;
}

int leasedb_replay(struct leasedb *db, struct dhcp_server *s, uint64_t now_ms, int64_t wall_s)
{
	struct stat st;
	uint64_t n, partial;
	int64_t keep;

	db->replayed = db->dropped = db->bad = 0;
	db->torn = false;
	db->err[0] = '\0';
	if (fstat(db->fd, &st) < 0)
		return fail(db, "%s: %s", db->path, strerror(errno));
	if (st.st_size < LEASEDB_HDR_SIZE)
		return fail(db, "%s: shorter than its header", db->path);
	n = ((uint64_t)st.st_size - LEASEDB_HDR_SIZE) / LEASEDB_REC_SIZE;
	partial = ((uint64_t)st.st_size - LEASEDB_HDR_SIZE) % LEASEDB_REC_SIZE;
	keep = replay_records(db, s, n, !partial, now_ms, wall_s);
	if (keep < 0)
		return -1;
	db->torn = partial || (uint64_t)keep < n;
	db->records = (uint64_t)keep;
	db->end = LEASEDB_HDR_SIZE + db->records * LEASEDB_REC_SIZE;
	db->durable = db->end;
	/* cut the torn tail, so that the next record starts where it should */
	if (db->torn && (ftruncate(db->fd, (off_t)db->end) < 0 || fdatasync(db->fd) < 0))
		return fail(db, "%s: cannot cut the torn last record: %s", db->path,
			    strerror(errno));
	return 0;
}

/* ---- writing ---- */

int leasedb_append(struct leasedb *db, enum dhcp_event ev, const struct dhcp_lease_info *l,
		   uint64_t now_ms, int64_t wall_s)
{
	uint8_t rec[LEASEDB_REC_SIZE];

	/* a record in a file whose name may still be the old one is not durable */
	if (db->dir_unsynced) {
		if (fsync_dir(db->path) < 0)
			return fail(db, "%s: cannot sync its directory: %s", db->path,
				    strerror(errno));
		db->dir_unsynced = false;
	}
	encode(rec, (enum rec_kind)(REC_GRANT + ev), l, now_ms, wall_s);
	if (pwrite_all(db->fd, rec, sizeof(rec), db->end) < 0 ||
	    (!db->batch && fdatasync(db->fd) < 0)) {
		int err = errno;

		/* no half record may stay before the next one */
		if (ftruncate(db->fd, (off_t)db->end) < 0) {
			/* the next replay cuts or skips it */
		}
		return fail(db, "%s: cannot write record %llu: %s", db->path,
			    (unsigned long long)db->records, strerror(err));
	}
	db->end += LEASEDB_REC_SIZE;
	db->records++;
	if (db->batch)
		db->unsynced++;
	else
		db->durable = db->end;
	return 0;
}

void leasedb_batch_begin(struct leasedb *db)
{
	db->batch = true;
	db->batch_end = db->end;
	db->unsynced = 0;
}

int leasedb_batch_commit(struct leasedb *db)
{
	uint64_t n = db->unsynced;
	int err;

	db->batch = false;
	db->unsynced = 0;
	if (!n || fdatasync(db->fd) == 0) {
		if (n)
			db->durable = db->end;
		return 0;
	}
	err = errno;
	/* what may be on disk of them is not to be trusted: cut it off */
	if (ftruncate(db->fd, (off_t)db->batch_end) < 0) {
		/* the next replay reads them: they were never acknowledged */
	}
	db->end = db->batch_end;
	db->records -= n;
	return fail(db, "%s: cannot sync records %llu-%llu: %s", db->path,
		    (unsigned long long)db->records, (unsigned long long)(db->records + n - 1),
		    strerror(err));
}

/* ---- the sync thread ---- */

static void *sync_thread(void *arg)
{
	struct leasedb *db = arg;
	uint64_t v;
	int err;

	for (;;) {
		if (read(db->go_fd, &v, sizeof(v)) != sizeof(v)) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (__atomic_load_n(&db->sync_quit, __ATOMIC_ACQUIRE))
			break;
		err = fdatasync(__atomic_load_n(&db->sync_file, __ATOMIC_ACQUIRE)) < 0 ? errno : 0;
		__atomic_store_n(&db->sync_errno, err, __ATOMIC_RELEASE);
		v = 1;
		if (write(db->done_fd, &v, sizeof(v)) != sizeof(v))
			break;
	}
	return NULL;
}

int leasedb_sync_start(struct leasedb *db)
{
	sigset_t all, old;
	int ret;

	if (db->syncer)
		return 0;
	db->go_fd = eventfd(0, EFD_CLOEXEC);
	db->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (db->go_fd < 0 || db->done_fd < 0)
		return fail(db, "%s: no eventfd for the sync thread: %s", db->path,
			    strerror(errno));
	db->sync_quit = 0;
	/* signals are the loop's: the thread takes none */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&db->thread, NULL, sync_thread, db);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret)
		return fail(db, "%s: no sync thread: %s", db->path, strerror(ret));
	db->syncer = true;
	return 0;
}

int leasedb_sync_fd(const struct leasedb *db)
{
	return db->done_fd;
}

uint64_t leasedb_durable(const struct leasedb *db)
{
	return db->durable;
}

/* Start a sync of everything written so far. */
static void sync_kick(struct leasedb *db)
{
	uint64_t one = 1;

	db->in_flight = true;
	db->sync_target = db->end;
	__atomic_store_n(&db->sync_file, db->fd, __ATOMIC_RELEASE);
	if (write(db->go_fd, &one, sizeof(one)) != sizeof(one)) {
		/* cannot fail: the thread reads the counter after every write */
	}
}

uint64_t leasedb_batch_submit(struct leasedb *db)
{
	db->batch = false;
	db->unsynced = 0;
	if (db->syncer && !db->in_flight && db->durable < db->end)
		sync_kick(db);
	return db->end;
}

int leasedb_sync_done(struct leasedb *db)
{
	uint64_t v, first, n;
	int err;

	if (!db->in_flight || read(db->done_fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	db->in_flight = false;
	err = __atomic_load_n(&db->sync_errno, __ATOMIC_ACQUIRE);
	if (!err) {
		if (db->sync_target > db->durable)
			db->durable = db->sync_target;
		if (db->durable < db->end && !db->batch)
			sync_kick(db);
		return 0;
	}
	/* what may be on disk after the durable end is not to be trusted: cut it off */
	first = (db->durable - LEASEDB_HDR_SIZE) / LEASEDB_REC_SIZE;
	n = (db->end - db->durable) / LEASEDB_REC_SIZE;
	if (ftruncate(db->fd, (off_t)db->durable) < 0) {
		/* the next replay reads them: they were never acknowledged */
	}
	db->end = db->durable;
	db->records = first;
	return fail(db, "%s: cannot sync records %llu-%llu: %s", db->path,
		    (unsigned long long)first, (unsigned long long)(first + n - 1), strerror(err));
}

int leasedb_sync_wait(struct leasedb *db)
{
	struct pollfd p = { .fd = db->done_fd, .events = POLLIN };

	if (!db->in_flight && db->syncer && !db->batch && db->durable < db->end)
		sync_kick(db);
	if (!db->in_flight)
		return 0;
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
	return leasedb_sync_done(db);
}

int leasedb_hook(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l, uint64_t now_ms)
{
	struct timespec ts;

	if (ev == DHCP_EV_EXPIRE)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	return leasedb_append(ctx, ev, l, now_ms, ts.tv_sec);
}

bool leasedb_needs_compact(const struct leasedb *db, const struct dhcp_server *s)
{
	return db->records >
	       (uint64_t)LEASEDB_COMPACT_FACTOR * dhcp_server_live(s) + LEASEDB_COMPACT_SLACK;
}

/* The snapshot being written by compaction, a buffer of records at a time. */
struct snapshot {
	int fd;
	uint64_t off, n;
	uint64_t now_ms;
	int64_t wall_s;
	size_t len;
	uint8_t buf[64 * LEASEDB_REC_SIZE];
};

static int snapshot_flush(struct snapshot *w)
{
	if (pwrite_all(w->fd, w->buf, w->len, w->off) < 0)
		return -1;
	w->off += w->len;
	w->len = 0;
	return 0;
}

static int snapshot_one(void *ctx, const struct dhcp_lease_info *l)
{
	struct snapshot *w = ctx;

	if (l->state == DHCP_LEASE_RESERVED) /* a static binding's lease is saved while it runs */
		return 0;
	encode(w->buf + w->len, REC_SNAPSHOT, l, w->now_ms, w->wall_s);
	w->len += LEASEDB_REC_SIZE;
	w->n++;
	return w->len == sizeof(w->buf) ? snapshot_flush(w) : 0;
}

static int write_snapshot(struct snapshot *w, const struct dhcp_server *s)
{
	uint8_t h[LEASEDB_HDR_SIZE];

	header(h);
	if (flock(w->fd, LOCK_EX | LOCK_NB) < 0 || pwrite_all(w->fd, h, sizeof(h), 0) < 0)
		return -1;
	w->off = sizeof(h);
	if (dhcp_lease_foreach(s, w->now_ms, snapshot_one, w) || snapshot_flush(w) < 0)
		return -1;
	return fsync(w->fd);
}

int leasedb_compact(struct leasedb *db, const struct dhcp_server *s, uint64_t now_ms,
		    int64_t wall_s)
{
	struct snapshot *w;
	char tmp[PATH_MAX + sizeof(".tmp")];
	int ret;

	if (db->batch || db->in_flight || db->durable != db->end)
		return fail(db, "%s: not compacted in the middle of a group commit", db->path);
	w = calloc(1, sizeof(*w));
	if (!w)
		return fail(db, "%s: out of memory", db->path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", db->path);
	w->now_ms = now_ms;
	w->wall_s = wall_s;
	w->fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd < 0 || write_snapshot(w, s) < 0 || rename(tmp, db->path) < 0) {
		ret = fail(db, "%s: cannot write the compacted journal: %s", tmp, strerror(errno));
		if (w->fd >= 0)
			close(w->fd);
		unlink(tmp);
		free(w);
		return ret;
	}
	/* the new file is in place (and locked): switch to it */
	close(db->fd);
	db->fd = w->fd;
	db->records = w->n;
	db->end = db->durable = w->off;
	free(w);
	db->dir_unsynced = fsync_dir(db->path) < 0;
	if (db->dir_unsynced)
		return fail(db, "%s: cannot sync its directory: %s", db->path, strerror(errno));
	return 0;
}
