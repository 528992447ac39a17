package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Snapshot format (see doc.go): snapMagic, then blocks
//
//	u32 payload length | u32 CRC-32C of the payload | payload
//
// whose payload starts with a kind byte:
//
//	'H' u64 version | i64 commit time              (first block)
//	'D' entries: uvarint key length | key | uvarint value length | value |
//	    uvarint version | varint commit time        (keys ascending)
//	'E' u64 entry count                             (last block)
//
// Blocks keep memory bounded while reading and let a damaged file be told
// from a whole one.
const (
	snapMagic     = "FQLSNAP\x01"
	snapBlockSize = 1 << 20
	maxSnapBlock  = 2*MaxTxnSize + MaxKeySize // one entry always fits
)

var errAborted = errors.New("store: snapshot aborted")

// Snapshot writes the whole database to a new snapshot file and drops the
// log segments it makes obsolete. Commits continue while it writes. It
// does nothing in memory or when nothing was committed since the last one.
func (db *DB) Snapshot() error {
	if db.log == nil {
		db.mu.Lock()
		defer db.mu.Unlock()
		if db.closed {
			return ErrClosed
		}
		return nil
	}
	return db.snapshot()
}

func (db *DB) snapshotLoop() {
	defer db.wg.Done()
	for {
		select {
		case <-db.quit:
			return
		case <-db.snapCh:
			db.snapshot() // the error is kept in Stats
		}
	}
}

func (db *DB) snapshot() (err error) {
	db.snapMu.Lock()
	defer db.snapMu.Unlock()
	begun := time.Now()

	// Under the commit lock: sync and retire the current segment, start a
	// new one at the next version and take a copy of the tree that matches
	// the split exactly. This is the only part that blocks commits.
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return ErrClosed
	}
	if err := db.failed(); err != nil {
		db.mu.Unlock()
		return err
	}
	db.snapQueued = false
	v, ts := db.version, db.ts
	if v == db.snapVersion {
		db.mu.Unlock()
		return nil
	}
	l := db.log
	if err := l.f.Sync(); err != nil {
		db.fail(err)
		db.mu.Unlock()
		return err
	}
	nf, err := createSegment(l.dir, v+1)
	if err != nil {
		db.mu.Unlock()
		db.noteSnapshotError(err)
		return err
	}
	l.old = append(l.old, segment{start: l.start, size: l.off})
	l.f, l.start, l.off = nf, v+1, int64(len(walMagic))
	l.bytes.Add(int64(len(walMagic)))
	db.syn.rotate(db, nf)
	db.sinceSnap = 0
	parts := db.w.dir.Copy() // publish left only published trees in it
	db.mu.Unlock()

	size, err := writeSnapshot(l.dir, parts, v, ts, db.quit)
	if err != nil {
		db.noteSnapshotError(err)
		return err
	}

	// The snapshot is durable: the older segments and snapshots go.
	db.mu.Lock()
	old := l.old
	l.old = nil
	db.snapVersion = v
	for _, s := range old {
		l.bytes.Add(-s.size)
	}
	db.mu.Unlock()
	for _, s := range old {
		os.Remove(l.path(s.start))
	}
	removeSnapshotsBefore(l.dir, v)
	syncDir(l.dir)

	db.snapshots.Add(1)
	db.infoMu.Lock()
	db.lastSnap = SnapshotInfo{Version: v, At: time.Now(), Bytes: size, Duration: time.Since(begun)}
	db.infoMu.Unlock()
	return nil
}

func (db *DB) noteSnapshotError(err error) {
	db.infoMu.Lock()
	db.lastSnap.Err = err
	db.infoMu.Unlock()
}

func removeSnapshotsBefore(dir string, v uint64) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if sv, ok := parseName(e.Name(), "snap-", ".fql"); ok && sv < v {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeSnapshot writes the partitions (a private copy of the directory) to
// a temporary file, syncs it and renames it into place. It gives up when
// quit closes.
func writeSnapshot(dir string, parts *directory, v uint64, ts int64, quit <-chan struct{}) (int64, error) {
	final := filepath.Join(dir, snapshotName(v))
	tmp := final + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return 0, err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	sw := &snapWriter{w: bufio.NewWriterSize(f, 1<<20)}
	sw.w.WriteString(snapMagic)
	sw.buf = append(sw.buf, 'H')
	sw.buf = binary.LittleEndian.AppendUint64(sw.buf, v)
	sw.buf = binary.LittleEndian.AppendUint64(sw.buf, uint64(ts))
	sw.flush()
	sw.buf = append(sw.buf, 'D')
	var count uint64
	write := func(e entry) bool {
		b := sw.buf
		b = binary.AppendUvarint(b, uint64(e.klen()))
		b = append(b, e.key()...)
		b = binary.AppendUvarint(b, uint64(e.vlen()))
		b = append(b, e.value()...)
		b = binary.AppendUvarint(b, e.version())
		b = binary.AppendVarint(b, e.time())
		sw.buf = b
		count++
		if len(b) >= snapBlockSize {
			sw.flush()
			sw.buf = append(sw.buf, 'D')
			select {
			case <-quit:
				sw.err = errAborted
			default:
			}
		}
		return sw.err == nil
	}
	parts.Scan(func(p part) bool {
		p.tree.Scan(write)
		return sw.err == nil
	})
	if len(sw.buf) > 1 {
		sw.flush()
	}
	sw.buf = append(sw.buf[:0], 'E')
	sw.buf = binary.LittleEndian.AppendUint64(sw.buf, count)
	sw.flush()
	if sw.err != nil {
		return 0, sw.err
	}
	if err := sw.w.Flush(); err != nil {
		return 0, err
	}
	if err := f.Sync(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	ok = true
	if err := os.Rename(tmp, final); err != nil {
		os.Remove(tmp)
		return 0, err
	}
	if err := syncDir(dir); err != nil {
		return 0, err
	}
	return sw.n, nil
}

type snapWriter struct {
	w   *bufio.Writer
	buf []byte
	n   int64
	err error
}

// flush writes buf as one block and empties it.
func (s *snapWriter) flush() {
	if s.err == nil {
		var hdr [8]byte
		binary.LittleEndian.PutUint32(hdr[0:], uint32(len(s.buf)))
		binary.LittleEndian.PutUint32(hdr[4:], crc32.Checksum(s.buf, crcTable))
		s.w.Write(hdr[:])
		_, s.err = s.w.Write(s.buf)
		s.n += int64(len(hdr) + len(s.buf))
	}
	s.buf = s.buf[:0]
}

// readSnapshot loads a snapshot file into a new writer partitioned by part.
func readSnapshot(path string, part func(string) int) (w *writer, v uint64, ts int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: snapshot %s: %s", ErrCorrupt, filepath.Base(path), fmt.Sprintf(format, args...))
	}
	var magic [len(snapMagic)]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil || string(magic[:]) != snapMagic {
		return nil, 0, 0, bad("bad magic")
	}
	var buf []byte
	block := func() ([]byte, error) {
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return nil, bad("truncated")
		}
		n := binary.LittleEndian.Uint32(hdr[0:])
		if n == 0 || n > maxSnapBlock {
			return nil, bad("bad block length %d", n)
		}
		if cap(buf) < int(n) {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, bad("truncated")
		}
		if crc32.Checksum(buf, crcTable) != binary.LittleEndian.Uint32(hdr[4:]) {
			return nil, bad("checksum mismatch")
		}
		return buf, nil
	}
	b, err := block()
	if err != nil {
		return nil, 0, 0, err
	}
	if len(b) != 17 || b[0] != 'H' {
		return nil, 0, 0, bad("bad header")
	}
	v = binary.LittleEndian.Uint64(b[1:])
	ts = int64(binary.LittleEndian.Uint64(b[9:]))
	w = newWriter(part)
	var count uint64
	var prev string
	var cur *wpart
	for {
		b, err := block()
		if err != nil {
			return nil, 0, 0, err
		}
		switch b[0] {
		case 'E':
			if len(b) != 9 || binary.LittleEndian.Uint64(b[1:]) != count {
				return nil, 0, 0, bad("bad trailer")
			}
			if _, err := r.ReadByte(); err != io.EOF {
				return nil, 0, 0, bad("data after trailer")
			}
			w.keys = int(count)
			return w, v, ts, nil
		case 'D':
		default:
			return nil, 0, 0, bad("bad block kind %q", b[0])
		}
		p := b[1:]
		field := func() ([]byte, bool) {
			l, k := binary.Uvarint(p)
			if k <= 0 || l > uint64(len(p)-k) {
				return nil, false
			}
			f := p[k : k+int(l)]
			p = p[k+int(l):]
			return f, true
		}
		for len(p) > 0 {
			key, ok1 := field()
			val, ok2 := field()
			if !ok1 || !ok2 {
				return nil, 0, 0, bad("bad entry")
			}
			ver, k1 := binary.Uvarint(p)
			if k1 <= 0 {
				return nil, 0, 0, bad("bad entry")
			}
			ets, k2 := binary.Varint(p[k1:])
			if k2 <= 0 {
				return nil, 0, 0, bad("bad entry")
			}
			p = p[k1+k2:]
			if count > 0 && string(key) <= prev {
				return nil, 0, 0, bad("keys out of order")
			}
			o := copyPut(key, val)
			prev = o.key
			n := partLen(part, o.key)
			if cur == nil || n != len(cur.prefix) || o.key[:n] != cur.prefix {
				if cur, err = w.load(o.key[:n]); err != nil {
					return nil, 0, 0, err
				}
			}
			e := newEntry(&o, n)
			e.stamp(ver, ets)
			cur.tree.Load(e)
			count++
		}
	}
}
