package eval_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// CompileArgs must hand back the arguments in the order of the program's
// parameters, and compile again whenever the argument names change.
func TestCompileArgs(t *testing.T) {
	c := eval.NewCache(16)
	s := func(x string) eval.Value { return eval.String(x) }
	for _, step := range []struct {
		text string
		args map[string]eval.Value
		want string
	}{
		{`[a, b]`, map[string]eval.Value{"b": s("B"), "a": s("A")}, `["A","B"]`},
		{`[a, b]`, map[string]eval.Value{"a": s("A2"), "b": s("B2")}, `["A2","B2"]`},
		{`[a, b]`, map[string]eval.Value{"c": s("C3"), "a": s("A3"), "b": s("B3")}, `["A3","B3"]`},
		{`[a, b]`, map[string]eval.Value{"b": s("B4"), "a": s("A4")}, `["A4","B4"]`},
		{`a`, map[string]eval.Value{"a": s("A5"), "x": s("X5")}, `"A5"`},
		{`a`, map[string]eval.Value{"y": s("Y6"), "a": s("A6")}, `"A6"`},
		{`a`, map[string]eval.Value{"a": s("A7")}, `"A7"`},
		{`1`, nil, `1`},
		{`1`, nil, `1`},
	} {
		var buf [4]eval.Value
		prog, values, err := c.CompileArgs(step.text, step.args, buf[:0])
		if err != nil {
			t.Fatal(err)
		}
		params := prog.Params()
		if len(params) != len(step.args) || len(values) != len(params) {
			t.Fatalf("%s %v: params %v, values %v", step.text, step.args, params, values)
		}
		for i, p := range params {
			if values[i] != step.args[p] {
				t.Errorf("%s %v: value %d is %v, want the argument %s", step.text, step.args, i, values[i], p)
			}
		}
		v, err := eval.Run(eval.NewThread(time.Unix(0, 0)), prog, values...)
		if err != nil {
			t.Fatalf("%s %v: %v", step.text, step.args, err)
		}
		if got := strings.Join(strings.Fields(eval.RenderFQL(v, time.Time{})), ""); got != step.want {
			t.Errorf("%s %v: got %s, want %s", step.text, step.args, got, step.want)
		}
	}
}
