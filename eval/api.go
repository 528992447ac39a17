package eval

import (
	"fmt"
	"runtime/debug"
	"slices"
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
	// byText is the program last compiled for each text with its
	// parameter names, in order (see CompileArgs).
	byText map[string]*textProgram
}

type textProgram struct {
	prog   *Program
	params []string
}

type cacheKey struct {
	text, params string
}

// NewCache returns a cache of at most limit programs.
func NewCache(limit int) *Cache {
	return &Cache{m: make(map[cacheKey]*Program), byText: make(map[string]*textProgram), limit: limit}
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
	makeRoom(c.m, c.limit)
	c.m[key] = p
	c.mu.Unlock()
	return p, nil
}

// CompileArgs compiles text with args as its parameters, using the cache,
// and returns the program and the arguments' values in the order of its
// parameters, appended to values. A query sent again with arguments of the
// same names costs one lookup by text and one per argument: no sort of the
// names and no key built from them.
func (c *Cache) CompileArgs(text string, args map[string]Value, values []Value) (*Program, []Value, error) {
	c.mu.RLock()
	tp := c.byText[text]
	c.mu.RUnlock()
	if tp != nil && len(tp.params) == len(args) {
		out, same := values, true
		for _, name := range tp.params {
			v, ok := args[name]
			if !ok {
				same = false
				break
			}
			out = append(out, v)
		}
		if same {
			return tp.prog, out, nil
		}
	}
	params := make([]string, 0, len(args))
	for name := range args {
		params = append(params, name)
	}
	slices.Sort(params)
	prog, err := c.Compile(text, params...)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range params {
		values = append(values, args[name])
	}
	c.mu.Lock()
	makeRoom(c.byText, c.limit)
	c.byText[text] = &textProgram{prog: prog, params: params}
	c.mu.Unlock()
	return prog, values, nil
}

// makeRoom drops an arbitrary half of a cache map that has reached its
// limit.
func makeRoom[K comparable, V any](m map[K]V, limit int) {
	if len(m) < limit {
		return
	}
	n := 0
	for k := range m {
		delete(m, k)
		if n++; n >= limit/2 {
			break
		}
	}
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
