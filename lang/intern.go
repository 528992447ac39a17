package lang

import (
	"strings"
	"sync"
	"sync/atomic"
)

// interned holds one copy of each identifier and field name the compiler
// and the storage decoder see. Interned strings compare by pointer first
// (runtime.memequal), which makes field lookups by name cheap. The table
// is bounded: past maxInterned names, new strings are returned as copies
// without being added, so arbitrary user keys cannot grow it forever.
var (
	interned      sync.Map
	internedCount atomic.Int64
)

const maxInterned = 1 << 16

// Intern returns the canonical copy of s. The result never shares memory
// with s when s was not interned before (s may point into a buffer).
func Intern(s string) string {
	if v, ok := interned.Load(s); ok {
		return v.(string)
	}
	c := strings.Clone(s)
	if internedCount.Load() >= maxInterned {
		return c
	}
	v, loaded := interned.LoadOrStore(c, c)
	if !loaded {
		internedCount.Add(1)
	}
	return v.(string)
}
