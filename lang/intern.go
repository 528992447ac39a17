package lang

import "sync"

// interned holds one copy of each identifier and field name the compiler
// and the storage decoder see. Interned strings compare by pointer first
// (runtime.memequal), which makes field lookups by name cheap.
var interned sync.Map

// Intern returns the canonical copy of s.
func Intern(s string) string {
	if v, ok := interned.Load(s); ok {
		return v.(string)
	}
	v, _ := interned.LoadOrStore(s, s)
	return v.(string)
}
