package store

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// notFound turns gorm's not-found into apperr.ErrNotFound and wraps other errors.
func notFound(what string, err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: %s: %w", what, apperr.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// IsDuplicate reports whether err is a unique-constraint violation.
func IsDuplicate(err error) bool { return errors.Is(err, gorm.ErrDuplicatedKey) }
