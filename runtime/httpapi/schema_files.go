package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// schemaFiles is what the schema endpoints keep beside the database's
// schema documents: the FSL files of the last push under the names the
// client gave them (so `fauna schema pull` gives back the files that
// `fauna schema push` sent), and the staged schema. The runtime stores a
// schema as documents, and renders it back as one main.fsl; the files
// here are used only while the database's schema version is still the
// one they were pushed at, so a change made through FQL is never hidden.
//
// The staged schema lives here, not in the database: fqlite builds
// indexes synchronously, so staging only has to hold the files until
// `commit` pushes them (spec/fsl-auth.md §2.2).
type schemaFiles struct {
	path  string // "" keeps the state in memory
	state schemaState
}

type schemaState struct {
	// Counter is the runtime's schema version counter after the push of
	// Active.
	Counter uint64            `json:"counter"`
	Active  map[string]string `json:"active,omitempty"`
	Staged  map[string]string `json:"staged,omitempty"`
	// StageChange is the time (µs) of the last stage, commit or abandon;
	// the schema endpoints' version never goes below it.
	StageChange int64 `json:"stage_change,omitempty"`
}

func loadSchemaFiles(path string) (*schemaFiles, error) {
	f := &schemaFiles{path: path}
	if path == "" {
		return f, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &f.state); err != nil {
		return nil, fmt.Errorf("httpapi: %s: %w", path, err)
	}
	return f, nil
}

// save writes the state: to a temporary file, synced, then renamed over
// the old one, so a crash leaves the old or the new state.
func (f *schemaFiles) save() error {
	if f.path == "" {
		return nil
	}
	b, err := json.Marshal(&f.state)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".schema-files-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}
