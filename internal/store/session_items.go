package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// AppendNote appends entry as a paragraph of its own to the notes of an agenda item and raises the
// item's version; apperr.ErrNotFound when the session has no such item. One statement, so concurrent
// appends never lose each other.
func (s *Sessions) AppendNote(ctx context.Context, sessionID, itemID int64, entry string, at time.Time) error {
	res := s.db.WithContext(ctx).Exec(`UPDATE agenda_items SET notes = CASE WHEN notes = '' THEN ? ELSE notes || ? END,
		version = version + 1, updated_at = ? WHERE id = ? AND session_id = ?`, entry, "\n\n"+entry, at, itemID, sessionID)
	if res.Error != nil {
		return fmt.Errorf("store: append note: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return notFound("agenda item", gorm.ErrRecordNotFound)
	}
	return nil
}

// Member is a council member with their attendance in one session (CheckedInAt nil: not present).
type Member struct {
	UserID      int64
	DisplayName string
	Affiliation string
	CheckedInAt *time.Time
}

// Members lists the verified, active council members and whoever else is recorded present in a session,
// by display name.
func (s *Sessions) Members(ctx context.Context, sessionID int64) ([]Member, error) {
	var out []Member
	err := s.db.WithContext(ctx).Raw(`SELECT u.id AS user_id, u.display_name, u.affiliation, a.checked_in_at FROM users u
		LEFT JOIN session_attendance a ON a.user_id = u.id AND a.session_id = ?
		WHERE (`+councilMember+`) OR a.user_id IS NOT NULL ORDER BY u.display_name, u.id`, sessionID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: council members: %w", err)
	}
	return out, nil
}

// RemoveAttendance records a member as absent again; it reports false when they were not present.
func (s *Sessions) RemoveAttendance(ctx context.Context, sessionID, userID int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec("DELETE FROM session_attendance WHERE session_id = ? AND user_id = ?", sessionID, userID)
	if res.Error != nil {
		return false, fmt.Errorf("store: remove attendance: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}
