package eval

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/fqlite/fqlite/lang"
)

// MaxStackFrames is Fauna's call depth limit (fqlx_max_stack_frames).
const MaxStackFrames = 2048

// Env gives a thread access to what lies beyond the language core: user
// collections and functions, documents, the clock of the transaction. The
// runtime implements it; a nil Env is a database with no schema.
type Env interface {
	// Global resolves a name that is not a local variable or a built-in:
	// a user collection or function.
	Global(t *Thread, name string) (Value, bool, error)
}

// LogLine is one line emitted by log() or dbg().
type LogLine struct {
	Text string
	At   Pos
}

// Thread is the state of one query evaluation: the clock, the call stack,
// logs and cancellation. A Thread is used by one goroutine at a time and
// may be reused for many evaluations (Reset), which keeps evaluation free
// of allocations for frames and argument stacks.
type Thread struct {
	Env Env
	// Clock, when set, is read the first time the query asks for the
	// time (see Now): most queries never do, and reading the clock costs
	// tens of nanoseconds on virtual machines.
	Clock func() time.Time
	now   time.Time
	nowOK bool
	// Logs collects log()/dbg() output.
	Logs []LogLine

	// Cursors encodes and decodes set cursors; nil uses a process-wide
	// in-memory registry.
	Cursors CursorCodec

	// Ctx, when set, cancels the evaluation (timeouts).
	Ctx context.Context

	depth  int
	frames []*frame
	stack  []Value
	ticks  uint32
	cancel atomic.Bool
	// limit restricts effects (nil: anything goes).
	limit *EffectLimit
	// callSites are the call sites of the user-defined functions being
	// run, innermost last (lazy sets remember them, see CallSites).
	callSites []Pos
	// MaxDepth overrides MaxStackFrames when > 0.
	MaxDepth int
	// site is the position of the builtin call in progress (for log/dbg).
	site *Pos
	// outlives: see Outlives.
	outlives bool
	// Values carries runtime-specific state (the transaction, the caller's
	// identity) without eval knowing its type.
	Values map[any]any
}

// NewThread returns a thread whose clock is now.
func NewThread(now time.Time) *Thread {
	return &Thread{now: now.UTC(), nowOK: true}
}

// Now is the query's time (Time.now(), Date.today(), new ids, ttl
// checks): the Clock's reading at the first call, in UTC to the
// microsecond, the same for the rest of the evaluation.
func (t *Thread) Now() time.Time {
	if !t.nowOK {
		t.nowOK = true
		if t.Clock != nil {
			t.now = t.Clock().UTC().Truncate(time.Microsecond)
		}
	}
	return t.now
}

// Reset prepares a reused thread for another evaluation.
func (t *Thread) Reset() {
	t.Logs = t.Logs[:0]
	t.depth = 0
	t.stack = t.stack[:0]
	t.ticks = 0
	t.site = nil
	t.limit = nil
	t.outlives = false
	if t.Clock != nil {
		t.nowOK = false
	}
	t.callSites = t.callSites[:0]
	t.cancel.Store(false)
}

// Ticks counts the calls and loop steps evaluated so far (compute cost).
func (t *Thread) Ticks() uint32 { return t.ticks }

// Cancel asks the running evaluation to stop with a time_out error.
func (t *Thread) Cancel() { t.cancel.Store(true) }

// ErrTimeout is returned when an evaluation is cancelled or its context ends.
func ErrTimeout() *Error { return NewError(CodeTimeOut, "Query timed out.") }

// Tick is called in loops and calls; it checks cancellation cheaply.
func (t *Thread) Tick() error {
	t.ticks++
	if t.ticks&1023 == 0 {
		if t.cancel.Load() {
			return ErrTimeout()
		}
		if t.Ctx != nil && t.Ctx.Err() != nil {
			t.cancel.Store(true)
			return ErrTimeout()
		}
	}
	return nil
}

// frame is the activation of a function (the query or a lambda): its
// variable slots and the values its lambda captured.
type frame struct {
	t     *Thread
	slots []Value
	caps  []Value
	src   *lang.Source
}

// pushFrame returns a frame with n zeroed slots.
func (t *Thread) pushFrame(n int) (*frame, error) {
	limit := t.MaxDepth
	if limit <= 0 {
		limit = MaxStackFrames
	}
	// The query's own frame does not count, and Fauna fails only when the
	// depth exceeds the limit by more than one (FQLInterpreter.scala:
	// `stackDepth - 1 > limit`): 2049 nested calls are allowed.
	if t.depth > limit+1 {
		return nil, Errorf(CodeStackOverflow, "number of stack frames exceeded limit of %d", MaxStackFrames)
	}
	if t.depth == len(t.frames) {
		t.frames = append(t.frames, &frame{t: t})
	}
	f := t.frames[t.depth]
	t.depth++
	if cap(f.slots) < n {
		f.slots = make([]Value, n, n+4)
	} else {
		f.slots = f.slots[:n]
	}
	return f, nil
}

func (t *Thread) popFrame(f *frame) {
	for i := range f.slots {
		f.slots[i] = nil
	}
	f.caps = nil
	t.depth--
}

// pushArgs reserves n argument slots on the thread's argument stack.
func (t *Thread) pushArgs(n int) (base int) {
	base = len(t.stack)
	if cap(t.stack)-base < n {
		grown := make([]Value, base, 2*cap(t.stack)+n+8)
		copy(grown, t.stack)
		t.stack = grown
	}
	t.stack = t.stack[:base+n]
	return base
}

// popArgs releases the slots from base on; they are cleared so the stack
// does not keep values alive.
func (t *Thread) popArgs(base int) {
	for i := base; i < len(t.stack); i++ {
		t.stack[i] = nil
	}
	t.stack = t.stack[:base]
}

// Log records a log line.
func (t *Thread) Log(text string, at Pos) { t.Logs = append(t.Logs, LogLine{Text: text, At: at}) }

func (t *Thread) cursors() CursorCodec {
	if t.Cursors != nil {
		return t.Cursors
	}
	return defaultCursors
}

// encodeCursor makes a cursor for s, which may then be used after this
// evaluation (see Outlives).
func (t *Thread) encodeCursor(s Set, offset, size int) (Value, error) {
	t.outlives = true
	return t.cursors().Encode(t, s, offset, size)
}

// Outlives reports whether a value made by the evaluation may be used after
// it other than through its materialised result: a set kept for a cursor,
// or a function in the result. An environment that hands out values from
// memory it reuses (see Detachable) must then not reuse it.
func (t *Thread) Outlives() bool { return t.outlives }

// CallSite is the argument-list position of the builtin call in progress.
func (t *Thread) CallSite() Pos {
	if t.site == nil {
		return Pos{}
	}
	return *t.site
}

// IDGenerator is implemented by environments that allocate document ids.
type IDGenerator interface {
	NewID(t *Thread) (ID, error)
}

// NewID returns a fresh id (newId()).
func (t *Thread) NewID() (Value, error) {
	if g, ok := t.Env.(IDGenerator); ok {
		id, err := g.NewID(t)
		return id, err
	}
	return NextID(t.Now()), nil
}

// idClock makes process-local ids unique and increasing.
var idClock atomic.Int64

// NextID returns a fresh time-ordered id: milliseconds since 2000 shifted
// left 22 bits plus a counter, a positive 64-bit integer like Fauna's ids.
func NextID(now time.Time) ID {
	base := (now.UnixMilli() - 946684800000) << 22
	for {
		last := idClock.Load()
		next := base
		if next <= last {
			next = last + 1
		}
		if idClock.CompareAndSwap(last, next) {
			return ID(next)
		}
	}
}

// PushCallSite records that a user-defined function was called at p; lazy
// sets made inside it remember the call (Fauna's sets keep the stack
// trace of their creation).
func (t *Thread) PushCallSite(p Pos) { t.callSites = append(t.callSites, p) }

// PopCallSite ends the call PushCallSite recorded.
func (t *Thread) PopCallSite() { t.callSites = t.callSites[:len(t.callSites)-1] }

// CallSites returns the current user-function call sites, innermost
// first, or nil outside any.
func (t *Thread) CallSites() []Pos {
	if len(t.callSites) == 0 {
		return nil
	}
	out := make([]Pos, len(t.callSites))
	for i, p := range t.callSites {
		out[len(out)-1-i] = p
	}
	return out
}
