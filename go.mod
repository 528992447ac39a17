module github.com/fqlite/fqlite

go 1.26.0

require golang.org/x/text v0.44.0

require github.com/tidwall/btree v1.8.2

require golang.org/x/crypto v0.59.0 // indirect
