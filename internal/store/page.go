package store

import "github.com/digitalrat/digitalrat/internal/paging"

// Page is the page request of a list (paging.Page); the name keeps store signatures short.
type Page = paging.Page

// idCursor is the cursor of lists ordered by id alone.
type idCursor struct {
	ID int64 `json:"id"`
}

// pageOf cuts a page that was read with one row too many and makes the cursor of its last row.
func pageOf[T any](rows []T, page Page, id func(T) int64) ([]T, string, error) {
	if len(rows) <= page.Limit {
		return rows, "", nil
	}
	rows = rows[:page.Limit]
	return rows, paging.EncodeCursor(idCursor{ID: id(rows[len(rows)-1])}), nil
}
