package comments

import (
	"context"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// KindOfficialResponse is the kind of an official's answer to a comment or question.
const KindOfficialResponse = "official_response"

// AnalogueChannels are the channels of contributions recorded by officials.
var AnalogueChannels = []string{"letter", "phone", "in_person"}

// Anonymous is the submitter name of an analogue contribution without a name.
const Anonymous = "anonym"

// AnsweredWithin is the response time the share of promptly answered questions counts.
const AnsweredWithin = 14 * 24 * time.Hour

var (
	errNotQuestion    = apperr.New(apperr.ErrConflict, "not_a_question", "Only questions can be taken.")
	errQuestionTaken  = apperr.New(apperr.ErrConflict, "question_taken", "The question is taken or answered already.")
	errForbiddenDept  = apperr.New(apperr.ErrForbidden, "forbidden_department", "Only officials of the owning department may do this.")
	errNotRespondable = apperr.New(apperr.ErrConflict, "not_respondable", "Only published comments can be answered.")
)

// mayManage reports whether u acts for the department that owns a project: admins always.
func mayManage(u *model.User, p *model.Project) bool {
	return u.HasRole(model.RoleAdmin) || (u.HasRole(model.RoleOfficial) && u.Department != "" && u.Department == p.OwnerUnit)
}

// Respond writes an official response of u (an official or admin) to a published comment: a reply of kind
// official_response that carries u's department. A question counts as answered from its first response on.
func (s *Service) Respond(ctx context.Context, u *model.User, parentID int64, body string) (*Node, error) {
	parent, p, err := s.visible(ctx, u, parentID)
	if err != nil {
		return nil, err
	}
	if parent.Status != model.CommentPublished || parent.DeletedAt != nil {
		return nil, errNotRespondable
	}
	var dept *string
	if u.Department != "" {
		d := u.Department
		dept = &d
	}
	in := CreateInput{ParentID: &parentID, Body: body, Kind: KindOfficialResponse, department: dept, official: true}
	// In the response's transaction: the first response answers a question.
	in.afterCreate = func(ctx context.Context, tx *store.Store, c *model.Comment) error {
		cs := tx.Comments()
		q, err := cs.ByID(ctx, parentID, true)
		if err != nil || q.Kind != kindQuestion || q.FirstResponseAt != nil {
			return err
		}
		if err := cs.SetAnswered(ctx, parentID, c.CreatedAt); err != nil {
			return err
		}
		return s.announceUpdate(ctx, tx, q, p.Slug)
	}
	return s.create(ctx, u, p, in, &apperr.ValidationError{})
}

// announceUpdate writes comment.updated with the current public view of c.
func (s *Service) announceUpdate(ctx context.Context, tx *store.Store, c *model.Comment, slug string) error {
	row, err := tx.Comments().Row(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	return appendComment(tx, c, slug, eventUpdated, nodeOf(row).View)
}

// Take marks an open question as in progress by u, an official of the owning department or an admin.
func (s *Service) Take(ctx context.Context, u *model.User, id int64) (*Node, error) {
	c, p, err := s.visible(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !mayManage(u, p) {
		return nil, errForbiddenDept
	}
	if c.Kind != kindQuestion || c.Status != model.CommentPublished {
		return nil, errNotQuestion
	}
	now := s.timestamp()
	var node *Node
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		q, err := cs.ByID(ctx, id, true)
		if err != nil {
			return err
		}
		if q.QuestionStatus == nil || *q.QuestionStatus != model.QuestionOpen {
			return errQuestionTaken
		}
		if err := cs.SetTaken(ctx, id, u.ID, now); err != nil {
			return err
		}
		row, err := cs.Row(ctx, id, u.ID)
		if err != nil {
			return err
		}
		node = nodeOf(row)
		return appendComment(tx, q, p.Slug, eventUpdated, node.View)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// ResponseTimes are the response-time figures of questions, of one project or overall.
type ResponseTimes struct {
	Project               *string  `json:"project"`
	Questions             int      `json:"questions"`
	Answered              int      `json:"answered"`
	MedianResponseSeconds *int64   `json:"median_response_seconds"` // null without answered questions
	AnsweredWithin14Days  *float64 `json:"answered_within_14_days"` // share of all questions; null without questions
}

// ResponseTimes computes the response times of published questions: the time from a question to its first
// official response, its median over answered questions, and the share of questions answered within 14
// days. slug "" means all projects.
func (s *Service) ResponseTimes(ctx context.Context, slug string) (*ResponseTimes, error) {
	out := &ResponseTimes{}
	var projectID int64
	if slug != "" {
		p, err := s.st.Projects().BySlug(ctx, slug)
		if err != nil {
			return nil, err
		}
		projectID = p.ID
		out.Project = &p.Slug
	}
	rows, err := s.st.Stats().QuestionTimes(ctx, projectID)
	if err != nil {
		return nil, err
	}
	var times []time.Duration
	within := 0
	for _, r := range rows {
		out.Questions++
		if r.FirstResponseAt == nil {
			continue
		}
		d := r.FirstResponseAt.Sub(r.CreatedAt)
		times = append(times, d)
		if d <= AnsweredWithin {
			within++
		}
	}
	out.Answered = len(times)
	if n := len(times); n > 0 {
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		m := times[n/2]
		if n%2 == 0 {
			m = (times[n/2-1] + times[n/2]) / 2
		}
		sec := int64(m / time.Second)
		out.MedianResponseSeconds = &sec
	}
	if out.Questions > 0 {
		share := float64(within) / float64(out.Questions)
		out.AnsweredWithin14Days = &share
	}
	return out, nil
}

// OpenQuestions returns one page of the open and in-progress questions, oldest first: for officials those
// of their department's projects, for admins all.
func (s *Service) OpenQuestions(ctx context.Context, u *model.User, page store.Page) ([]*Node, string, error) {
	var owner *string
	if !u.HasRole(model.RoleAdmin) {
		owner = &u.Department
	}
	rows, next, err := s.st.Comments().OpenQuestions(ctx, owner, u.ID, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Node, len(rows))
	for i := range rows {
		out[i] = nodeOf(&rows[i])
	}
	return out, next, nil
}

// ContributionInput is an analogue contribution an official records for a resident.
type ContributionInput struct {
	CreateInput
	Channel       string
	SubmitterName string
	ReceivedAt    string // YYYY-MM-DD, not in the future
}

// Contribute records a contribution received by letter, phone or in person, written by u (an official of
// the owning department or an admin) on behalf of its submitter. It is published at once.
func (s *Service) Contribute(ctx context.Context, u *model.User, slug string, in ContributionInput) (*Node, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !mayManage(u, p) {
		return nil, errForbiddenDept
	}
	ve := &apperr.ValidationError{}
	if in.Kind == "" {
		in.Kind = kindComment
	}
	if in.Kind != kindComment && in.Kind != kindQuestion {
		ve.Add("kind", "oneof", "must be one of: "+userKindsNotes)
	}
	if !slices.Contains(AnalogueChannels, in.Channel) {
		ve.Add("channel", "oneof", "must be one of: "+strings.Join(AnalogueChannels, ", "))
	}
	name := strings.TrimSpace(in.SubmitterName)
	if name == "" {
		name = Anonymous
	}
	if utf8.RuneCountInString(name) > 200 {
		ve.Add("submitter_name", "max", "must be at most 200 characters")
	}
	if d, err := time.Parse(time.DateOnly, in.ReceivedAt); err != nil {
		ve.Add("received_at", "date", "must be a date like 2026-11-02")
	} else if d.After(s.now().UTC()) {
		ve.Add("received_at", "max", "must not be in the future")
	}
	if in.ParentID != nil {
		ve.Add("parent_id", "excluded", "contributions are not replies")
	}
	c := in.CreateInput
	c.channel, c.submitter, c.receivedAt, c.official = in.Channel, name, &in.ReceivedAt, true
	return s.create(ctx, u, p, c, ve)
}

// Participation counts published comments by channel and by kind, of one project or overall.
type Participation struct {
	Project   *string        `json:"project"`
	Total     int            `json:"total"`
	ByChannel map[string]int `json:"by_channel"`
	ByKind    map[string]int `json:"by_kind"`
}

// Participation counts the published, undeleted comments of the project slug ("" for all projects).
func (s *Service) Participation(ctx context.Context, slug string) (*Participation, error) {
	out := &Participation{ByChannel: map[string]int{}, ByKind: map[string]int{}}
	for _, ch := range model.CommentChannels {
		out.ByChannel[ch] = 0
	}
	for _, k := range model.CommentKinds {
		out.ByKind[k] = 0
	}
	var projectID int64
	if slug != "" {
		p, err := s.st.Projects().BySlug(ctx, slug)
		if err != nil {
			return nil, err
		}
		projectID = p.ID
		out.Project = &p.Slug
	}
	rows, err := s.st.Stats().Participation(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out.Total += r.N
		out.ByChannel[r.Channel] += r.N
		out.ByKind[r.Kind] += r.N
	}
	return out, nil
}
