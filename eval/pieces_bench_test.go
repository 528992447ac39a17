package eval_test

import (
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
)

func BenchmarkPieces(b *testing.B) {
	for _, q := range []string{`doc`, `doc.age`, `doc.age > 18`, `doc.name.startsWith("A")`, `doc.tags.includes("x")`, `true && true`} {
		b.Run(q, func(b *testing.B) {
			prog, err := eval.CompileText(q, "doc")
			if err != nil {
				b.Fatal(err)
			}
			doc := predicateDoc()
			th := eval.NewThread(time.Now())
			b.ReportAllocs()
			for b.Loop() {
				prog.Eval(th, doc)
			}
		})
	}
}
