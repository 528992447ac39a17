package store_test

import (
	"context"
	"fmt"

	"github.com/fqlite/fqlite/runtime/store"
)

func ExampleDB_Update() {
	db, err := store.Open(store.Options{}) // Dir: "data" to persist
	if err != nil {
		panic(err)
	}
	defer db.Close()

	// Update retries fn on conflict; it commits when fn returns nil.
	info, err := db.Update(context.Background(), 0, func(tx *store.Txn) error {
		tx.Put("users/1", []byte(`{"name":"Ada"}`))
		return tx.Put("users/2", []byte(`{"name":"Alan"}`))
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("committed version", info.Version)

	db.View(func(tx *store.Txn) error {
		tx.Scan("users/", store.PrefixEnd("users/"), false, func(key string, it store.Item) bool {
			fmt.Println(key, string(it.Value), it.Version, it.Time.Equal(info.Time))
			return true
		})
		return nil
	})
	// Output:
	// committed version 1
	// users/1 {"name":"Ada"} 1 true
	// users/2 {"name":"Alan"} 1 true
}
