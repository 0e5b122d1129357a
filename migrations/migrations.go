// Package migrations holds the SQL migrations of both dialects, embedded into the binary.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql; both directories carry the same version numbers.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
