package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// Sessions are the sessions of the Digitalrat, their agenda items, attendance and speaker lists.
type Sessions struct{ db *gorm.DB }

// Sessions are the sessions, agenda items, attendance and speaker lists.
func (s *Store) Sessions() *Sessions { return &Sessions{db: s.db} }

// Create inserts a session.
func (s *Sessions) Create(ctx context.Context, se *model.Session) error {
	if err := s.db.WithContext(ctx).Create(se).Error; err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// ByID loads a session; apperr.ErrNotFound when there is none.
func (s *Sessions) ByID(ctx context.Context, id int64) (*model.Session, error) {
	var se model.Session
	if err := s.db.WithContext(ctx).First(&se, id).Error; err != nil {
		return nil, notFound("session", err)
	}
	return &se, nil
}

// Session lists: all, the upcoming (not closed) and the past (closed) ones.
const (
	SessionsAll      = ""
	SessionsUpcoming = "upcoming"
	SessionsPast     = "past"
)

// offsetCursor is the cursor of the session list. Sessions are few (a council meets monthly) and sorted
// by their start, which SQLite stores as text; an offset keeps the cursor independent of that format.
type offsetCursor struct {
	Offset int `json:"o"`
}

// List returns one page of sessions: upcoming ones soonest first, past ones and all latest first;
// non-public sessions only when withNonPublic.
func (s *Sessions) List(ctx context.Context, when string, withNonPublic bool, page Page) ([]model.Session, string, error) {
	q := s.db.WithContext(ctx).Model(&model.Session{})
	if !withNonPublic {
		q = q.Where("visibility = ?", model.SessionPublic)
	}
	switch when {
	case SessionsUpcoming:
		q = q.Where("state <> ?", model.SessionClosed).Order("starts_at, id")
	case SessionsPast:
		q = q.Where("state = ?", model.SessionClosed).Order("starts_at DESC, id DESC")
	default:
		q = q.Order("starts_at DESC, id DESC")
	}
	var cur offsetCursor
	if page.Cursor != "" {
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		if cur.Offset < 0 {
			cur.Offset = 0
		}
	}
	var out []model.Session
	if err := q.Offset(cur.Offset).Limit(page.Limit + 1).Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: list sessions: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = paging.EncodeCursor(offsetCursor{Offset: cur.Offset + page.Limit})
	}
	return out, next, nil
}

// Update writes the editable fields of se if the session has the expected version and is not closed;
// it reports whether it wrote.
func (s *Sessions) Update(ctx context.Context, se *model.Session, expected int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Session{}).
		Where("id = ? AND version = ? AND state <> ?", se.ID, expected, model.SessionClosed).
		Updates(map[string]any{"title": se.Title, "description": se.Description, "starts_at": se.StartsAt,
			"location": se.Location, "online_url": se.OnlineURL, "visibility": se.Visibility, "quorum": se.Quorum,
			"speaking_time_seconds": se.SpeakingTimeSeconds, "version": se.Version, "updated_at": se.UpdatedAt})
	if res.Error != nil {
		return false, fmt.Errorf("store: update session: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Transition moves a session from one state to the next and reports whether it did (false: the
// session was not in state from). Of two concurrent transitions the second waits for the row lock of
// the first and then finds the state changed.
func (s *Sessions) Transition(ctx context.Context, id int64, from, to string, at time.Time) (bool, error) {
	col := "started_at"
	if to == model.SessionClosed {
		col = "closed_at"
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE sessions SET state = ?, `+col+` = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND state = ?`, to, at, at, id, from)
	if res.Error != nil {
		return false, fmt.Errorf("store: session %s: %w", to, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Bump raises the version of a session that is not closed: its agenda changed. With expected > 0 only
// from that version. It reports whether it did; its row lock serialises agenda changes.
func (s *Sessions) Bump(ctx context.Context, id int64, expected int, at time.Time) (bool, error) {
	q := `UPDATE sessions SET version = version + 1, updated_at = ? WHERE id = ? AND state <> ?`
	args := []any{at, id, model.SessionClosed}
	if expected > 0 {
		q += " AND version = ?"
		args = append(args, expected)
	}
	res := s.db.WithContext(ctx).Exec(q, args...)
	if res.Error != nil {
		return false, fmt.Errorf("store: bump session: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// LockLive takes the row lock of a live session and reports whether it is live (activations hold it,
// so two of them never run side by side).
func (s *Sessions) LockLive(ctx context.Context, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE sessions SET version = version WHERE id = ? AND state = ?", id, model.SessionLive)
	if res.Error != nil {
		return false, fmt.Errorf("store: lock session: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Items returns the agenda of a session in order.
func (s *Sessions) Items(ctx context.Context, sessionID int64) ([]model.AgendaItem, error) {
	var out []model.AgendaItem
	if err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).Order("position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: agenda: %w", err)
	}
	return out, nil
}

// Item loads an agenda item of a session; apperr.ErrNotFound when the session has no such item.
func (s *Sessions) Item(ctx context.Context, sessionID, itemID int64) (*model.AgendaItem, error) {
	var it model.AgendaItem
	if err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).First(&it, itemID).Error; err != nil {
		return nil, notFound("agenda item", err)
	}
	return &it, nil
}

// CreateItem appends an item to the end of its session's agenda.
func (s *Sessions) CreateItem(ctx context.Context, it *model.AgendaItem) error {
	db := s.db.WithContext(ctx)
	var last *int
	if err := db.Raw("SELECT MAX(position) FROM agenda_items WHERE session_id = ?", it.SessionID).Scan(&last).Error; err != nil {
		return fmt.Errorf("store: agenda position: %w", err)
	}
	it.Position = 1
	if last != nil {
		it.Position = *last + 1
	}
	if err := db.Create(it).Error; err != nil {
		return fmt.Errorf("store: create agenda item: %w", err)
	}
	return nil
}

// UpdateItem writes the editable fields of it if the item has the expected version; it reports whether
// it wrote.
func (s *Sessions) UpdateItem(ctx context.Context, it *model.AgendaItem, expected int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.AgendaItem{}).Where("id = ? AND version = ?", it.ID, expected).
		Updates(map[string]any{"title": it.Title, "description": it.Description, "project_id": it.ProjectID,
			"document_id": it.DocumentID, "confidential": it.Confidential, "speaking_time_seconds": it.SpeakingTimeSeconds, "notes": it.Notes,
			"decision": it.Decision, "version": it.Version, "updated_at": it.UpdatedAt})
	if res.Error != nil {
		return false, fmt.Errorf("store: update agenda item: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetPositions numbers the agenda items in the order of ids (1, 2, …).
func (s *Sessions) SetPositions(ctx context.Context, sessionID int64, ids []int64) error {
	db := s.db.WithContext(ctx)
	for i, id := range ids {
		if err := db.Exec("UPDATE agenda_items SET position = ? WHERE id = ? AND session_id = ?", i+1, id, sessionID).Error; err != nil {
			return fmt.Errorf("store: agenda order: %w", err)
		}
	}
	return nil
}

// Activate puts an item in discussion: the item in discussion before it is done and its running speech
// ends. It reports whether the item changed (false: it was in discussion already). Call it holding the
// session's lock (LockLive).
func (s *Sessions) Activate(ctx context.Context, sessionID, itemID int64, at time.Time) (bool, error) {
	db := s.db.WithContext(ctx)
	if err := s.endDiscussion(db, sessionID, itemID, at); err != nil {
		return false, err
	}
	res := db.Exec(`UPDATE agenda_items SET state = ?, started_at = COALESCE(started_at, ?), ended_at = NULL,
		updated_at = ?, version = version + 1 WHERE id = ? AND session_id = ? AND state <> ?`,
		model.ItemInDiscussion, at, at, itemID, sessionID, model.ItemInDiscussion)
	if res.Error != nil {
		return false, fmt.Errorf("store: activate agenda item: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// EndDiscussion sets the item in discussion (if any) to done and ends its running speech (closing a session).
func (s *Sessions) EndDiscussion(ctx context.Context, sessionID int64, at time.Time) error {
	return s.endDiscussion(s.db.WithContext(ctx), sessionID, 0, at)
}

func (s *Sessions) endDiscussion(db *gorm.DB, sessionID, except int64, at time.Time) error {
	// The item rows first, then the speaker rows: the order in which speaker list changes (LockSpeakers,
	// then the entries) take their locks, so the two never wait for each other in a cycle on PostgreSQL.
	if err := db.Exec(`UPDATE agenda_items SET state = ?, ended_at = ?, updated_at = ?, version = version + 1
		WHERE session_id = ? AND id <> ? AND state = ?`, model.ItemDone, at, at, sessionID, except, model.ItemInDiscussion).Error; err != nil {
		return fmt.Errorf("store: end discussion: %w", err)
	}
	if err := db.Exec(`UPDATE session_speakers SET state = ?, ended_at = ? WHERE session_id = ? AND item_id <> ? AND state = ?`,
		model.SpeakerDone, at, sessionID, except, model.SpeakerSpeaking).Error; err != nil {
		return fmt.Errorf("store: end speeches: %w", err)
	}
	return nil
}

// ProjectSlugs returns the slugs of the projects by id, in one query.
func (s *Sessions) ProjectSlugs(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Slug string
	}
	if err := s.db.WithContext(ctx).Raw("SELECT id, slug FROM projects WHERE id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: project slugs: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Slug
	}
	return out, nil
}

// councilMember is the SQL condition of a verified, active council member in users (roles is a
// comma-joined list of role names).
const councilMember = `disabled_at IS NULL AND email_verified_at IS NOT NULL
	AND (roles = 'council' OR roles LIKE 'council,%' OR roles LIKE '%,council' OR roles LIKE '%,council,%')`

// CouncilSize counts the verified, active council members.
func (s *Sessions) CouncilSize(ctx context.Context) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw("SELECT COUNT(*) FROM users WHERE " + councilMember).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("store: council size: %w", err)
	}
	return int(n), nil
}

// AddAttendance records a member as present; it reports false when they were already.
func (s *Sessions) AddAttendance(ctx context.Context, a *model.Attendance) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`INSERT INTO session_attendance (session_id, user_id, checked_in_at, marked_by)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, a.SessionID, a.UserID, a.CheckedInAt, a.MarkedBy)
	if res.Error != nil {
		return false, fmt.Errorf("store: attendance: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Present is a member present in a session, with their display name.
type Present struct {
	UserID      int64
	DisplayName string
	CheckedInAt time.Time
}

// Attendance lists the members present in a session in the order they came.
func (s *Sessions) Attendance(ctx context.Context, sessionID int64) ([]Present, error) {
	var out []Present
	err := s.db.WithContext(ctx).Raw(`SELECT a.user_id, u.display_name, a.checked_in_at FROM session_attendance a
		JOIN users u ON u.id = a.user_id WHERE a.session_id = ? ORDER BY a.checked_in_at, a.user_id`, sessionID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: attendance: %w", err)
	}
	return out, nil
}

// LockSpeakers bumps the speaker list version of an item: every change to a speaker list starts with
// it, so its row lock serialises the changes of one list (two moderators calling the next at once:
// the second sees the first one's result). It returns the new version.
func (s *Sessions) LockSpeakers(ctx context.Context, itemID int64) (int, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec("UPDATE agenda_items SET speakers_version = speakers_version + 1 WHERE id = ?", itemID).Error; err != nil {
		return 0, fmt.Errorf("store: lock speakers: %w", err)
	}
	var v int
	if err := db.Raw("SELECT speakers_version FROM agenda_items WHERE id = ?", itemID).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("store: speakers version: %w", err)
	}
	return v, nil
}

// SpeakerRow is a speaker list entry with the speaker's display name (nil: a deleted account).
type SpeakerRow struct {
	model.Speaker
	DisplayName *string
}

// Speakers returns the entries of an item's speaker list that are waiting, speaking or done: the
// running speech, the waiting ones in the order they are called (points of order first, then in the
// order of request) and the finished ones in the order they spoke.
func (s *Sessions) Speakers(ctx context.Context, itemID int64) ([]SpeakerRow, error) {
	var out []SpeakerRow
	err := s.db.WithContext(ctx).Raw(`SELECT s.*, u.display_name FROM session_speakers s LEFT JOIN users u ON u.id = s.user_id
		WHERE s.item_id = ? AND s.state <> ?
		ORDER BY CASE s.state WHEN 'speaking' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END,
		CASE WHEN s.state = 'waiting' AND s.kind = 'point_of_order' THEN 0 ELSE 1 END, s.started_at, s.id`,
		itemID, model.SpeakerWithdrawn).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: speakers: %w", err)
	}
	return out, nil
}

// AddSpeaker inserts a request to speak (gorm.ErrDuplicatedKey when the member has an open one).
func (s *Sessions) AddSpeaker(ctx context.Context, sp *model.Speaker) error {
	if err := s.db.WithContext(ctx).Create(sp).Error; err != nil {
		return fmt.Errorf("store: add speaker: %w", err)
	}
	return nil
}

// Withdraw withdraws the waiting request of a member and reports whether there was one.
func (s *Sessions) Withdraw(ctx context.Context, itemID, userID int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE session_speakers SET state = ? WHERE item_id = ? AND user_id = ? AND state = ?",
		model.SpeakerWithdrawn, itemID, userID, model.SpeakerWaiting)
	if res.Error != nil {
		return false, fmt.Errorf("store: withdraw: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetSpeakerState moves a speaker entry from one state to the next, stamping at as its start (speaking)
// or end (done); it reports whether it did.
func (s *Sessions) SetSpeakerState(ctx context.Context, id int64, from, to string, at time.Time) (bool, error) {
	col := "started_at"
	if to == model.SpeakerDone {
		col = "ended_at"
	}
	res := s.db.WithContext(ctx).Exec("UPDATE session_speakers SET state = ?, "+col+" = ? WHERE id = ? AND state = ?", to, at, id, from)
	if res.Error != nil {
		return false, fmt.Errorf("store: speaker %s: %w", to, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// PresentCounts returns the number of members present per session, in one query.
func (s *Sessions) PresentCounts(ctx context.Context, sessionIDs []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(sessionIDs))
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		SessionID int64
		N         int
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT session_id, COUNT(*) AS n FROM session_attendance WHERE session_id IN ?
		GROUP BY session_id`, sessionIDs).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: present counts: %w", err)
	}
	for _, r := range rows {
		out[r.SessionID] = r.N
	}
	return out, nil
}
