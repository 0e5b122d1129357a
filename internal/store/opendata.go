package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// OpenData are the queries of the open-data exports and feeds. Every export reads in keyset batches
// (WHERE id > after ORDER BY id LIMIT n), so that an export of any size holds one batch in memory and
// never an OFFSET scan; the public rules (published comments, public sessions, visible poll results) are
// part of each query, so no row a reader may not see ever leaves the database.
type OpenData struct{ db *gorm.DB }

// OpenData are the queries of the open-data exports and feeds.
func (s *Store) OpenData() *OpenData { return &OpenData{db: s.db} }

// ExportProjects returns up to limit projects with an id above after, by id.
func (s *OpenData) ExportProjects(ctx context.Context, after int64, limit int) ([]model.Project, error) {
	var out []model.Project
	err := s.db.WithContext(ctx).Where("id > ?", after).Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export projects: %w", err)
	}
	return out, nil
}

// OpenComment is a published comment as the open data shows it: the author only by display name
// (AuthorName nil: the account was erased), never an e-mail address or a user id.
type OpenComment struct {
	ID              int64
	ProjectSlug     string
	DocumentID      *int64
	DocumentVersion *int
	BlockID         *string
	ParentID        *int64
	Kind            string
	Channel         string
	Stance          *string
	Body            string
	AuthorName      *string
	SubmitterName   string
	Department      *string
	UpCount         int
	DownCount       int
	ReplyCount      int
	CreatedAt       time.Time
	EditedAt        *time.Time
}

// ExportComments returns up to limit published comments not deleted by their authors with an id above
// after, by id. Pending, hidden and removed comments are excluded here, in SQL.
func (s *OpenData) ExportComments(ctx context.Context, after int64, limit int) ([]OpenComment, error) {
	var out []OpenComment
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, p.slug AS project_slug, c.document_id, c.document_version,
		c.block_id, c.parent_id, c.kind, c.channel, c.stance, c.body, u.display_name AS author_name,
		c.submitter_name, c.department, c.up_count, c.down_count, c.reply_count, c.created_at, c.edited_at
		FROM comments c JOIN projects p ON p.id = c.project_id LEFT JOIN users u ON u.id = c.author_id
		WHERE c.id > ? AND c.status = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT ?`,
		after, model.CommentPublished, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export comments: %w", err)
	}
	return out, nil
}

// OpenPoll is a poll whose results everybody may read, with its subject.
type OpenPoll struct {
	model.Poll
	ProjectSlug *string // polls on a project
	SessionID   *int64  // polls on an agenda item of a public session
	ItemTitle   *string
}

// ExportPolls returns up to limit polls with an id above after whose results are public: not drafts,
// results live or the poll closed, on a project or on a non-confidential agenda item of a public session.
func (s *OpenData) ExportPolls(ctx context.Context, after int64, limit int) ([]OpenPoll, error) {
	var out []OpenPoll
	err := s.db.WithContext(ctx).Raw(`SELECT po.*, pr.slug AS project_slug, se.id AS session_id, ai.title AS item_title
		FROM polls po
		LEFT JOIN projects pr ON po.subject_type = 'project' AND pr.id = po.subject_id
		LEFT JOIN agenda_items ai ON po.subject_type = 'agenda_item' AND ai.id = po.subject_id
		LEFT JOIN sessions se ON se.id = ai.session_id
		WHERE po.id > ? AND po.state <> ? AND (po.results = ? OR po.state = ?)
		AND ((po.subject_type = 'project' AND pr.id IS NOT NULL)
		  OR (po.subject_type = 'agenda_item' AND se.visibility = ? AND ai.confidential = ?))
		ORDER BY po.id LIMIT ?`,
		after, model.PollDraft, model.PollResultsLive, model.PollClosed, model.SessionPublic, false, limit).
		Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export polls: %w", err)
	}
	return out, nil
}

// ExportSessions returns up to limit public sessions with an id above after, by id.
func (s *OpenData) ExportSessions(ctx context.Context, after int64, limit int) ([]model.Session, error) {
	var out []model.Session
	err := s.db.WithContext(ctx).Where("id > ? AND visibility = ?", after, model.SessionPublic).
		Order("id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export sessions: %w", err)
	}
	return out, nil
}

// AgendaTitles returns the titles of the agenda items of sessions, in agenda order, by session id.
func (s *OpenData) AgendaTitles(ctx context.Context, sessionIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		SessionID int64
		Title     string
	}
	err := s.db.WithContext(ctx).Table("agenda_items").Select("session_id, title").
		Where("session_id IN ?", sessionIDs).Order("session_id, position, id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: agenda titles: %w", err)
	}
	for _, r := range rows {
		out[r.SessionID] = append(out[r.SessionID], r.Title)
	}
	return out, nil
}

// FeedEntry is one event of a project's public life for the Atom feeds: the project's creation, a status
// change, a new document version or an official response.
type FeedEntry struct {
	Kind        string // created, status, version, response
	Ref         int64  // the id of the project, history row, document version or comment
	ProjectSlug string
	Title       string // the project's title, or the document's for versions
	OldValue    string // status changes: from; versions: the change note
	NewValue    string // status changes: to; versions: the version number; responses: the department
	Body        string // responses: the text
	At          time.Time
}

// Kinds of feed entries.
const (
	FeedCreated  = "created"
	FeedStatus   = "status"
	FeedVersion  = "version"
	FeedResponse = "response"
)

// ProjectFeed returns the newest limit entries, newest first: with projectID 0 the creations and status
// changes of every project, else the status changes, document versions and published official responses
// of that project. Each part is limited on its own before the merge, so the query stays bounded.
func (s *OpenData) ProjectFeed(ctx context.Context, projectID int64, limit int) ([]FeedEntry, error) {
	db := s.db.WithContext(ctx)
	var out []FeedEntry
	add := func(q *gorm.DB) error {
		var part []FeedEntry
		if err := q.Order("at DESC, ref DESC").Limit(limit).Scan(&part).Error; err != nil {
			return err
		}
		out = append(out, part...)
		return nil
	}
	status := db.Table("project_history h").Joins("JOIN projects p ON p.id = h.project_id").
		Select("'status' AS kind, h.id AS ref, p.slug AS project_slug, p.title, h.old_value, h.new_value, '' AS body, h.created_at AS at").
		Where("h.field = ?", "status")
	if projectID == 0 {
		created := db.Table("projects p").
			Select("'created' AS kind, p.id AS ref, p.slug AS project_slug, p.title, '' AS old_value, p.status AS new_value, p.summary AS body, p.created_at AS at")
		if err := add(created); err != nil {
			return nil, fmt.Errorf("store: feed creations: %w", err)
		}
		if err := add(status); err != nil {
			return nil, fmt.Errorf("store: feed status: %w", err)
		}
		return out, nil
	}
	if err := add(status.Where("h.project_id = ?", projectID)); err != nil {
		return nil, fmt.Errorf("store: feed status: %w", err)
	}
	versions := db.Table("document_versions v").Joins("JOIN documents d ON d.id = v.document_id").
		Joins("JOIN projects p ON p.id = d.project_id").
		Select("'version' AS kind, v.id AS ref, p.slug AS project_slug, d.title, v.change_note AS old_value, "+
			"CAST(v.number AS TEXT) AS new_value, '' AS body, v.created_at AS at").
		Where("d.project_id = ?", projectID)
	if err := add(versions); err != nil {
		return nil, fmt.Errorf("store: feed versions: %w", err)
	}
	responses := db.Table("comments c").Joins("JOIN projects p ON p.id = c.project_id").
		Select("'response' AS kind, c.id AS ref, p.slug AS project_slug, p.title, '' AS old_value, "+
			"COALESCE(c.department, '') AS new_value, c.body, c.created_at AS at").
		Where("c.project_id = ? AND c.kind = ? AND c.status = ? AND c.deleted_at IS NULL",
			projectID, "official_response", model.CommentPublished)
	if err := add(responses); err != nil {
		return nil, fmt.Errorf("store: feed responses: %w", err)
	}
	return out, nil
}

// lastChangeQueries are the newest change of each exported table, as its dataset shows it (an allow-list:
// no name from outside ever reaches the SQL).
// A dataset computed from two tables has a query for each; the newest answer counts.
var lastChangeQueries = map[string][]string{
	"projects":    {"SELECT updated_at FROM projects ORDER BY updated_at DESC LIMIT 1"},
	"comments":    {"SELECT updated_at FROM comments WHERE status = 'published' ORDER BY updated_at DESC LIMIT 1"},
	"polls":       {"SELECT updated_at FROM polls WHERE state <> 'draft' ORDER BY updated_at DESC LIMIT 1"},
	"evaluations": {"SELECT updated_at FROM evaluations ORDER BY updated_at DESC LIMIT 1"},
	"sessions":    {"SELECT updated_at FROM sessions WHERE visibility = 'public' ORDER BY updated_at DESC LIMIT 1"},
	// a KPI's latest figure, progress and status change with every measurement
	"kpis": {"SELECT updated_at FROM kpis ORDER BY updated_at DESC LIMIT 1",
		"SELECT created_at FROM kpi_measurements ORDER BY created_at DESC LIMIT 1"},
	"measurements": {"SELECT created_at FROM kpi_measurements ORDER BY created_at DESC LIMIT 1"},
}

// LastChange returns when the rows behind a dataset last changed; nil when it has none (or no query).
func (s *OpenData) LastChange(ctx context.Context, dataset string) (*time.Time, error) {
	var newest *time.Time
	for _, q := range lastChangeQueries[dataset] {
		var at sql.NullTime
		err := s.db.WithContext(ctx).Raw(q).Row().Scan(&at)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !at.Valid) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: last change of %s: %w", dataset, err)
		}
		if t := at.Time.UTC(); newest == nil || t.After(*newest) {
			newest = &t
		}
	}
	return newest, nil
}
