package eval

// Effects classify what an operation does, so that contexts that must not
// write (set functions, check constraints, computed fields) or read
// (default values) can refuse it (Effect.scala).
type Effect uint8

// Effects, weakest first.
const (
	EffectPure Effect = iota
	EffectObservation
	EffectRead
	EffectWrite
)

func (e Effect) name() string {
	switch e {
	case EffectObservation:
		return "an observation"
	case EffectRead:
		return "a read"
	case EffectWrite:
		return "a write"
	}
	return "pure"
}

// EffectLimit is the strongest effect allowed and the reason shown when
// something stronger is attempted.
type EffectLimit struct {
	Max    Effect
	Reason string // "set functions", "check constraints", ...
}

// The effect limits of fqlite's read-only contexts.
var (
	LimitSetFunctions     = &EffectLimit{Max: EffectRead, Reason: "set functions"}
	LimitCheckConstraints = &EffectLimit{Max: EffectRead, Reason: "check constraints"}
	LimitComputedFields   = &EffectLimit{Max: EffectRead, Reason: "computed fields"}
	LimitAuthPredicates   = &EffectLimit{Max: EffectRead, Reason: "auth predicates"}
	LimitDefaultValues    = &EffectLimit{Max: EffectObservation, Reason: "default values"}
	LimitIndexes          = &EffectLimit{Max: EffectPure, Reason: "indexes"}
)

// LimitEffects narrows the effects allowed (limits only ever tighten) and
// returns the previous limit, for RestoreEffects.
func (t *Thread) LimitEffects(l *EffectLimit) (prev *EffectLimit) {
	prev = t.limit
	if prev == nil || prev.Max > l.Max {
		t.limit = l
	}
	return prev
}

// RestoreEffects puts back the limit LimitEffects returned.
func (t *Thread) RestoreEffects(prev *EffectLimit) { t.limit = prev }

// CheckEffect refuses an action whose effect exceeds the current limit:
// "`create` performs a write, which is not allowed in set functions."
// action is the action as the message names it (a backquoted method name,
// or "Reading a field").
func (t *Thread) CheckEffect(action string, e Effect) error {
	if t.limit == nil || e <= t.limit.Max {
		return nil
	}
	return Errorf(CodeInvalidEffect, "%s performs %s, which is not allowed in %s.", action, e.name(), t.limit.Reason)
}
