package eval

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/fqlite/fqlite/lang"
)

// Cache holds compiled programs by query text and parameter names, so a
// query that arrives again costs a map lookup (drivers resend the same
// templates). It is bounded; when full, an arbitrary half is dropped.
type Cache struct {
	mu    sync.RWMutex
	m     map[cacheKey]*Program
	limit int
}

type cacheKey struct {
	text, params string
}

// NewCache returns a cache of at most limit programs.
func NewCache(limit int) *Cache {
	return &Cache{m: make(map[cacheKey]*Program), limit: limit}
}

// DefaultCache is the process-wide program cache.
var DefaultCache = NewCache(4096)

// Compile parses and compiles text (with the named parameters), using the
// cache. Parse errors are returned as an invalid_query *Error.
func (c *Cache) Compile(text string, params ...string) (*Program, error) {
	key := cacheKey{text: text, params: strings.Join(params, "\x00")}
	c.mu.RLock()
	p := c.m[key]
	c.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	// Copy the names so the caller's variadic slice does not escape: a
	// cache hit then allocates nothing.
	p, err := CompileText(text, append([]string(nil), params...)...)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.m) >= c.limit {
		n := 0
		for k := range c.m {
			delete(c.m, k)
			if n++; n >= c.limit/2 {
				break
			}
		}
	}
	c.m[key] = p
	c.mu.Unlock()
	return p, nil
}

// CompileText parses and compiles a query without caching.
func CompileText(text string, params ...string) (*Program, error) {
	src := lang.NewSource(lang.QuerySourceName, text)
	ast, err := lang.ParseQuery(src)
	if err != nil {
		return nil, AsError(err)
	}
	return Compile(src, ast, params...)
}

// Run evaluates a program on t and materialises the result for output.
// A panic inside evaluation becomes an internal_failure error for this
// query only.
func Run(t *Thread, p *Program, args ...Value) (v Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v = nil
			err = &Error{Code: CodeInternalFailure, Message: "An internal failure was encountered during the query",
				internal: fmt.Sprintf("%v\n%s", r, debug.Stack())}
		}
	}()
	v, err = p.Eval(t, args...)
	if err != nil {
		e := AsError(err)
		if e.Abort != nil {
			if m, merr := Materialize(t, e.Abort); merr == nil {
				e.Abort = m
			}
		}
		return nil, e
	}
	v, err = Materialize(t, v)
	if err != nil {
		return nil, AsError(err)
	}
	return v, nil
}
