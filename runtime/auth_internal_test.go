package runtime

import (
	"context"
	"testing"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// BenchmarkSecretResolution is the resolution of a token secret that was
// verified before (the cache of verified secrets): hashing it, the cache
// lookup, and the reads of the token and its identity that keep a
// concurrent logout serializable. The goal is ≤ 1 µs.
func BenchmarkSecretResolution(b *testing.B) {
	db, err := Open(Options{PasswordCost: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, q := range []string{
		`Collection.create({ name: "User" }) { name }`,
		`Role.create({ name: "user", membership: [{ resource: "User" }], privileges: [{ resource: "User", actions: { read: "(d) => d == Query.identity()" } }] }) { name }`,
		`Set.sequence(0, 1000).forEach(i => User.create({ id: i + 1 }))`,
	} {
		if _, err := db.Query(ctx, q, nil); err != nil {
			b.Fatal(err)
		}
	}
	res, err := db.Query(ctx, `Token.create({ document: User(7) }).secret`, nil)
	if err != nil {
		b.Fatal(err)
	}
	secret := string(res.Value.(eval.String))
	// Warm the cache.
	if _, err := db.Query(ctx, `Query.identity()!.id`, &QueryOptions{Secret: secret}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	err = db.st.View(func(tx *store.Txn) error {
		q, err := db.begin(ctx, tx)
		if err != nil {
			return err
		}
		defer q.release()
		for i := 0; i < b.N; i++ {
			if err := q.authenticate(secret); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
