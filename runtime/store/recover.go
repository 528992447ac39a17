package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// parseName parses the version in names like wal-00000000000000000001.log.
func parseName(name, prefix, suffix string) (uint64, bool) {
	s, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, suffix)
	if !ok || len(s) != 20 {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

// recover opens the data directory: lock, newest valid snapshot, log
// replay, torn tail truncation.
func (db *DB) recover() (err error) {
	dir := db.opts.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	lock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			unlockDir(lock)
		}
	}()
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var snaps, segs []uint64
	for _, e := range ents {
		name := e.Name()
		if strings.HasSuffix(name, ".tmp") {
			os.Remove(filepath.Join(dir, name)) // an interrupted snapshot
		} else if v, ok := parseName(name, "snap-", ".fql"); ok {
			snaps = append(snaps, v)
		} else if v, ok := parseName(name, "wal-", ".log"); ok {
			segs = append(segs, v)
		}
	}
	slices.Sort(snaps)
	slices.Sort(segs)

	// The newest snapshot that reads back whole. If it is damaged, an
	// older one works only if the log still reaches back to it, which the
	// continuity checks below verify.
	w := newWriter(db.opts.Partition)
	var snapV uint64
	var ts int64
	var snapErr error
	var badV uint64 // the newest damaged snapshot
	for i := len(snaps) - 1; i >= 0; i-- {
		sw, v, sts, err := readSnapshot(filepath.Join(dir, snapshotName(snaps[i])), db.opts.Partition)
		if errors.Is(err, ErrPartition) {
			return err
		}
		if err == nil && v != snaps[i] {
			err = fmt.Errorf("%w: snapshot %s holds version %d", ErrCorrupt, snapshotName(snaps[i]), v)
		}
		if err != nil {
			snapErr = errors.Join(snapErr, err)
			badV = max(badV, snaps[i])
			continue
		}
		w, snapV, ts = sw, v, sts
		break
	}

	// Segments before the last one that starts at or below snapV+1 hold
	// only versions the snapshot has.
	first := 0
	for i, s := range segs {
		if s <= snapV+1 {
			first = i
		}
	}
	for _, s := range segs[:first] {
		os.Remove(filepath.Join(dir, segmentName(s)))
	}
	segs = segs[first:]

	l := &wal{dir: dir}
	next := snapV + 1
	replayed := 0
	for i, start := range segs {
		last := i == len(segs)-1
		if start > next {
			return errors.Join(fmt.Errorf("%w: log segment %s follows version %d: commits are missing",
				ErrCorrupt, segmentName(start), next-1), snapErr)
		}
		path := filepath.Join(dir, segmentName(start))
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		end, torn, err := replaySegment(f, func(r record) error {
			if r.version < next {
				return nil // in the snapshot already
			}
			if r.version > next {
				return fmt.Errorf("%w: %s: version %d where %d was expected", ErrCorrupt, segmentName(start), r.version, next)
			}
			runs := w.prepare(r.ops)
			if err := w.check(runs); err != nil {
				return err
			}
			w.apply(runs, r.version, r.ts)
			next++
			ts = r.ts
			replayed++
			return nil
		})
		if err != nil {
			f.Close()
			return err
		}
		if torn {
			if !last {
				f.Close()
				return fmt.Errorf("%w: %s is damaged at offset %d and later segments exist", ErrCorrupt, segmentName(start), end)
			}
			// A torn or corrupt tail: the commit it held was never
			// acknowledged. Cut it off so appends continue from a clean end.
			if end, err = repairTail(f, end); err != nil {
				f.Close()
				return err
			}
		}
		if !last {
			f.Close()
			l.old = append(l.old, segment{start: start, size: end})
			l.bytes.Add(end)
			continue
		}
		if _, err := f.Seek(end, io.SeekStart); err != nil {
			f.Close()
			return err
		}
		l.f, l.start, l.off = f, start, end
		l.bytes.Add(end)
	}
	if next-1 < badV {
		// Only a damaged snapshot held these commits.
		if l.f != nil {
			l.f.Close()
		}
		return snapErr
	}
	if l.f == nil {
		f, err := createSegment(dir, next)
		if err != nil {
			return err
		}
		l.f, l.start, l.off = f, next, int64(len(walMagic))
		l.bytes.Add(l.off)
	}

	db.lockFile = lock
	db.log = l
	db.w = w
	db.version, db.ts = next-1, ts
	db.hist.floor = db.version
	db.snapVersion = snapV
	db.sinceSnap = replayed
	db.syn = newSyncer(l.f, db.version)
	db.cur.Store(&state{parts: w.publish(), part: db.opts.Partition, keys: w.keys, version: db.version, ts: ts})
	return nil
}

// replaySegment checks the segment's magic and replays its records. A
// segment shorter than its magic (a crash while creating it) is torn at 0.
func replaySegment(f *os.File, fn func(record) error) (end int64, torn bool, err error) {
	var magic [len(walMagic)]byte
	n, err := io.ReadFull(f, magic[:])
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		if string(magic[:n]) != walMagic[:n] {
			return 0, false, fmt.Errorf("%w: %s is not a log segment", ErrCorrupt, f.Name())
		}
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	if string(magic[:]) != walMagic {
		return 0, false, fmt.Errorf("%w: %s is not a log segment", ErrCorrupt, f.Name())
	}
	return readRecords(f, fn)
}

// repairTail cuts the segment at end (rewriting the magic if the segment
// was torn inside it) and syncs it.
func repairTail(f *os.File, end int64) (int64, error) {
	if err := f.Truncate(end); err != nil {
		return 0, err
	}
	if end == 0 {
		if _, err := f.WriteAt([]byte(walMagic), 0); err != nil {
			return 0, err
		}
		end = int64(len(walMagic))
	}
	return end, f.Sync()
}
