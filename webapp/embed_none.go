//go:build !spa

// Package webapp holds the built browser app. Built with the tag `spa` (as `make build` does), the
// binary embeds webapp/dist; without it FS is nil and the server answers non-API paths with a 404 problem,
// so `go test ./...` needs no Node.js.
package webapp

import "io/fs"

// FS returns nil: this binary was built without the SPA.
func FS() fs.FS { return nil }
