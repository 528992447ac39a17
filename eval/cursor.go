package eval

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
)

// CursorCodec turns a position in a set into an `after` cursor and back.
type CursorCodec interface {
	Encode(t *Thread, s Set, offset, size int) (Value, error)
	// Decode returns the set, the offset to resume at and the page size.
	Decode(t *Thread, cursor string) (Set, int, int, error)
}

// ErrInvalidCursor is Fauna's (misspelled) message for a bad cursor.
func ErrInvalidCursor() *Error {
	return NewError(CodeInvalidCursor, "Cursor cursor is invalid or expired.")
}

// memoryCursors keeps cursors of sets that have no durable encoding in a
// bounded in-process table. Cursors are random, so they cannot be guessed.
type memoryCursors struct {
	mu    sync.Mutex
	order []string
	m     map[string]cursorEntry
}

type cursorEntry struct {
	set          Set
	offset, size int
}

const maxMemoryCursors = 4096

var defaultCursors CursorCodec = &memoryCursors{m: map[string]cursorEntry{}}

func (c *memoryCursors) Encode(t *Thread, s Set, offset, size int) (Value, error) {
	var b [18]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	key := base64.RawURLEncoding.EncodeToString(b[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.order) >= maxMemoryCursors {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, key)
	c.m[key] = cursorEntry{set: s, offset: offset, size: size}
	return SetCursor(key), nil
}

func (c *memoryCursors) Decode(t *Thread, cursor string) (Set, int, int, error) {
	c.mu.Lock()
	e, ok := c.m[cursor]
	c.mu.Unlock()
	if !ok {
		return nil, 0, 0, ErrInvalidCursor()
	}
	return e.set, e.offset, e.size, nil
}
