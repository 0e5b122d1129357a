package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Erasure deletes accounts and collects a user's data for export (GDPR Art. 15, 17, 20).
type Erasure struct{ db *gorm.DB }

// CountActiveAdmins counts admins that are not disabled.
func (s *Erasure) CountActiveAdmins(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.User{}).
		Where("disabled_at IS NULL AND (roles = 'admin' OR roles LIKE '%,admin' OR roles LIKE 'admin,%' OR roles LIKE '%,admin,%')").
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count admins: %w", err)
	}
	return n, nil
}

// CommentsShowing returns the ids of the comments that show the user's name: those they wrote and the
// questions they took as an official. An erasure rewrites their outbox events (see comments.ScrubEvents).
func (s *Erasure) CommentsShowing(ctx context.Context, userID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("author_id = ? OR taken_by = ?", userID, userID).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: comments of user: %w", err)
	}
	return ids, nil
}

// DeleteUser removes a user. Their votes and supports are taken back from the comment counters first; their comments
// stay, without author (shown as a deleted account); tokens, votes and other personal rows cascade.
func (s *Erasure) DeleteUser(ctx context.Context, userID int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`UPDATE comments SET
		up_count = up_count - (SELECT COUNT(*) FROM comment_votes v WHERE v.comment_id = comments.id AND v.user_id = ? AND v.value = 1),
		down_count = down_count - (SELECT COUNT(*) FROM comment_votes v WHERE v.comment_id = comments.id AND v.user_id = ? AND v.value = -1)
		WHERE id IN (SELECT comment_id FROM comment_votes WHERE user_id = ?)`, userID, userID, userID).Error; err != nil {
		return fmt.Errorf("store: take back votes: %w", err)
	}
	if err := db.Exec(`UPDATE projects SET support_count = support_count - 1
		WHERE id IN (SELECT project_id FROM project_supports WHERE user_id = ?)`, userID).Error; err != nil {
		return fmt.Errorf("store: take back supports: %w", err)
	}
	// The OParl trigger (migration 00021) takes the time a council member's Person went from updated_at.
	if err := db.Model(&model.User{}).Where("id = ?", userID).Update("updated_at", db.NowFunc()).Error; err != nil {
		return fmt.Errorf("store: mark user deleted: %w", err)
	}
	if err := db.Delete(&model.User{}, userID).Error; err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	return nil
}

// ExportComment is one of the user's comments in an export.
type ExportComment struct {
	ID         int64
	Project    string
	DocumentID *int64
	BlockID    *string
	ParentID   *int64
	Kind       string
	Stance     *string
	Status     string
	Body       string
	CreatedAt  time.Time
	EditedAt   *time.Time
	DeletedAt  *time.Time
}

// ExportVote is one of the user's votes in an export.
type ExportVote struct {
	CommentID int64
	Value     int
}

// ExportChange is one project change the user made.
type ExportChange struct {
	Project   string
	Field     string
	OldValue  string
	NewValue  string
	CreatedAt time.Time
}

// ExportSupport is one project the user supports.
type ExportSupport struct {
	Project   string
	CreatedAt time.Time
}

// ExportPoll is one poll the user took part in. Choices are the option labels of a named (council) vote; a
// secret poll stores only that the user voted, so there is nothing more to export.
type ExportPoll struct {
	PollID   int64
	Question string
	Secrecy  string
	Project  *string
	Choices  []string `gorm:"-"`
}

// ExportEvaluation is one of the user's evaluations with its scores.
type ExportEvaluation struct {
	ID        int64
	CycleID   int64
	Cycle     string
	Project   string
	Grp       string
	Comment   string
	UpdatedAt time.Time
	Scores    map[string]int `gorm:"-"`
}

// ExportAttendance is a session the user was present in.
type ExportAttendance struct {
	SessionID   int64
	Title       string
	CheckedInAt time.Time
}

// ExportSpeech is one of the user's requests to speak in a session, with the actual times.
type ExportSpeech struct {
	SessionID   int64
	Session     string
	AgendaItem  string
	Kind        string
	State       string
	RequestedAt time.Time
	StartedAt   *time.Time
	EndedAt     *time.Time
}

// ExportData is what the database holds about a user beyond the profile.
type ExportData struct {
	Comments    []ExportComment
	Votes       []ExportVote
	Changes     []ExportChange
	Supports    []ExportSupport
	Polls       []ExportPoll
	Evaluations []ExportEvaluation
	Attendance  []ExportAttendance
	Speeches    []ExportSpeech
	Questions   []ExportQuestion
}

// ExportQuestion is one of the user's public questions to a session.
type ExportQuestion struct {
	SessionID  int64
	Session    string
	Body       string
	State      string
	CreatedAt  time.Time
	AnsweredAt *time.Time
}

// Export collects what the database holds about a user beyond the profile: comments (all statuses, with
// their text), votes, project changes, supports, poll participation (with the choices of named votes) and
// evaluations with their scores, session attendance and requests to speak. Each list is one query (two for
// polls and evaluations).
func (s *Erasure) Export(ctx context.Context, userID int64) (*ExportData, error) {
	db := s.db.WithContext(ctx)
	x := &ExportData{Comments: []ExportComment{}, Votes: []ExportVote{}, Changes: []ExportChange{},
		Supports: []ExportSupport{}, Polls: []ExportPoll{}, Evaluations: []ExportEvaluation{},
		Attendance: []ExportAttendance{}, Speeches: []ExportSpeech{}}
	if err := db.Raw(`SELECT c.id, p.slug AS project, c.document_id, c.block_id, c.parent_id, c.kind, c.stance,
		c.status, c.body, c.created_at, c.edited_at, c.deleted_at
		FROM comments c JOIN projects p ON p.id = c.project_id WHERE c.author_id = ? ORDER BY c.id`, userID).
		Scan(&x.Comments).Error; err != nil {
		return nil, fmt.Errorf("store: export comments: %w", err)
	}
	if err := db.Raw(`SELECT comment_id, value FROM comment_votes WHERE user_id = ? ORDER BY comment_id`, userID).
		Scan(&x.Votes).Error; err != nil {
		return nil, fmt.Errorf("store: export votes: %w", err)
	}
	if err := db.Raw(`SELECT p.slug AS project, h.field, h.old_value, h.new_value, h.created_at
		FROM project_history h JOIN projects p ON p.id = h.project_id WHERE h.user_id = ? ORDER BY h.id`, userID).
		Scan(&x.Changes).Error; err != nil {
		return nil, fmt.Errorf("store: export changes: %w", err)
	}
	if err := db.Raw(`SELECT p.slug AS project, s.created_at FROM project_supports s
		JOIN projects p ON p.id = s.project_id WHERE s.user_id = ? ORDER BY s.created_at, p.slug`, userID).
		Scan(&x.Supports).Error; err != nil {
		return nil, fmt.Errorf("store: export supports: %w", err)
	}
	if err := db.Raw(`SELECT pl.id AS poll_id, pl.question, pl.secrecy, p.slug AS project FROM poll_voters v
		JOIN polls pl ON pl.id = v.poll_id
		LEFT JOIN projects p ON pl.subject_type = 'project' AND p.id = pl.subject_id
		WHERE v.user_id = ? ORDER BY pl.id`, userID).Scan(&x.Polls).Error; err != nil {
		return nil, fmt.Errorf("store: export polls: %w", err)
	}
	var choices []struct {
		PollID int64
		Label  string
	}
	if err := db.Raw(`SELECT b.poll_id, o.label FROM poll_ballots b JOIN poll_options o ON o.id = b.option_id
		WHERE b.user_id = ? ORDER BY b.poll_id, o.position`, userID).Scan(&choices).Error; err != nil {
		return nil, fmt.Errorf("store: export named votes: %w", err)
	}
	for i := range x.Polls {
		x.Polls[i].Choices = []string{}
		for _, c := range choices {
			if c.PollID == x.Polls[i].PollID {
				x.Polls[i].Choices = append(x.Polls[i].Choices, c.Label)
			}
		}
	}
	if err := db.Raw(`SELECT e.id, e.cycle_id, c.title AS cycle, p.slug AS project, e.grp, e.comment, e.updated_at
		FROM evaluations e JOIN evaluation_cycles c ON c.id = e.cycle_id JOIN projects p ON p.id = e.project_id
		WHERE e.user_id = ? ORDER BY e.id`, userID).Scan(&x.Evaluations).Error; err != nil {
		return nil, fmt.Errorf("store: export evaluations: %w", err)
	}
	var scores []struct {
		EvaluationID int64
		Criterion    string
		Score        int
	}
	if err := db.Raw(`SELECT s.evaluation_id, s.criterion, s.score FROM evaluation_scores s
		JOIN evaluations e ON e.id = s.evaluation_id WHERE e.user_id = ?`, userID).Scan(&scores).Error; err != nil {
		return nil, fmt.Errorf("store: export evaluation scores: %w", err)
	}
	byID := make(map[int64]map[string]int, len(x.Evaluations))
	for i := range x.Evaluations {
		x.Evaluations[i].Scores = map[string]int{}
		byID[x.Evaluations[i].ID] = x.Evaluations[i].Scores
	}
	for _, sc := range scores {
		if m := byID[sc.EvaluationID]; m != nil {
			m[sc.Criterion] = sc.Score
		}
	}
	if err := db.Raw(`SELECT a.session_id, se.title, a.checked_in_at FROM session_attendance a
		JOIN sessions se ON se.id = a.session_id WHERE a.user_id = ? ORDER BY a.checked_in_at, a.session_id`, userID).
		Scan(&x.Attendance).Error; err != nil {
		return nil, fmt.Errorf("store: export attendance: %w", err)
	}
	if err := db.Raw(`SELECT sp.session_id, se.title AS session, ai.title AS agenda_item, sp.kind, sp.state, sp.requested_at,
		sp.started_at, sp.ended_at FROM session_speakers sp JOIN sessions se ON se.id = sp.session_id
		JOIN agenda_items ai ON ai.id = sp.item_id WHERE sp.user_id = ? ORDER BY sp.id`, userID).
		Scan(&x.Speeches).Error; err != nil {
		return nil, fmt.Errorf("store: export speeches: %w", err)
	}
	if err := db.Raw(`SELECT q.session_id, se.title AS session, q.body, q.state, q.created_at, q.answered_at
		FROM session_questions q JOIN sessions se ON se.id = q.session_id WHERE q.user_id = ? ORDER BY q.id`, userID).
		Scan(&x.Questions).Error; err != nil {
		return nil, fmt.Errorf("store: export questions: %w", err)
	}
	return x, nil
}
