package paging

import (
	"errors"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// Cursor shapes as the store uses them (internal/store: idCursor, commentCursor, projectCursor); the
// store cannot be imported here, and the decoder only sees their JSON form.
type (
	fuzzIDCursor struct {
		ID int64 `json:"id"`
	}
	fuzzCommentCursor struct {
		Sort  string `json:"s"`
		Score int    `json:"n,omitempty"`
		ID    int64  `json:"id"`
	}
	fuzzProjectCursor struct {
		Sort string    `json:"s"`
		Num  int64     `json:"n,omitempty"`
		Text string    `json:"t,omitempty"`
		Time time.Time `json:"at,omitzero"`
		ID   int64     `json:"id"`
	}
)

// FuzzDecodeCursor feeds arbitrary query values to the cursor decoder. Cursors come from clients, so it
// must never panic, must refuse with nothing but the validation error naming the field cursor (a 422,
// never a 500), and what it accepts must survive encoding and decoding again unchanged.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{
		EncodeCursor(fuzzIDCursor{ID: 42}),
		EncodeCursor(fuzzCommentCursor{Sort: "top", Score: -3, ID: 7}),
		EncodeCursor(fuzzProjectCursor{Sort: "title", Text: "Schul-WLAN", ID: 1}),
		EncodeCursor(fuzzProjectCursor{Sort: "updated", Time: time.Date(2026, 11, 2, 9, 0, 0, 5, time.UTC), ID: 9}),
		"", "=", "eyJpZCI6NDJ9", "eyJpZCI6NDJ9==", "e30", "bnVsbA", "W10", "eyJpZCI6MWUzMDB9",
		"eyJpZCI6Ilx1MDAwMCJ9", "%%%", "\x00", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		for _, newKey := range []func() any{
			func() any { return &fuzzIDCursor{} },
			func() any { return &fuzzCommentCursor{} },
			func() any { return &fuzzProjectCursor{} },
		} {
			key := newKey()
			if err := DecodeCursor(cursor, key); err != nil {
				var ve *apperr.ValidationError
				if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "cursor" {
					t.Fatalf("cursor %q: error %v is not the cursor validation error", cursor, err)
				}
				continue
			}
			// Accepted: the cursor the server would write for this key must read back as the same key.
			again := EncodeCursor(key)
			back := newKey()
			if err := DecodeCursor(again, back); err != nil {
				t.Fatalf("cursor %q: re-encoded %q does not decode: %v", cursor, again, err)
			}
			if third := EncodeCursor(back); third != again {
				t.Fatalf("cursor %q: not stable: %q then %q", cursor, again, third)
			}
		}
	})
}
