// Package store is fqlite's storage engine: an ordered key-value store
// (string keys in byte order, []byte values) with strictly serializable
// optimistic transactions and crash-safe durability, built on a
// copy-on-write tidwall/btree.
//
// # Reading
//
// The latest durable state is an immutable set of btrees published through
// an atomic pointer. Begin loads that pointer: a snapshot costs O(1) and
// never blocks or is blocked by a commit. Every value carries the version (a
// sequence number) and the commit time of the commit that wrote it; the
// layer above uses the time as a document's ts. Reads see the transaction's
// own buffered writes first.
//
// # Partitions
//
// Options.Partition maps a key to the length of its partition prefix; the
// keys that share a prefix live in one btree, and a directory btree orders
// the partitions by prefix. Since a prefix's keys are exactly the keys that
// start with it (the contract of Partition, checked when a partition is
// created), the partitions in prefix order hold the keys in key order: Get
// goes to one tree, Scan walks the trees that overlap its range. Smaller
// trees are shallower, and the keys of a partition differ only after the
// prefix, which the entries' hints start from.
//
// An entry is 32 bytes inline in its tree's nodes: two hints (the first 16
// bytes of the key after the prefix, as big-endian numbers), a pointer and
// two lengths. The pointer is into one allocation that holds the commit's
// version and time, the whole key and the value, made by Put (or by
// recovery) and never modified once committed. Comparisons look at the
// hints first and touch the key bytes only when the hints are equal and
// both keys longer, so a lookup takes few cache misses; one heap object
// per entry keeps the GC's marking work low.
//
// Publishing stays copy-on-write: a commit Copies (O(1), tidwall/btree's
// lazy copy) the trees it changed into the writer's directory and Copies
// that, so it costs O(changed partitions · log partitions), whatever the
// number of partitions. A partition left empty is dropped.
//
// # The commit protocol
//
// A transaction records its read set: the keys it read from the snapshot and
// the key ranges it scanned, each range only up to where the scan stopped.
// Commit then
//
//  1. sorts the write set and the read set and encodes the log record,
//     without any lock;
//  2. takes the commit lock and validates: if a commit after the snapshot
//     wrote a key that was read, or a key inside a scanned range (a
//     phantom), it fails with ErrConflict. The keys written by recent
//     commits are kept in memory for this (a bounded history; a snapshot
//     older than the history fails validation too). Blind writes and
//     read-only transactions never conflict;
//  3. assigns the next version and a commit time (the clock truncated to
//     microseconds, forced to be after the previous commit's), writes the
//     record to the log with one write, applies the writes to the writer's
//     trees and publishes Copies of the changed ones (see Partitions);
//  4. releases the lock and waits for the group commit: the first waiter
//     with no fsync in progress syncs the log for every record written so
//     far and publishes the newest state covered; the others share that
//     fsync. A commit becomes visible only once durable, so nothing a reader
//     sees can be lost by a crash.
//
// Update wraps Begin/Commit in a retry loop with a small random backoff.
// In memory (Options.Dir == "") the same protocol runs without steps that
// touch files, and a commit is published under the lock.
//
// # On disk
//
// A data directory holds LOCK (an flock held while open), log segments
// wal-<first version>.log and snapshots snap-<last version>.fql, the
// numbers zero-padded to 20 digits.
//
// A log segment is the 8 bytes "FQLWAL\x00\x01" followed by one record per
// commit:
//
//	u32 payload length | u32 CRC-32C (Castagnoli) of the payload | payload
//	payload: u64 version | i64 commit time, unix µs | uvarint op count | ops
//	op:      0x01 | uvarint key len | key | uvarint value len | value   (put)
//	         0x02 | uvarint key len | key                               (delete)
//
// Fixed-width integers are little-endian; ops are in key order.
//
// A snapshot is the 8 bytes "FQLSNAP\x01" followed by checksummed blocks
// (u32 length | u32 CRC-32C | payload) of about 1 MiB: a header block
// ('H', version, commit time), data blocks ('D', then per key in order:
// uvarint key len, key, uvarint value len, value, uvarint version, varint
// commit time) and a trailer block ('E', u64 entry count).
//
// Every SnapshotEvery records a background goroutine takes a snapshot: under
// the commit lock it syncs the current segment, starts a new one at the next
// version and Copies the directory (O(1)); then, while commits continue, it
// writes the copy to snap-V.fql.tmp, fsyncs it, renames it into place,
// fsyncs the directory and deletes the older segments and snapshots.
//
// Open loads the newest snapshot that reads back whole, replays the log
// records after it in version order and stops at the first torn or corrupt
// record of the last segment, truncating the file there: that commit was
// never acknowledged. Damage anywhere else (a gap in versions, a bad record
// followed by another segment, a bad snapshot the log cannot make up for)
// fails Open with ErrCorrupt instead of silently dropping acknowledged
// commits.
//
// # Limits
//
// Keys are at most MaxKeySize bytes, values MaxValueSize, and a commit's
// record payload MaxTxnSize (Fauna's 16 MiB transaction limit); a write that
// breaks one fails, and so does the transaction's Commit.
package store
