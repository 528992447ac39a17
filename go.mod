module github.com/fqlite/fqlite

go 1.26
