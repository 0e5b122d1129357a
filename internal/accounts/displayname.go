package accounts

import (
	"context"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// maxDisplayNameRunes is the longest display name.
const maxDisplayNameRunes = 100

// staffRoles are the roles whose holders speak for the city or the platform; nobody else may take a
// name that looks like theirs.
var staffRoles = []model.Role{model.RoleAdmin, model.RoleModerator, model.RoleOfficial}

// cleanDisplayName NFC-normalises and trims a display name and adds a field error to ve when it holds
// control or bidi-control characters, invisible-only text or no letter or digit at all. Names are shown
// next to everything a user writes: a right-to-left override or an invisible name would let a user
// disguise whose words these are.
func cleanDisplayName(ve *apperr.ValidationError, name string) string {
	name = strings.TrimSpace(norm.NFC.String(name))
	if name == "" {
		ve.Add("display_name", "required", "is required")
		return name
	}
	visible := false
	for _, r := range name {
		if forbiddenInName(r) {
			ve.Add("display_name", "invalid_characters", "must not contain control, formatting or direction characters")
			return name
		}
		if (unicode.IsLetter(r) || unicode.IsNumber(r)) && !invisibleLetter(r) {
			visible = true
		}
	}
	if !visible {
		ve.Add("display_name", "no_letters", "must contain at least one letter or digit")
	} else if len([]rune(name)) > maxDisplayNameRunes {
		ve.Add("display_name", "max", "must be at most 100 characters")
	}
	return name
}

// forbiddenInName reports control characters, line and paragraph separators, and format characters
// (bidi embeddings, overrides and isolates, marks, zero-width spaces, the BOM) except the zero-width
// (non-)joiners that emoji sequences and several scripts need.
func forbiddenInName(r rune) bool {
	switch {
	case r == '\u200C' || r == '\u200D':
		return false
	case unicode.IsControl(r), unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf):
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069', r == '\u200E', r == '\u200F', r == '\u061C':
		return true // bidi controls (all in Cf too; listed for the reader)
	}
	return false
}

// invisibleLetter reports the fillers that Unicode classes as letters but that render as blank space
// (Hangul fillers, the Braille blank and similar).
func invisibleLetter(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800', '\u034F', '\u17B4', '\u17B5', '\u180E':
		return true
	}
	return false
}

var folder = cases.Fold()

// nameKey is what two display names are compared by: compatibility-normalised (fullwidth letters and
// ligatures become plain ones), case-folded, without invisible characters, with whitespace collapsed.
func nameKey(name string) string {
	s := folder.String(norm.NFKC.String(name))
	s = strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.Cf, unicode.Cc) || invisibleLetter(r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// checkReservedName adds a field error when name equals (by nameKey) the name of a staff member other
// than self (0 for a new user).
func checkReservedName(ctx context.Context, tx *store.Store, ve *apperr.ValidationError, name string, self int64) error {
	staff, err := tx.Users().NamesWithRoles(ctx, staffRoles...)
	if err != nil {
		return err
	}
	key := nameKey(name)
	for _, u := range staff {
		if u.ID != self && nameKey(u.DisplayName) == key {
			ve.Add("display_name", "reserved", "is the name of a staff member")
			return nil
		}
	}
	return nil
}
