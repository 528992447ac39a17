package runtime_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime"
)

func mustQuery(t testing.TB, db *runtime.DB, q string, args map[string]eval.Value) eval.Value {
	t.Helper()
	res, err := db.Query(context.Background(), q, &runtime.QueryOptions{Args: args})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res.Value
}

// TestConcurrentTransfers runs 32 goroutines doing read-modify-write
// transfers between 8 accounts. Every query is one serializable
// transaction: a conflicting one runs again, so each transfer applies
// fully or not at all, and the balances are exactly what the successful
// transfers say.
func TestConcurrentTransfers(t *testing.T) {
	for _, mode := range []string{"memory", "disk"} {
		t.Run(mode, func(t *testing.T) {
			opts := runtime.Options{MaxAttempts: 10000}
			if mode == "disk" {
				opts.Dir = t.TempDir()
			}
			db, err := runtime.Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			const accounts, workers, perWorker, initial = 8, 32, 40, 1000
			mustQuery(t, db, `Collection.create({ name: "Account" }) { name }`, nil)
			mustQuery(t, db, `Set.sequence(0, n).forEach(i => Account.create({ id: i, balance: b }))`,
				map[string]eval.Value{"n": eval.Number(accounts), "b": eval.Number(initial)})
			const transfer = `
				let from = Account.byId(src)!
				let to = Account.byId(dst)!
				if (from.balance >= amount) {
				  from.update({ balance: from.balance - amount })
				  to.update({ balance: to.balance + amount })
				  true
				} else {
				  false
				}`
			var delta [accounts]atomic.Int64
			var applied, skipped atomic.Int64
			var retries atomic.Int64
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(seed uint64) {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(seed, 7))
					for i := 0; i < perWorker; i++ {
						src := rng.IntN(accounts)
						dst := (src + 1 + rng.IntN(accounts-1)) % accounts
						amount := int64(1 + rng.IntN(300))
						res, err := db.Query(context.Background(), transfer, &runtime.QueryOptions{Args: map[string]eval.Value{
							"src": eval.Number(int64(src)), "dst": eval.Number(int64(dst)), "amount": eval.Number(amount)}})
						if err != nil {
							t.Error(err)
							return
						}
						retries.Add(int64(res.Stats.Retries))
						if res.Value == eval.True {
							delta[src].Add(-amount)
							delta[dst].Add(amount)
							applied.Add(1)
						} else {
							skipped.Add(1)
						}
					}
				}(uint64(w))
			}
			wg.Wait()
			got := mustQuery(t, db, `Account.all().map(.balance).toArray()`, nil).(*eval.Array)
			total := int64(0)
			for i, v := range got.Elems {
				n, _ := eval.AsInt64(v)
				total += n
				if want := initial + delta[i].Load(); n != want {
					t.Errorf("account %d: balance %d, want %d", i, n, want)
				}
			}
			if total != accounts*initial {
				t.Errorf("total %d, want %d", total, accounts*initial)
			}
			t.Logf("%d transfers applied, %d refused for funds, %d conflict retries", applied.Load(), skipped.Load(), retries.Load())
			if retries.Load() == 0 {
				t.Log("no conflicts happened (machine too idle to interleave)")
			}
		})
	}
}

// TestCrashRecovery kills a child process that commits documents with
// SIGKILL at a random moment, 20 times, and checks after each restart
// that every document the child reported as committed is there.
func TestCrashRecovery(t *testing.T) {
	if os.Getenv("FQLITE_CRASH_CHILD") != "" {
		crashChild()
		return
	}
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := t.TempDir()
	rounds := 20
	var acked []int64
	rng := rand.New(rand.NewPCG(42, 42))
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$", "-test.v=false")
		cmd.Env = append(os.Environ(), "FQLITE_CRASH_CHILD="+dir, "FQLITE_CRASH_ROUND="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := time.Duration(20+rng.IntN(200)) * time.Millisecond
		timer := time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(out)
		n := 0
		for sc.Scan() {
			line := sc.Text()
			if id, ok := strings.CutPrefix(line, "acked "); ok {
				v, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					t.Fatalf("bad child line %q", line)
				}
				acked = append(acked, v)
				n++
			}
		}
		timer.Stop()
		err = cmd.Wait()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		if ee != nil && ee.Exited() {
			t.Fatalf("round %d: the child failed on its own (exit %d), see its output above", round, ee.ExitCode())
		}
		// Reopen and check every acknowledged document.
		db, err := runtime.Open(runtime.Options{Dir: dir})
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		ids := make([]eval.Value, len(acked))
		for i, id := range acked {
			ids[i] = eval.Number(id)
		}
		var missing eval.Value
		if len(ids) > 0 {
			missing = mustQuery(t, db, `ids.filter(id => !Item.byId(id).exists())`, map[string]eval.Value{"ids": eval.NewArray(ids)})
			if m := missing.(*eval.Array); len(m.Elems) > 0 {
				t.Fatalf("round %d: %d acknowledged documents lost, e.g. %v", round, len(m.Elems), eval.RenderFQL(m.Elems[0], time.Time{}))
			}
		}
		db.Close()
		t.Logf("round %d: killed after %v, %d commits acknowledged this round, %d in all, all present", round, killAfter, n, len(acked))
	}
	if len(acked) < rounds {
		t.Fatalf("only %d commits acknowledged in %d rounds: the child did not get to work", len(acked), rounds)
	}
}

// crashChild commits documents forever, printing each acknowledged id.
func crashChild() {
	dir := os.Getenv("FQLITE_CRASH_CHILD")
	db, err := runtime.Open(runtime.Options{Dir: dir})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	if _, err := db.Query(ctx, `if (!Collection.byName("Item").exists()) Collection.create({ name: "Item" }) else null`, nil); err != nil {
		fmt.Fprintln(os.Stderr, "child schema:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		res, err := db.Query(ctx, `Item.create({ n: n, payload: payload }).id`, &runtime.QueryOptions{Args: map[string]eval.Value{
			"n": eval.Number(int64(i)), "payload": eval.String(strings.Repeat("x", 100))}})
		if err != nil {
			fmt.Fprintln(os.Stderr, "child create:", err)
			os.Exit(2)
		}
		fmt.Fprintf(w, "acked %s\n", eval.DisplayString(res.Value))
		w.Flush()
	}
}
