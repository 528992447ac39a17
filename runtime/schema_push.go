package runtime

import (
	"context"
	"errors"
)

// PushOptions configure PushSchema.
type PushOptions struct {
	// DryRun validates and computes the diff without applying it.
	DryRun bool
}

// PushSchema replaces the database's schema with the given FSL files
// (file name → source), in one transaction.
func (db *DB) PushSchema(ctx context.Context, files map[string]string, o PushOptions) (*SchemaDiff, error) {
	return nil, errors.New("fqlite: FSL schema push is not available yet")
}

// SchemaDiff describes what a push changes.
type SchemaDiff struct{}
