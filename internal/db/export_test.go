package db_test

import "github.com/digitalrat/digitalrat/migrations"

var migrationsFS = migrations.FS
