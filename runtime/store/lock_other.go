//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"os"
	"path/filepath"
)

// lockDir only creates dir/LOCK on systems without flock: two processes
// opening the same directory there are not detected.
func lockDir(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
}

func unlockDir(f *os.File) {
	if f != nil {
		f.Close()
	}
}
