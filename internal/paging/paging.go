// Package paging holds the page request of keyset-paginated lists and the encoding of their opaque
// cursors. It sits between the HTTP layer, the services and the store, so that none of them imports the
// others for it.
package paging

import (
	"encoding/base64"
	"encoding/json"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// Page asks for one page of a keyset-paginated list.
type Page struct {
	Limit  int    // 1–100
	Cursor string // opaque; empty for the first page
}

// EncodeCursor makes an opaque cursor from the sort key of the last row of a page.
func EncodeCursor(key any) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor into key; a malformed cursor is a validation error.
func DecodeCursor(cursor string, key any) error {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err == nil {
		err = json.Unmarshal(b, key)
	}
	if err != nil {
		return apperr.Invalid("cursor", "invalid", "is not a cursor of this list")
	}
	return nil
}
