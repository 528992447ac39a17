package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/fqlite/fqlite/runtime"
)

// BenchmarkHTTPRoundTrip measures one query over HTTP: the client sends a
// driver-style template and reads the whole answer. Variants:
//
//   - simple: `<value> + 1`, admin secret; indexed: a token-authenticated
//     indexed read (Product.byName(...).first()) whose token's role reads
//     Product through membership;
//   - http1 (keep-alive) or h2c (one shared connection, as the Node
//     driver keeps);
//   - serial or parallel (32 clients);
//   - bare: a net/http handler that returns the same body without
//     touching the database, the ceiling for this machine.
//
// The request log is off (a discard handler) so that the numbers measure
// the protocol and the database.
func BenchmarkHTTPRoundTrip(b *testing.B) {
	ts := newTestServer(b, func(c *Config) { c.Logger = slog.New(slog.DiscardHandler) })
	ctx := context.Background()
	_, err := ts.db.PushSchema(ctx, map[string]string{"main.fsl": `
collection User {}
collection Product {
  name: String
  index byName { terms [.name] }
}
role reader {
  membership User
  privileges Product { read }
}
`}, runtime.PushOptions{})
	if err != nil {
		b.Fatal(err)
	}
	r := ts.q(b, `Array.sequence(0, 100).forEach(i => Product.create({ name: "p" + i.toString() }))`)
	mustOK(b, r)
	r = ts.q(b, `Token.create({ document: User.create({}) }).secret`)
	mustOK(b, r)
	token := r.body["data"].(string)

	type workload struct {
		name, body, secret string
	}
	loads := []workload{
		{"simple", `{"query":{"fql":[{"value":{"@int":"41"}}," + 1"]}}`, testSecret},
		{"indexed", `{"query":{"fql":["Product.byName(",{"value":"p42"},").first()"]}}`, token},
	}
	for _, w := range loads {
		// The bare server answers with the body the real one gives.
		r := ts.query(b, w.body, "X-Format", "tagged", "Authorization", "Bearer "+w.secret)
		mustOK(b, r)
		answer := []byte(r.raw)
		bare := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
			io.Copy(io.Discard, req.Body)
			writeBody(rw, http.StatusOK, answer)
		}))
		bare.Config = NewHTTPServer(bare.Config.Handler, nil)
		bare.Start()
		defer bare.Close()

		for _, proto := range []string{"http1", "h2c"} {
			newClient := func() *http.Client {
				if proto == "h2c" {
					return h2cClient()
				}
				return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			}
			for _, target := range []struct {
				name, url string
			}{{"fqlite", ts.URL}, {"bare", bare.URL}} {
				send := func(b *testing.B, c *http.Client) {
					req, _ := http.NewRequest(http.MethodPost, target.url+"/query/1", strings.NewReader(w.body))
					req.Header.Set("Authorization", "Bearer "+w.secret)
					req.Header.Set("X-Format", "tagged")
					resp, err := c.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Fatalf("status %d", resp.StatusCode)
					}
				}
				b.Run(w.name+"/"+proto+"/"+target.name+"/serial", func(b *testing.B) {
					c := newClient()
					send(b, c)
					b.ReportAllocs()
					b.ResetTimer()
					for b.Loop() {
						send(b, c)
					}
				})
				b.Run(w.name+"/"+proto+"/"+target.name+"/parallel32", func(b *testing.B) {
					c := newClient()
					send(b, c)
					b.ReportAllocs()
					b.SetParallelism(max(1, 32/goruntime.GOMAXPROCS(0)))
					b.ResetTimer()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							send(b, c)
						}
					})
				})
			}
		}
	}
}

// BenchmarkServeQuery measures the server's own work for one query, with
// no network: ServeHTTP on a recorded response.
func BenchmarkServeQuery(b *testing.B) {
	ts := newTestServer(b, func(c *Config) { c.Logger = slog.New(slog.DiscardHandler) })
	for _, w := range []struct{ name, body, format string }{
		{"string", `{"query":"41 + 1"}`, "simple"},
		{"template", `{"query":{"fql":[{"value":{"@int":"41"}}," + 1"]}}`, "tagged"},
		{"object", `{"query":{"fql":[{"value":{"a":{"@int":"1"},"b":["x",{"@double":"2.5"}],"c":{"@time":"2024-01-02T03:04:05Z"}}}]}}`, "tagged"},
	} {
		b.Run(w.name, func(b *testing.B) {
			rd := strings.NewReader(w.body)
			req := httptest.NewRequest(http.MethodPost, "/query/1", rd)
			req.Header.Set("Authorization", "Bearer "+testSecret)
			req.Header.Set("X-Format", w.format)
			rec := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				rd.Reset(w.body)
				clear(rec.h)
				rec.status = 0
				ts.api.ServeHTTP(rec, req)
				if rec.status != http.StatusOK {
					b.Fatalf("status %d", rec.status)
				}
			}
		})
	}
}

type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(s int)           { d.status = s }
