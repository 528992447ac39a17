package runtime

import (
	"sync/atomic"
	"time"
)

// idSource hands out document ids. Ids are Fauna-like positive 64-bit
// integers: milliseconds since 2000-01-01 shifted left 22 bits, plus a
// counter, so they grow with time, stay unique within the process and do
// not repeat after a restart (the clock has moved on). Creating a document
// still checks that its id is free.
type idSource struct {
	last atomic.Int64
	// deterministic counts up from a fixed base instead of following the
	// clock (golden files).
	deterministic bool
	// globals counts the global ids handed out in deterministic mode.
	globals atomic.Uint64
}

// deterministicGlobalID is a database global id for golden files: fixed
// per database tree, different for each database in it.
func (s *idSource) deterministicGlobalID() uint64 {
	return 0x2d5f_3a00_0000_0000 + s.globals.Add(1)
}

const idEpochMillis = 946684800000 // 2000-01-01T00:00:00Z

func (s *idSource) init(deterministic bool, now time.Time) {
	s.deterministic = deterministic
	if deterministic {
		s.last.Store((now.UnixMilli() - idEpochMillis) << 22)
	}
}

func (s *idSource) next(now time.Time) int64 {
	if s.deterministic {
		return s.last.Add(1)
	}
	base := (now.UnixMilli() - idEpochMillis) << 22
	for {
		last := s.last.Load()
		next := base
		if next <= last {
			next = last + 1
		}
		if s.last.CompareAndSwap(last, next) {
			return next
		}
	}
}
