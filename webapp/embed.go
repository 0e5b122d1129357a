//go:build spa

// Package webapp holds the built browser app. Built with the tag `spa` (as `make build` does), the
// binary embeds webapp/dist; without it FS is nil and the server answers non-API paths with a 404 problem,
// so `go test ./...` needs no Node.js.
package webapp

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built SPA (index.html at its root).
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: "dist" is a valid path
	}
	return sub
}
