package store

import "strings"

// likeEscaper escapes the LIKE wildcards of user text; the queries declare ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
