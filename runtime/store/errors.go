package store

import "errors"

// Limits that keep one transaction from taking the process down. They match
// Fauna's documented limits closely enough for the layer above to report the
// same errors.
const (
	// MaxKeySize is the largest key, in bytes.
	MaxKeySize = 64 << 10
	// MaxValueSize is the largest single value, in bytes.
	MaxValueSize = 16 << 20
	// MaxTxnSize bounds the encoded size of one commit's write set (its log
	// record payload: keys, values and a few bytes of framing per write).
	MaxTxnSize = 16 << 20
)

var (
	// ErrConflict reports that a transaction read something a later commit
	// changed (or that its snapshot is too old to validate). Retry it.
	ErrConflict = errors.New("store: transaction conflict")
	// ErrTxnTooLarge reports a write set over MaxTxnSize.
	ErrTxnTooLarge = errors.New("store: transaction too large")
	// ErrKeyTooLarge reports a key over MaxKeySize.
	ErrKeyTooLarge = errors.New("store: key too large")
	// ErrValueTooLarge reports a value over MaxValueSize.
	ErrValueTooLarge = errors.New("store: value too large")
	// ErrTxnDone reports use of a transaction after Commit or Discard.
	ErrTxnDone = errors.New("store: transaction already committed or discarded")
	// ErrReadOnly reports a write inside View.
	ErrReadOnly = errors.New("store: write in a read-only transaction")
	// ErrManagedTxn reports Commit called on the transaction that Update
	// manages; Update commits when the function returns nil.
	ErrManagedTxn = errors.New("store: Commit inside Update or View")
	// ErrClosed reports use of a closed DB.
	ErrClosed = errors.New("store: database closed")
	// ErrLocked reports a data directory held by another DB (in this or
	// another process).
	ErrLocked = errors.New("store: data directory in use")
	// ErrPartition reports keys that Options.Partition puts in partitions
	// whose prefixes nest, against its contract: a commit that would write
	// them fails with it, and so does Open if the data on disk has them.
	ErrPartition = errors.New("store: Options.Partition breaks its contract")
	// ErrCorrupt reports damage that recovery cannot repair without losing
	// acknowledged commits (a torn tail is repaired, not reported).
	ErrCorrupt = errors.New("store: data directory corrupt")
)
