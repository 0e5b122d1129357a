package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// Polls are the polls, their options and counters, who voted (poll_voters), the named ballots of council
// polls and the eligibility snapshots.
type Polls struct{ db *gorm.DB }

// Create inserts a poll and its options (positions in the order given).
func (s *Polls) Create(ctx context.Context, p *model.Poll, labels []string) error {
	db := s.db.WithContext(ctx)
	if err := db.Create(p).Error; err != nil {
		return fmt.Errorf("store: create poll: %w", err)
	}
	return s.setOptions(db, p.ID, labels)
}

func (s *Polls) setOptions(db *gorm.DB, pollID int64, labels []string) error {
	opts := make([]model.PollOption, len(labels))
	for i, l := range labels {
		opts[i] = model.PollOption{PollID: pollID, Position: i, Label: l}
	}
	if err := db.Create(&opts).Error; err != nil {
		return fmt.Errorf("store: poll options: %w", err)
	}
	return nil
}

// ByID loads a poll; apperr.ErrNotFound when there is none.
func (s *Polls) ByID(ctx context.Context, id int64) (*model.Poll, error) {
	var p model.Poll
	if err := s.db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound("poll", err)
	}
	return &p, nil
}

// Options returns the options of the polls by poll, in position order, in one query.
func (s *Polls) Options(ctx context.Context, pollIDs []int64) (map[int64][]model.PollOption, error) {
	out := make(map[int64][]model.PollOption, len(pollIDs))
	if len(pollIDs) == 0 {
		return out, nil
	}
	var rows []model.PollOption
	if err := s.db.WithContext(ctx).Where("poll_id IN ?", pollIDs).Order("poll_id, position").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: poll options: %w", err)
	}
	for _, o := range rows {
		out[o.PollID] = append(out[o.PollID], o)
	}
	return out, nil
}

// List returns one page of the polls of a subject, newest first; drafts only when withDrafts.
func (s *Polls) List(ctx context.Context, subjectType string, subjectID int64, withDrafts bool, page Page) ([]model.Poll, string, error) {
	q := s.db.WithContext(ctx).Where("subject_type = ? AND subject_id = ?", subjectType, subjectID)
	if !withDrafts {
		q = q.Where("state <> ?", model.PollDraft)
	}
	if page.Cursor != "" {
		var last int64
		if err := paging.DecodeCursor(page.Cursor, &last); err != nil {
			return nil, "", err
		}
		q = q.Where("id < ?", last)
	}
	var out []model.Poll
	if err := q.Order("id DESC").Limit(page.Limit + 1).Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: list polls: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = paging.EncodeCursor(out[len(out)-1].ID)
	}
	return out, next, nil
}

// memberOf returns the ids among pollIDs that have a row of userID in table (poll_voters, poll_eligible).
func (s *Polls) memberOf(ctx context.Context, table string, userID int64, pollIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(pollIDs))
	if len(pollIDs) == 0 {
		return out, nil
	}
	var ids []int64
	if err := s.db.WithContext(ctx).Table(table).Where("user_id = ? AND poll_id IN ?", userID, pollIDs).
		Pluck("poll_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: %s: %w", table, err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// VotedIn returns which of the polls the user voted in, in one query.
func (s *Polls) VotedIn(ctx context.Context, userID int64, pollIDs []int64) (map[int64]bool, error) {
	return s.memberOf(ctx, "poll_voters", userID, pollIDs)
}

// EligibleIn returns in which of the polls' snapshots the user is, in one query.
func (s *Polls) EligibleIn(ctx context.Context, userID int64, pollIDs []int64) (map[int64]bool, error) {
	return s.memberOf(ctx, "poll_eligible", userID, pollIDs)
}

// UpdateDraft writes the editable fields of p if it is still a draft of the expected version, and
// replaces its options when labels is not nil. It reports whether it wrote.
func (s *Polls) UpdateDraft(ctx context.Context, p *model.Poll, expected int, labels []string) (bool, error) {
	db := s.db.WithContext(ctx)
	res := db.Model(&model.Poll{}).Where("id = ? AND state = ? AND version = ?", p.ID, model.PollDraft, expected).
		Updates(map[string]any{"question": p.Question, "kind": p.Kind, "audience": p.Audience, "secrecy": p.Secrecy,
			"results": p.Results, "quorum": p.Quorum, "max_choices": p.MaxChoices, "version": p.Version,
			"updated_at": p.UpdatedAt})
	if res.Error != nil {
		return false, fmt.Errorf("store: update poll: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return false, nil
	}
	if labels == nil {
		return true, nil
	}
	if err := db.Where("poll_id = ?", p.ID).Delete(&model.PollOption{}).Error; err != nil {
		return false, fmt.Errorf("store: clear poll options: %w", err)
	}
	return true, s.setOptions(db, p.ID, labels)
}

// Open moves a draft to open and reports whether it did (false: not a draft any more).
func (s *Polls) Open(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`UPDATE polls SET state = ?, opened_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND state = ?`, model.PollOpen, at, at, id, model.PollDraft)
	if res.Error != nil {
		return false, fmt.Errorf("store: open poll: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SnapshotCouncil records the verified, active council members as the voters of a council poll and
// stores their number; it runs in the transaction that opens the poll.
func (s *Polls) SnapshotCouncil(ctx context.Context, pollID int64) (int, error) {
	db := s.db.WithContext(ctx)
	res := db.Exec(`INSERT INTO poll_eligible (poll_id, user_id)
		SELECT ?, id FROM users WHERE disabled_at IS NULL AND email_verified_at IS NOT NULL
		AND (roles = 'council' OR roles LIKE 'council,%' OR roles LIKE '%,council' OR roles LIKE '%,council,%')`, pollID)
	if res.Error != nil {
		return 0, fmt.Errorf("store: council snapshot: %w", res.Error)
	}
	n := int(res.RowsAffected)
	if err := db.Exec("UPDATE polls SET eligible_count = ? WHERE id = ?", n, pollID).Error; err != nil {
		return 0, fmt.Errorf("store: eligible count: %w", err)
	}
	return n, nil
}

// Close moves an open poll to closed and reports whether it did. It waits for the row lock of running
// ballots (each starts with CountBallot), so every ballot that counted committed before the close.
func (s *Polls) Close(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Exec(`UPDATE polls SET state = ?, closed_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND state = ?`, model.PollClosed, at, at, id, model.PollOpen)
	if res.Error != nil {
		return false, fmt.Errorf("store: close poll: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// CountBallot is the first statement of a ballot: it counts the ballot if the poll is open and reports
// whether it did. Its row lock serialises ballots with the close (and with each other) until commit.
func (s *Polls) CountBallot(ctx context.Context, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE polls SET ballot_count = ballot_count + 1 WHERE id = ? AND state = ?", id, model.PollOpen)
	if res.Error != nil {
		return false, fmt.Errorf("store: count ballot: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// LockOpen takes the poll's row lock if it is open and reports whether it is (used by the tally writer,
// so a tally is never written after the close).
func (s *Polls) LockOpen(ctx context.Context, id int64) (bool, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE polls SET ballot_count = ballot_count WHERE id = ? AND state = ?", id, model.PollOpen)
	if res.Error != nil {
		return false, fmt.Errorf("store: lock poll: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// IsEligible reports whether the user is in the poll's eligibility snapshot.
func (s *Polls) IsEligible(ctx context.Context, pollID, userID int64) (bool, error) {
	m, err := s.memberOf(ctx, "poll_eligible", userID, []int64{pollID})
	return m[pollID], err
}

// AddVoter records THAT the user voted (gorm.ErrDuplicatedKey when they did already).
func (s *Polls) AddVoter(ctx context.Context, pollID, userID int64) error {
	if err := s.db.WithContext(ctx).Exec("INSERT INTO poll_voters (poll_id, user_id) VALUES (?, ?)", pollID, userID).Error; err != nil {
		return fmt.Errorf("store: add voter: %w", err)
	}
	return nil
}

// AddNamedBallot records who chose what; only for named council polls.
func (s *Polls) AddNamedBallot(ctx context.Context, pollID, userID int64, optionIDs []int64) error {
	db := s.db.WithContext(ctx)
	for _, o := range optionIDs {
		if err := db.Exec("INSERT INTO poll_ballots (poll_id, user_id, option_id) VALUES (?, ?, ?)", pollID, userID, o).Error; err != nil {
			return fmt.Errorf("store: named ballot: %w", err)
		}
	}
	return nil
}

// CountChoices moves the counters of the chosen options of the poll and returns how many it moved.
func (s *Polls) CountChoices(ctx context.Context, pollID int64, optionIDs []int64) (int64, error) {
	res := s.db.WithContext(ctx).Exec("UPDATE poll_options SET vote_count = vote_count + 1 WHERE poll_id = ? AND id IN ?", pollID, optionIDs)
	if res.Error != nil {
		return 0, fmt.Errorf("store: count choices: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// NamedVote is one choice of one voter in a named poll (DisplayName nil: the account was deleted).
type NamedVote struct {
	UserID      *int64
	DisplayName *string
	OptionID    int64
}

// NamedVotes returns the choices of a named poll by display name.
func (s *Polls) NamedVotes(ctx context.Context, pollID int64) ([]NamedVote, error) {
	var out []NamedVote
	err := s.db.WithContext(ctx).Raw(`SELECT b.user_id, u.display_name, b.option_id FROM poll_ballots b
		LEFT JOIN users u ON u.id = b.user_id WHERE b.poll_id = ? ORDER BY u.display_name, b.user_id, b.option_id`, pollID).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: named votes: %w", err)
	}
	return out, nil
}

// SnapshotPresent records the verified, active council members present in a session as the voters of a
// council poll on one of its agenda items, stores their number and the members the session's quorum
// required (required); it runs in the transaction that opens the poll.
func (s *Polls) SnapshotPresent(ctx context.Context, pollID, sessionID int64, required int) (int, error) {
	db := s.db.WithContext(ctx)
	res := db.Exec(`INSERT INTO poll_eligible (poll_id, user_id)
		SELECT ?, a.user_id FROM session_attendance a JOIN users u ON u.id = a.user_id
		WHERE a.session_id = ? AND u.disabled_at IS NULL AND u.email_verified_at IS NOT NULL
		AND (u.roles = 'council' OR u.roles LIKE 'council,%' OR u.roles LIKE '%,council' OR u.roles LIKE '%,council,%')`,
		pollID, sessionID)
	if res.Error != nil {
		return 0, fmt.Errorf("store: present snapshot: %w", res.Error)
	}
	n := int(res.RowsAffected)
	if err := db.Exec("UPDATE polls SET eligible_count = ?, session_quorum_required = ? WHERE id = ?", n, required, pollID).Error; err != nil {
		return 0, fmt.Errorf("store: eligible count: %w", err)
	}
	return n, nil
}

// OpenOfSession lists the open polls on the agenda items of a session, oldest first.
func (s *Polls) OpenOfSession(ctx context.Context, sessionID int64) ([]model.Poll, error) {
	var out []model.Poll
	err := s.db.WithContext(ctx).Where(`subject_type = 'agenda_item' AND state = ? AND subject_id IN
		(SELECT id FROM agenda_items WHERE session_id = ?)`, model.PollOpen, sessionID).Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: open polls of session: %w", err)
	}
	return out, nil
}

// ClosedOfSession lists the closed polls on the agenda items of a session, oldest first.
func (s *Polls) ClosedOfSession(ctx context.Context, sessionID int64) ([]model.Poll, error) {
	var out []model.Poll
	err := s.db.WithContext(ctx).Where(`subject_type = 'agenda_item' AND state = ? AND subject_id IN
		(SELECT id FROM agenda_items WHERE session_id = ?)`, model.PollClosed, sessionID).Order("id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: closed polls of session: %w", err)
	}
	return out, nil
}
