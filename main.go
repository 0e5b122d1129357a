// Command digitalrat serves the Digitalrat participation platform.
package main

import (
	"context"
	_ "embed"
	"os"

	"github.com/digitalrat/digitalrat/internal/app"
)

//go:embed openapi.yaml
var spec []byte

func main() { os.Exit(app.Run(context.Background(), os.Args[1:], os.Getenv, spec)) }
