// clients/js holds Node.js test clients, not Go code. This file makes it a
// module of its own, so that `go test ./...` and `go vet ./...` at the top
// skip the Go files some npm packages ship under node_modules.
module github.com/fqlite/fqlite/clients/js

go 1.26.0
