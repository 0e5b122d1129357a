package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

// Comments queries comments, their revisions and votes.
type Comments struct{ db *gorm.DB }

// Comment sort keys.
const (
	CommentSortNew = "new"
	CommentSortOld = "old"
	CommentSortTop = "top"
)

// CommentSorts lists the accepted sort keys; the first is the default.
var CommentSorts = []string{CommentSortNew, CommentSortOld, CommentSortTop}

// CommentRow is a comment as lists show it: with its project's slug, its author's display name (nil when
// the account is gone), the viewer's vote and whether its block is missing from the document's newest
// version.
type CommentRow struct {
	model.Comment
	ProjectSlug      string
	ProjectOwner     string // the owner unit of the project
	AuthorName       *string
	AuthorRoles      model.RoleSet // the author's roles, affiliation and department, for the role badges
	AuthorAffil      string
	AuthorDept       string
	TakenByName      *string
	MyVote           int
	OnEarlierVersion bool
}

// CommentFilter selects the comments of one list page. Empty fields do not filter.
type CommentFilter struct {
	ProjectID     int64
	DocumentID    int64 // with NoDocument false: only comments on this document
	NoDocument    bool  // only comments on the project itself
	BlockID       string
	Kind          string
	ParentID      int64 // 0: top-level comments
	Sort          string
	ViewerID      int64 // whose my_vote to fill; 0 for anonymous
	MaxReplyDepth int   // replies up to this many levels below each listed comment
}

// commentColumns are the columns of a CommentRow. on_earlier_version asks whether the block id exists in
// the newest version of the document (one indexed lookup per row).
const commentColumns = `c.id, c.project_id, c.document_id, c.document_version, c.block_id, c.parent_id, c.depth,
	c.author_id, c.body, c.body_html, c.stance, c.kind, c.channel, c.submitter_name, c.status, c.edited_at,
	c.deleted_at, c.up_count, c.down_count, c.reply_count, c.created_at, c.updated_at,
	c.hidden_reason, c.department, c.question_status, c.taken_by, c.taken_at, c.first_response_at, c.appealed_at,
	c.received_at, (SELECT tu.display_name FROM users tu WHERE tu.id = c.taken_by) AS taken_by_name,
	p.slug AS project_slug, p.owner_unit AS project_owner, u.display_name AS author_name, u.roles AS author_roles,
	COALESCE(u.affiliation, '') AS author_affil, COALESCE(u.department, '') AS author_dept, COALESCE(v.value, 0) AS my_vote,
	CASE WHEN c.block_id IS NULL THEN 0
	     WHEN EXISTS (SELECT 1 FROM documents d
	                  JOIN document_versions dv ON dv.document_id = d.id AND dv.number = d.version
	                  JOIN document_blocks b ON b.version_id = dv.id AND b.block_id = c.block_id
	                  WHERE d.id = c.document_id) THEN 0
	     ELSE 1 END AS on_earlier_version`

// scanCommentRows reads rows of commentColumns. It scans by position instead of through GORM's
// reflection, which was most of the CPU time of a list request.
func scanCommentRows(rows *sql.Rows, err error) ([]CommentRow, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommentRow
	for rows.Next() {
		var r CommentRow
		if err := rows.Scan(&r.ID, &r.ProjectID, &r.DocumentID, &r.DocumentVersion, &r.BlockID, &r.ParentID, &r.Depth,
			&r.AuthorID, &r.Body, &r.BodyHTML, &r.Stance, &r.Kind, &r.Channel, &r.SubmitterName, &r.Status,
			nullTime{&r.EditedAt}, nullTime{&r.DeletedAt}, &r.UpCount, &r.DownCount, &r.ReplyCount,
			(*anyTime)(&r.CreatedAt), (*anyTime)(&r.UpdatedAt), &r.HiddenReason, &r.Department, &r.QuestionStatus,
			&r.TakenBy, nullTime{&r.TakenAt}, nullTime{&r.FirstResponseAt}, nullTime{&r.AppealedAt}, &r.ReceivedAt,
			&r.TakenByName, &r.ProjectSlug, &r.ProjectOwner, &r.AuthorName, &r.AuthorRoles, &r.AuthorAffil, &r.AuthorDept, &r.MyVote,
			&r.OnEarlierVersion); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// anyTime scans a timestamp that SQLite may hand over as text (columns of a CTE lose their declared type).
type anyTime time.Time

// Scan implements sql.Scanner.
func (t *anyTime) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*t = anyTime(x)
		return nil
	case string:
		return t.parse(x)
	case []byte:
		return t.parse(string(x))
	}
	return fmt.Errorf("store: cannot scan %T into a time", v)
}

func (t *anyTime) parse(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			*t = anyTime(v)
			return nil
		}
	}
	return fmt.Errorf("store: cannot parse time %q", s)
}

// nullTime is anyTime for a nullable column.
type nullTime struct{ p **time.Time }

// Scan implements sql.Scanner.
func (n nullTime) Scan(v any) error {
	if v == nil {
		*n.p = nil
		return nil
	}
	var t anyTime
	if err := t.Scan(v); err != nil {
		return err
	}
	tt := time.Time(t)
	*n.p = &tt
	return nil
}

// commentJoins must follow "FROM comments c"; the vote join takes the viewer id as its argument.
const commentJoins = ` JOIN projects p ON p.id = c.project_id
	LEFT JOIN users u ON u.id = c.author_id
	LEFT JOIN comment_votes v ON v.comment_id = c.id AND v.user_id = ?`

// commentCursor is the sort value and id of the last row of a page; Sort rejects cursors of another order.
type commentCursor struct {
	Sort  string `json:"s"`
	Score int    `json:"n,omitempty"`
	ID    int64  `json:"id"`
}

// commentOrders maps each sort key to its ORDER BY and keyset condition; user input never reaches the SQL.
var commentOrders = map[string]struct {
	order string
	after string
	args  func(c commentCursor) []any
}{
	CommentSortNew: {order: "c.id DESC", after: "c.id < ?", args: func(c commentCursor) []any { return []any{c.ID} }},
	CommentSortOld: {order: "c.id ASC", after: "c.id > ?", args: func(c commentCursor) []any { return []any{c.ID} }},
	CommentSortTop: {
		order: "(c.up_count - c.down_count) DESC, c.id ASC",
		after: "((c.up_count - c.down_count) < ? OR ((c.up_count - c.down_count) = ? AND c.id > ?))",
		args:  func(c commentCursor) []any { return []any{c.Score, c.Score, c.ID} },
	},
}

// visibleTo is the condition under which a comment row c appears in lists for the viewer (one argument:
// the viewer id, 0 for anonymous): published, hidden and removed comments (the latter two as placeholders)
// and the viewer's own pending comments. Pending comments of others never appear in lists.
const visibleTo = "(c.status <> 'pending' OR (c.author_id IS NOT NULL AND c.author_id = ?))"

// List returns one page of the comments matching f that the viewer may see, in the order of f.Sort.
func (s *Comments) List(ctx context.Context, f CommentFilter, page Page) ([]CommentRow, string, error) {
	ord, ok := commentOrders[f.Sort]
	if !ok {
		ord, f.Sort = commentOrders[CommentSortNew], CommentSortNew
	}
	where := []string{"c.project_id = ?", visibleTo}
	args := []any{f.ViewerID, f.ProjectID, f.ViewerID}
	if f.ParentID == 0 {
		where = append(where, "c.parent_id IS NULL")
	} else {
		where, args = append(where, "c.parent_id = ?"), append(args, f.ParentID)
	}
	switch {
	case f.NoDocument:
		where = append(where, "c.document_id IS NULL")
	case f.DocumentID != 0:
		where, args = append(where, "c.document_id = ?"), append(args, f.DocumentID)
		if f.BlockID != "" {
			where, args = append(where, "c.block_id = ?"), append(args, f.BlockID)
		}
	}
	if f.Kind != "" {
		where, args = append(where, "c.kind = ?"), append(args, f.Kind)
	}
	if page.Cursor != "" {
		var cur commentCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		if cur.Sort != f.Sort {
			return nil, "", apperr.Invalid("cursor", "invalid", "is not a cursor of this list")
		}
		where, args = append(where, ord.after), append(args, ord.args(cur)...)
	}
	// The limit is written into the SQL (it is a validated int): with LIMIT as a parameter PostgreSQL's
	// generic plan for the cached statement was twice as slow.
	q := "SELECT " + commentColumns + " FROM comments AS c" + pageJoins(s.db.Dialector.Name()) + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY " + ord.order + " LIMIT " + strconv.Itoa(page.Limit+1)
	out, err := scanCommentRows(s.db.WithContext(ctx).Raw(q, args...).Rows())
	if err != nil {
		return nil, "", fmt.Errorf("store: list comments: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		last := out[len(out)-1]
		next = paging.EncodeCursor(commentCursor{Sort: f.Sort, Score: last.UpCount - last.DownCount, ID: last.ID})
	}
	return out, next, nil
}

// Row loads one comment as lists show it; apperr.ErrNotFound when there is none.
func (s *Comments) Row(ctx context.Context, id, viewerID int64) (*CommentRow, error) {
	out, err := scanCommentRows(s.db.WithContext(ctx).Table("comments AS c").Select(commentColumns).
		Joins(commentJoins, viewerID).Where("c.id = ?", id).Limit(1).Rows())
	if err != nil {
		return nil, fmt.Errorf("store: comment row: %w", err)
	}
	if len(out) == 0 {
		return nil, notFound("comment", gorm.ErrRecordNotFound)
	}
	return &out[0], nil
}

// ByID loads a comment; apperr.ErrNotFound when there is none. With lock the row is locked for the rest
// of the transaction on PostgreSQL (SQLite has one writer anyway); NO KEY UPDATE, so that replies being
// inserted (whose foreign key only needs KEY SHARE) do not wait for it.
func (s *Comments) ByID(ctx context.Context, id int64, lock bool) (*model.Comment, error) {
	q := s.db.WithContext(ctx)
	if lock && q.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "NO KEY UPDATE"})
	}
	var c model.Comment
	if err := q.First(&c, id).Error; err != nil {
		return nil, notFound("comment", err)
	}
	return &c, nil
}

// Create inserts a comment.
func (s *Comments) Create(ctx context.Context, c *model.Comment) error {
	if err := s.db.WithContext(ctx).Create(c).Error; err != nil {
		return fmt.Errorf("store: create comment: %w", err)
	}
	return nil
}

// AddRevision keeps an earlier text of a comment.
func (s *Comments) AddRevision(ctx context.Context, r *model.CommentRevision) error {
	if err := s.db.WithContext(ctx).Create(r).Error; err != nil {
		return fmt.Errorf("store: comment revision: %w", err)
	}
	return nil
}

// UpdateBody replaces the text of a comment that is not deleted and reports whether it did.
func (s *Comments) UpdateBody(ctx context.Context, id int64, body, html string, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ? AND deleted_at IS NULL", id).
		Updates(map[string]any{"body": body, "body_html": html, "edited_at": at, "updated_at": at})
	if res.Error != nil {
		return false, fmt.Errorf("store: update comment: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// Tombstone empties a comment that is not deleted yet and marks it deleted; it reports whether it did.
func (s *Comments) Tombstone(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ? AND deleted_at IS NULL", id).
		Updates(map[string]any{"body": "", "body_html": "", "deleted_at": at, "updated_at": at})
	if res.Error != nil {
		return false, fmt.Errorf("store: delete comment: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// VoteOf returns the user's vote on a comment: 1, -1 or 0 for none.
func (s *Comments) VoteOf(ctx context.Context, commentID, userID int64) (int, error) {
	var out []int
	err := s.db.WithContext(ctx).Model(&model.CommentVote{}).Where("comment_id = ? AND user_id = ?", commentID, userID).
		Limit(1).Pluck("value", &out).Error
	if err != nil {
		return 0, fmt.Errorf("store: comment vote: %w", err)
	}
	if len(out) == 0 {
		return 0, nil
	}
	return out[0], nil
}

// SetVote changes the user's vote from old to value (0 removes it) and moves the comment's counters by
// the difference in one UPDATE, all on the caller's transaction. The caller holds the comment's row lock,
// so old is current.
func (s *Comments) SetVote(ctx context.Context, commentID, userID int64, old, value int, at time.Time) error {
	db := s.db.WithContext(ctx)
	var err error
	switch {
	case value == old:
		return nil
	case value == 0:
		err = db.Where("comment_id = ? AND user_id = ?", commentID, userID).Delete(&model.CommentVote{}).Error
	case old == 0:
		err = db.Create(&model.CommentVote{CommentID: commentID, UserID: userID, Value: value, CreatedAt: at, UpdatedAt: at}).Error
	default:
		err = db.Model(&model.CommentVote{}).Where("comment_id = ? AND user_id = ?", commentID, userID).
			Updates(map[string]any{"value": value, "updated_at": at}).Error
	}
	if err != nil {
		return fmt.Errorf("store: set comment vote: %w", err)
	}
	up, down := count(value, 1)-count(old, 1), count(value, -1)-count(old, -1)
	err = db.Exec("UPDATE comments SET up_count = up_count + ?, down_count = down_count + ? WHERE id = ?", up, down, commentID).Error
	if err != nil {
		return fmt.Errorf("store: count comment votes: %w", err)
	}
	return nil
}

func count(v, want int) int {
	if v == want {
		return 1
	}
	return 0
}

// VoteCounts reads the counters of a comment.
func (s *Comments) VoteCounts(ctx context.Context, id int64) (up, down int, err error) {
	var c model.Comment
	if err := s.db.WithContext(ctx).Select("up_count", "down_count").First(&c, id).Error; err != nil {
		return 0, 0, notFound("comment", err)
	}
	return c.UpCount, c.DownCount, nil
}

// BlockCount is the number of comments on one block of a document.
type BlockCount struct {
	DocumentID int64
	BlockID    string
	Count      int
}

// Counts returns the number of published, undeleted comments (replies included) on the project itself
// and on each commented document block, in one grouped query.
func (s *Comments) Counts(ctx context.Context, projectID int64) (int, []BlockCount, error) {
	var rows []struct {
		DocumentID *int64
		BlockID    *string
		N          int
	}
	err := s.db.WithContext(ctx).Table("comments").Select("document_id, block_id, COUNT(*) AS n").
		Where("project_id = ? AND status = ? AND deleted_at IS NULL", projectID, model.CommentPublished).
		Group("document_id, block_id").Order("document_id, block_id").Scan(&rows).Error
	if err != nil {
		return 0, nil, fmt.Errorf("store: comment counts: %w", err)
	}
	project, blocks := 0, []BlockCount{}
	for _, r := range rows {
		if r.DocumentID == nil || r.BlockID == nil {
			project += r.N
			continue
		}
		blocks = append(blocks, BlockCount{DocumentID: *r.DocumentID, BlockID: *r.BlockID, Count: r.N})
	}
	return project, blocks, nil
}

// CountByProject returns the number of published, undeleted comments (replies and paragraph comments
// included) of each of the projects ids, in one grouped query (index comments_project_status_idx);
// projects without comments are absent from the map.
func (s *Comments) CountByProject(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ProjectID int64
		N         int
	}
	err := s.db.WithContext(ctx).Table("comments").Select("project_id, COUNT(*) AS n").
		Where("project_id IN ? AND status = ? AND deleted_at IS NULL", ids, model.CommentPublished).
		Group("project_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: comment counts by project: %w", err)
	}
	for _, r := range rows {
		out[r.ProjectID] = r.N
	}
	return out, nil
}

// BlockInVersion reports whether block id exists in version number of a document.
func (s *Comments) BlockInVersion(ctx context.Context, documentID int64, number int, blockID string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("document_blocks AS b").
		Joins("JOIN document_versions v ON v.id = b.version_id").
		Where("v.document_id = ? AND v.number = ? AND b.block_id = ?", documentID, number, blockID).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: block in version: %w", err)
	}
	return n > 0, nil
}

// SetStatus sets the moderation status and hidden reason of a comment.
func (s *Comments) SetStatus(ctx context.Context, id int64, status string, hiddenReason *string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).
		Updates(map[string]any{"status": status, "hidden_reason": hiddenReason, "updated_at": at}).Error
	if err != nil {
		return fmt.Errorf("store: comment status: %w", err)
	}
	return nil
}

// Erase deletes the text of a comment and of all its revisions (removal of illegal content); the row
// stays as a tombstone.
func (s *Comments) Erase(ctx context.Context, id int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Model(&model.Comment{}).Where("id = ?", id).Updates(map[string]any{"body": "", "body_html": ""}).Error; err != nil {
		return fmt.Errorf("store: erase comment: %w", err)
	}
	if err := db.Model(&model.CommentRevision{}).Where("comment_id = ?", id).Update("body", "").Error; err != nil {
		return fmt.Errorf("store: erase revisions: %w", err)
	}
	return nil
}

// AddReplies moves the reply counter of a comment by delta, in SQL so that concurrent changes add up.
func (s *Comments) AddReplies(ctx context.Context, parentID int64, delta int) error {
	err := s.db.WithContext(ctx).Exec("UPDATE comments SET reply_count = reply_count + ? WHERE id = ?", delta, parentID).Error
	if err != nil {
		return fmt.Errorf("store: count replies: %w", err)
	}
	return nil
}

// SetAppealed records that the author asked for a review of the hiding of a comment.
func (s *Comments) SetAppealed(ctx context.Context, id int64, at time.Time) error {
	if err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).Update("appealed_at", at).Error; err != nil {
		return fmt.Errorf("store: appeal comment: %w", err)
	}
	return nil
}

// SetAnswered marks a question as answered by its first official response at at.
func (s *Comments) SetAnswered(ctx context.Context, id int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).
		Updates(map[string]any{"first_response_at": at, "question_status": model.QuestionAnswered}).Error
	if err != nil {
		return fmt.Errorf("store: answer question: %w", err)
	}
	return nil
}

// SetTaken marks a question as in progress by the official userID.
func (s *Comments) SetTaken(ctx context.Context, id, userID int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).
		Updates(map[string]any{"question_status": model.QuestionInProgress, "taken_by": userID, "taken_at": at}).Error
	if err != nil {
		return fmt.Errorf("store: take question: %w", err)
	}
	return nil
}

// OpenQuestions returns one page of the published open and in-progress questions, oldest first, as the
// viewer sees them; with ownerUnit set only those of projects of that owner unit.
func (s *Comments) OpenQuestions(ctx context.Context, ownerUnit *string, viewerID int64, page Page) ([]CommentRow, string, error) {
	where := "c.kind = ? AND c.status = ? AND c.deleted_at IS NULL AND c.question_status IN ?"
	args := []any{viewerID, kindQuestion, model.CommentPublished, []string{model.QuestionOpen, model.QuestionInProgress}}
	if ownerUnit != nil {
		where, args = where+" AND p.owner_unit = ?", append(args, *ownerUnit)
	}
	if page.Cursor != "" {
		var cur idCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		where, args = where+" AND c.id > ?", append(args, cur.ID)
	}
	q := "SELECT " + commentColumns + " FROM comments AS c" + pageJoins(s.db.Dialector.Name()) + " WHERE " + where +
		" ORDER BY c.id ASC LIMIT " + strconv.Itoa(page.Limit+1)
	out, err := scanCommentRows(s.db.WithContext(ctx).Raw(q, args...).Rows())
	if err != nil {
		return nil, "", fmt.Errorf("store: open questions: %w", err)
	}
	return pageOf(out, page, func(r CommentRow) int64 { return r.ID })
}

// RowsByID loads the comments with the given ids as lists show them (for viewerID's votes), by id; ids
// without a comment are missing from the map.
func (s *Comments) RowsByID(ctx context.Context, ids []int64, viewerID int64) (map[int64]*CommentRow, error) {
	out := make(map[int64]*CommentRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := scanCommentRows(s.db.WithContext(ctx).Table("comments AS c").Select(commentColumns).
		Joins(commentJoins, viewerID).Where("c.id IN ?", ids).Rows())
	if err != nil {
		return nil, fmt.Errorf("store: comment rows: %w", err)
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}

// ChildIDs returns the ids of the direct replies of a comment.
func (s *Comments) ChildIDs(ctx context.Context, parentID int64) ([]int64, error) {
	var ids []int64
	if err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("parent_id = ?", parentID).Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: replies of %d: %w", parentID, err)
	}
	return ids, nil
}

// Bodies returns the texts of the comments with the given ids, by id.
func (s *Comments) Bodies(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Body string
	}
	if err := s.db.WithContext(ctx).Model(&model.Comment{}).Select("id, body").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: comment bodies: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Body
	}
	return out, nil
}
