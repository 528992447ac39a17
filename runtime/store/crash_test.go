package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	crashDirEnv   = "FQLITE_STORE_CRASH_DIR"
	crashRoundEnv = "FQLITE_STORE_CRASH_ROUND"
)

func crashValue(key string) string { return strings.Repeat(key+";", 1+len(key)%7) }

// TestCrashChild is the process TestCrash kills. It commits in a loop from
// several goroutines and prints each key once its commit is acknowledged.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestCrash")
	}
	round := os.Getenv(crashRoundEnv)
	db, err := Open(Options{Dir: dir, SnapshotEvery: 40})
	if err != nil {
		fmt.Fprintln(os.Stdout, "error", err)
		os.Exit(2)
	}
	var mu sync.Mutex
	ack := func(key string) {
		mu.Lock()
		os.Stdout.WriteString("ack " + key + "\n")
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			deadline := time.Now().Add(10 * time.Second)
			for i := 0; time.Now().Before(deadline); i++ {
				key := fmt.Sprintf("r%s/g%d/%06d", round, g, i)
				_, err := db.Update(nil, 100, func(tx *Txn) error {
					// A read-modify-write on a shared counter too, so
					// commits conflict and retry while being killed.
					c, _ := tx.Get("counter")
					tx.Put("counter", append(c.Value[:len(c.Value):len(c.Value)], 'x'))
					return tx.Put(key, []byte(crashValue(key)))
				})
				if err != nil {
					fmt.Fprintln(os.Stdout, "error", err)
					os.Exit(2)
				}
				ack(key)
			}
		}(g)
	}
	wg.Wait()
	db.Close()
}

// TestCrash kills a committing child process with SIGKILL at a random
// moment, reopens its directory and checks that every acknowledged commit
// survived, round after round on the same directory.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	rounds := 20
	acked := map[string]bool{}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	start := time.Now()
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, fmt.Sprintf("%s=%d", crashRoundEnv, round))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Kill at a random moment after the first acknowledgement, so
		// that the kill lands among commits; every fifth round, at a
		// random moment after the start, which may be during recovery.
		var killAt <-chan time.Time
		early := round%5 == 4
		if early {
			timer := time.AfterFunc(time.Duration(rng.IntN(30))*time.Millisecond, func() { cmd.Process.Kill() })
			defer timer.Stop()
			killAt = make(chan time.Time) // never fires
		}
		n := 0
		for line := range lines {
			if rest, ok := strings.CutPrefix(line, "ack "); ok {
				acked[rest] = true
				n++
			} else {
				t.Fatalf("child: %s", line)
			}
			if killAt == nil {
				killAt = time.After(time.Duration(rng.IntN(150)) * time.Millisecond)
			}
			select {
			case <-killAt:
				cmd.Process.Kill()
				killAt = make(chan time.Time) // never again
			default:
			}
		}
		cmd.Wait()
		if n == 0 && !early {
			t.Fatalf("round %d: child acknowledged nothing", round)
		}

		db, err := Open(Options{Dir: dir, SnapshotEvery: -1})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		tx := db.Begin()
		for key := range acked {
			if it, ok := tx.Get(key); !ok || string(it.Value) != crashValue(key) {
				t.Fatalf("round %d: acknowledged %s lost (%q %v)", round, key, it.Value, ok)
			}
		}
		c, _ := tx.Get("counter")
		keys := 0
		tx.Scan("r", "s", false, func(string, Item) bool { keys++; return true })
		tx.Discard()
		// Every commit wrote one key and one counter byte, atomically.
		if keys != len(c.Value) || keys < len(acked) {
			t.Fatalf("round %d: %d keys, counter %d, %d acknowledged", round, keys, len(c.Value), len(acked))
		}
		st := db.Stats()
		db.Close()
		t.Logf("round %d: %d acks this round, %d keys, version %d, %d log bytes", round, n, keys, st.Version, st.LogBytes)
	}
	t.Logf("%d rounds in %v", rounds, time.Since(start))
}
