package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeHelper is not a test: TestServeSurvivesSIGKILL runs the test
// binary again with FQLITE_TEST_SERVE set, and this runs `fqlite serve`
// in that process, printing its address, until the process is killed.
func TestServeHelper(t *testing.T) {
	args := os.Getenv("FQLITE_TEST_SERVE")
	if args == "" {
		t.Skip("helper process for TestServeSurvivesSIGKILL")
	}
	serve(context.Background(), strings.Fields(args), io.Discard, io.Discard, func(a []net.Addr) {
		fmt.Printf("ADDR %s\n", a[0])
	})
	os.Exit(0)
}

// TestServeSurvivesSIGKILL: under concurrent writes over h2c (one shared
// connection, as the Node driver keeps), the server is killed with
// SIGKILL and restarted on the same data directory, ten times; every write
// that was acknowledged is there after the restart.
func TestServeSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills ten server processes")
	}
	dir := t.TempDir()
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelper$")
		cmd.Env = append(os.Environ(), "FQLITE_TEST_SERVE=--data "+dir+" --addr 127.0.0.1:0 --root-secret k")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "ADDR ") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the server did not start: %q %v", line, err)
		}
		go io.Copy(io.Discard, out)
		return cmd, "http://" + strings.TrimSpace(strings.TrimPrefix(line, "ADDR "))
	}
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	query := func(c *http.Client, url, q string) (int, []byte, error) {
		body, _ := json.Marshal(map[string]string{"query": q})
		req, _ := http.NewRequest(http.MethodPost, url+"/query/1", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer k")
		resp, err := c.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}

	acked := map[string]bool{}
	for round := 0; round < 10; round++ {
		cmd, url := start()
		c := &http.Client{Transport: &http.Transport{Protocols: &p}, Timeout: 10 * time.Second}
		if round == 0 {
			if st, b, err := query(c, url, `Collection.create({ name: "Log" })`); st != 200 {
				t.Fatalf("%d %s %v", st, b, err)
			}
		} else {
			// Every write acknowledged in the last round is there, and
			// no fewer documents than all the acknowledged writes.
			st, b, err := query(c, url, fmt.Sprintf(`[Log.all().count(), Log.where(.r == %d).map(.k).toArray()]`, round-1))
			if st != 200 {
				t.Fatalf("round %d: %d %s %v", round, st, b, err)
			}
			var res struct{ Data []json.RawMessage }
			var keys []string
			var count int
			if err := json.Unmarshal(b, &res); err != nil || len(res.Data) != 2 {
				t.Fatalf("round %d: %s %v", round, b, err)
			}
			json.Unmarshal(res.Data[0], &count)
			json.Unmarshal(res.Data[1], &keys)
			have := map[string]bool{}
			for _, k := range keys {
				have[k] = true
			}
			prefix := fmt.Sprintf("%d-", round-1)
			for k := range acked {
				if strings.HasPrefix(k, prefix) && !have[k] {
					t.Fatalf("round %d: the acknowledged write %s is lost", round, k)
				}
			}
			if count < len(acked) {
				t.Fatalf("round %d: %d documents, %d writes acknowledged", round, count, len(acked))
			}
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					k := fmt.Sprintf("%d-%d-%d", round, w, i)
					st, _, err := query(c, url, fmt.Sprintf(`Log.create({ r: %d, k: "%s" }); null`, round, k))
					if err != nil {
						return // the server is gone
					}
					if st == 200 {
						mu.Lock()
						acked[k] = true
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(150 * time.Millisecond)
		cmd.Process.Kill() // SIGKILL on Unix
		cmd.Wait()
		close(stop)
		wg.Wait()
		c.CloseIdleConnections()
	}
	if len(acked) < 100 {
		t.Errorf("only %d writes were acknowledged in ten rounds", len(acked))
	}
	t.Logf("%d acknowledged writes survived ten SIGKILLs", len(acked))
}
