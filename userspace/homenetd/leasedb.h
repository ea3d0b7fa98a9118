/* SPDX-License-Identifier: GPL-2.0 */
/*
 * leasedb: the lease journal, so that leases survive a restart and a
 * kill -9 at any moment.
 *
 * An append-only file: a 16-byte header ("HNDLEASE", version, record
 * size), then fixed 176-byte records, each the whole new state of one
 * address (little-endian, CRC-32C first).  A record is written with
 * pwrite() and fdatasync() before leasedb_append() returns, so an ACK is
 * sent only for a lease already on disk; the cost is one record, whatever
 * the table's size.
 *
 * Group commit: between leasedb_batch_begin() and leasedb_batch_commit()
 * appends are only written; the commit makes all of them durable with
 * one fdatasync().  The daemon answers a burst of requests this way and
 * holds back their ACKs until the commit has returned 0: nothing
 * acknowledged is lost, and the burst costs one sync instead of one per
 * ACK.  A failed commit cuts the batch's records off again.
 *
 * The same commit off the event loop: leasedb_sync_start() gives the
 * journal a thread of its own that does nothing but fdatasync(), so the
 * daemon goes on reading requests (and ending conflict checks on time)
 * while the disk works.  leasedb_batch_submit() ends a batch without
 * syncing it and returns its ticket, the file end its records reach; the
 * records are durable once leasedb_durable() has reached the ticket, and
 * only then may what depends on them (the batch's ACKs) leave.  One sync
 * is under way at a time: when it ends (leasedb_sync_fd() is readable,
 * leasedb_sync_done()), the next one takes every record written
 * meanwhile, so the group grows with the load and the disk's latency.  A
 * failed sync cuts the file back to its durable end: every record after
 * it is gone, and so must every ACK still waiting.
 *
 * Replay applies the records in order (the last one of an address
 * wins); a torn last record, left by a crash in the middle of a write,
 * fails its CRC and is cut off.  When the file holds more than
 * 4 x live + 1024 records, compaction writes one record per live address
 * to PATH.tmp, fsyncs it, renames it over PATH and fsyncs the directory.
 *
 * Expiry times are stored as wall-clock seconds (the monotonic clock does
 * not survive a reboot) and turned back into monotonic ones at replay,
 * never longer than the lease time granted: a wall clock that jumped
 * backwards keeps an address at most one lease time.
 */
#ifndef HN_LEASEDB_H
#define HN_LEASEDB_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "leases.h"

enum {
	LEASEDB_HDR_SIZE = 16,
	LEASEDB_REC_SIZE = 176,
	LEASEDB_VERSION = 1,
	LEASEDB_ERR_LEN = PATH_MAX + 256,
	/* compact when records > FACTOR x live addresses + SLACK */
	LEASEDB_COMPACT_FACTOR = 4,
	LEASEDB_COMPACT_SLACK = 1024,
};

struct leasedb {
	int fd;
	char path[PATH_MAX];
	uint64_t end;	    /* file offset after the last good record */
	uint64_t records;   /* records in the file */
	bool dir_unsynced;  /* a compaction's rename is not known durable yet */
	bool batch;	    /* in a group commit: appends are not synced yet */
	uint64_t batch_end; /* the file's end when the batch began */
	uint64_t unsynced;  /* records appended in this batch */
	/* the sync thread (leasedb_sync_start()); the loop's side of it */
	bool syncer; /* running: batches are submitted, not committed */
	pthread_t thread;
	int go_fd, done_fd;   /* eventfds: a sync to do, a sync done */
	bool in_flight;	      /* a sync is under way, up to sync_target */
	uint64_t sync_target; /* the file end the sync under way covers */
	int sync_file;	      /* the descriptor it syncs (db->fd when it began) */
	int sync_errno;	      /* its result, set by the thread before done_fd */
	int sync_quit;	      /* the thread is to stop */
	uint64_t durable;     /* the file end known to be on disk */
	/* what the last replay found */
	uint64_t replayed; /* records applied */
	uint64_t dropped;  /* valid, but the table refused them (pool changed, static) */
	uint64_t bad;	   /* corrupt records in the middle, skipped */
	bool torn;	   /* a torn tail was cut off */
	/* the first warning of a replay, or the last error, naming the file and record */
	char err[LEASEDB_ERR_LEN];
};

/*
 * Open (or create) the journal at @path and lock it against a second
 * daemon.  Returns 0, or -1 with db->err set (I/O, locked, not a journal).
 */
int leasedb_open(struct leasedb *db, const char *path);

/*
 * Read every record into @s (whose static bindings are already set up),
 * turning wall time @wall_s into the monotonic @now_ms.  Corrupt records
 * are counted in db->bad and skipped, with db->err naming the first one.
 * Returns 0, or -1 on an I/O error.
 */
int leasedb_replay(struct leasedb *db, struct dhcp_server *s, uint64_t now_ms, int64_t wall_s);

/* Append one record for a change of @l, durably.  Returns 0, or -1 with db->err. */
int leasedb_append(struct leasedb *db, enum dhcp_event ev, const struct dhcp_lease_info *l,
		   uint64_t now_ms, int64_t wall_s);

/*
 * Group commit.  After leasedb_batch_begin(), leasedb_append() writes its
 * record but does not sync it: what it appended is not durable until
 * leasedb_batch_commit() has returned 0, and nothing that depends on it
 * (an ACK) may leave before.  The commit syncs once (nothing to do for
 * an empty batch) and ends the batch; on failure it cuts the batch's
 * records off the file and returns -1 with db->err.
 */
void leasedb_batch_begin(struct leasedb *db);
int leasedb_batch_commit(struct leasedb *db);

/*
 * Asynchronous group commit.  leasedb_sync_start() starts the sync thread
 * (0, or -1 with db->err: the journal stays synchronous); leasedb_close()
 * stops it, after the sync under way.  leasedb_sync_fd() is the
 * descriptor to poll for the end of a sync.
 */
int leasedb_sync_start(struct leasedb *db);
int leasedb_sync_fd(const struct leasedb *db);
/* The file end known to be on disk: a record ending there or before is durable */
uint64_t leasedb_durable(const struct leasedb *db);

/*
 * End the batch (with the sync thread running) without syncing it; a
 * sync starts at once unless one is under way.  Returns the batch's
 * ticket: its records are durable when leasedb_durable() reaches it.
 */
uint64_t leasedb_batch_submit(struct leasedb *db);

/*
 * Take the result of the sync that ended (when leasedb_sync_fd() is
 * readable; nothing to do is fine) and start the next one for the
 * records written meanwhile.  Returns 0, or -1 with db->err when the
 * sync failed: the file is cut back to leasedb_durable(), and whatever
 * waited for a later ticket will never be durable.
 */
int leasedb_sync_done(struct leasedb *db);

/*
 * Block until the sync under way ends (one is started for what is not
 * durable yet when none is), then as leasedb_sync_done().
 */
int leasedb_sync_wait(struct leasedb *db);

/*
 * The server's hooks.lease_changed, with @ctx the struct leasedb: appends
 * every change but expiries (CLOCK_REALTIME for the wall time).  Static
 * bindings' leases are saved too, so that their holders are still listed
 * after a restart.
 */
int leasedb_hook(void *ctx, enum dhcp_event ev, const struct dhcp_lease_info *l, uint64_t now_ms);

bool leasedb_needs_compact(const struct leasedb *db, const struct dhcp_server *s);
/* Rewrite the journal as one record per live address of @s.  0, or -1 with db->err. */
int leasedb_compact(struct leasedb *db, const struct dhcp_server *s, uint64_t now_ms,
		    int64_t wall_s);

void leasedb_close(struct leasedb *db);

/* CRC-32C (Castagnoli) of @len bytes */
uint32_t leasedb_crc32c(const void *buf, size_t len);

#endif /* HN_LEASEDB_H */
