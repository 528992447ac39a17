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
	"sync"
	"sync/atomic"
)

// Log format (see doc.go): a segment is walMagic followed by records; a
// record is
//
//	u32 payload length | u32 CRC-32C of the payload | payload
//	payload: u64 version | i64 commit time (unix µs) | uvarint op count | ops
//	op:      0x01 put | uvarint key length | key | uvarint value length | value
//	         0x02 delete | uvarint key length | key
//
// All fixed-width integers are little-endian.
const (
	walMagic     = "FQLWAL\x00\x01"
	recHeaderLen = 8
	opPut        = 1
	opDelete     = 2
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// payloadSize is the size of a record payload holding n ops of opsSize
// encoded bytes.
func payloadSize(n, opsSize int) int {
	return 16 + uvarintLen(uint64(n)) + opsSize
}

var recordPool sync.Pool // *[]byte up to 1 MiB

// encodeRecord encodes ops (sorted) into a record whose version, time and
// checksum sealRecord fills in under the commit lock.
func encodeRecord(ops []op, opsSize int) *[]byte {
	n := recHeaderLen + payloadSize(len(ops), opsSize)
	var bp *[]byte
	if p, ok := recordPool.Get().(*[]byte); ok && cap(*p) >= n {
		bp = p
	} else {
		b := make([]byte, 0, n)
		bp = &b
	}
	b := append((*bp)[:0], make([]byte, recHeaderLen+16)...)
	b = binary.AppendUvarint(b, uint64(len(ops)))
	for i := range ops {
		o := &ops[i]
		if o.del {
			b = append(b, opDelete)
			b = binary.AppendUvarint(b, uint64(len(o.key)))
			b = append(b, o.key...)
			continue
		}
		val := o.val()
		b = append(b, opPut)
		b = binary.AppendUvarint(b, uint64(len(o.key)))
		b = append(b, o.key...)
		b = binary.AppendUvarint(b, uint64(len(val)))
		b = append(b, val...)
	}
	*bp = b
	return bp
}

func putRecordBuf(bp *[]byte) {
	if cap(*bp) <= 1<<20 {
		recordPool.Put(bp)
	}
}

func sealRecord(rec []byte, v uint64, ts int64) {
	p := rec[recHeaderLen:]
	binary.LittleEndian.PutUint64(p[0:], v)
	binary.LittleEndian.PutUint64(p[8:], uint64(ts))
	binary.LittleEndian.PutUint32(rec[0:], uint32(len(p)))
	binary.LittleEndian.PutUint32(rec[4:], crc32.Checksum(p, crcTable))
}

// record is a decoded log record.
type record struct {
	version uint64
	ts      int64
	ops     []op
}

var errBadRecord = errors.New("undecodable record")

// decodeRecord decodes a checksummed payload; keys and values are copied
// (a put's key and value into one allocation, as Put does).
func decodeRecord(p []byte) (record, error) {
	if len(p) < 17 {
		return record{}, errBadRecord
	}
	r := record{
		version: binary.LittleEndian.Uint64(p[0:]),
		ts:      int64(binary.LittleEndian.Uint64(p[8:])),
	}
	p = p[16:]
	n, k := binary.Uvarint(p)
	if k <= 0 || n > uint64(len(p)) {
		return record{}, errBadRecord
	}
	p = p[k:]
	r.ops = make([]op, n)
	field := func() ([]byte, bool) {
		l, k := binary.Uvarint(p)
		if k <= 0 || l > uint64(len(p)-k) {
			return nil, false
		}
		b := p[k : k+int(l)]
		p = p[k+int(l):]
		return b, true
	}
	for i := range r.ops {
		if len(p) == 0 {
			return record{}, errBadRecord
		}
		kind := p[0]
		p = p[1:]
		key, ok := field()
		if !ok || (kind != opPut && kind != opDelete) {
			return record{}, errBadRecord
		}
		if kind == opDelete {
			r.ops[i] = op{key: string(key), del: true}
			continue
		}
		val, ok := field()
		if !ok {
			return record{}, errBadRecord
		}
		r.ops[i] = copyPut(key, val)
	}
	if len(p) != 0 {
		return record{}, errBadRecord
	}
	return r, nil
}

// readRecords reads records from a segment (positioned after its magic)
// and calls fn for each whole one. It returns the offset just past the last
// whole record and whether something followed it that is not a whole
// record: a torn or corrupt tail.
func readRecords(f io.Reader, fn func(record) error) (end int64, torn bool, err error) {
	r := bufio.NewReaderSize(f, 256<<10)
	end = int64(len(walMagic))
	var hdr [recHeaderLen]byte
	var buf []byte
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			if err == io.EOF {
				return end, false, nil
			}
			if err == io.ErrUnexpectedEOF {
				return end, true, nil
			}
			return end, false, err
		}
		n := binary.LittleEndian.Uint32(hdr[0:])
		if n > MaxTxnSize || n < 17 {
			return end, true, nil
		}
		if cap(buf) < int(n) {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(r, buf); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return end, true, nil
			}
			return end, false, err
		}
		if crc32.Checksum(buf, crcTable) != binary.LittleEndian.Uint32(hdr[4:]) {
			return end, true, nil
		}
		rec, err := decodeRecord(buf)
		if err != nil {
			// The checksum matched, so this is no torn write.
			return end, false, fmt.Errorf("%w: record at offset %d: %v", ErrCorrupt, end, err)
		}
		if err := fn(rec); err != nil {
			return end, false, err
		}
		end += recHeaderLen + int64(n)
	}
}

// wal is the log: the segment being appended to and the older segments a
// snapshot has not yet made obsolete. Guarded by db.mu.
type wal struct {
	dir   string
	f     *os.File
	start uint64 // first version the current segment may hold
	off   int64  // its size
	old   []segment
	bytes atomic.Int64 // bytes in all live segments
}

type segment struct {
	start uint64
	size  int64
}

func segmentName(start uint64) string   { return fmt.Sprintf("wal-%020d.log", start) }
func snapshotName(ver uint64) string    { return fmt.Sprintf("snap-%020d.fql", ver) }
func (l *wal) path(start uint64) string { return filepath.Join(l.dir, segmentName(start)) }

// append writes one record with one write. A short write is cut off again so
// the next record starts where it should; if that fails the DB stops
// accepting commits.
func (l *wal) append(db *DB, rec []byte) error {
	n, err := l.f.Write(rec)
	if err == nil {
		l.off += int64(n)
		l.bytes.Add(int64(n))
		return nil
	}
	if n > 0 {
		if terr := l.f.Truncate(l.off); terr != nil {
			db.fail(terr)
		} else if _, serr := l.f.Seek(l.off, io.SeekStart); serr != nil {
			db.fail(serr)
		}
	}
	return fmt.Errorf("store: log write: %w", err)
}

// createSegment creates a segment for versions from start on, durably.
func createSegment(dir string, start uint64) (*os.File, error) {
	path := filepath.Join(dir, segmentName(start))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write([]byte(walMagic)); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func (l *wal) close() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// syncDir makes renames, creations and removals in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
