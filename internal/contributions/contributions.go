// Package contributions holds analogue contributions: what residents sent by letter, by phone or in
// person, recorded by an official on their behalf.
package contributions

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// AnalogueChannels are the channels of contributions recorded by officials.
var AnalogueChannels = []string{"letter", "phone", "in_person"}

// Anonymous is the submitter name of an analogue contribution without a name.
const Anonymous = "anonym"

var errForbiddenDept = apperr.New(apperr.ErrForbidden, "forbidden_department", "Only officials of the owning department may do this.")

// Service is the contributions service.
type Service struct {
	st       *store.Store
	now      func() time.Time
	comments *comments.Service
}

// New returns the contributions service; contributions are written as comments through cs.
func New(st *store.Store, now func() time.Time, cs *comments.Service) *Service {
	return &Service{st: st, now: now, comments: cs}
}

// Input is an analogue contribution an official records for a resident.
type Input struct {
	comments.CreateInput
	Channel       string
	SubmitterName string
	ReceivedAt    string // YYYY-MM-DD, not in the future
}

// Create records a contribution received by letter, phone or in person, written by u (an official of
// the owning department or an admin) on behalf of its submitter. It is published at once.
func (s *Service) Create(ctx context.Context, u *model.User, slug string, in Input) (*comments.Node, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDept
	}
	ve := &apperr.ValidationError{}
	if in.Kind == "" {
		in.Kind = comments.KindComment
	}
	if in.Kind != comments.KindComment && in.Kind != comments.KindQuestion {
		ve.Add("kind", "oneof", "must be one of: "+comments.UserKinds)
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
	o := comments.Official{Channel: in.Channel, Submitter: name, ReceivedAt: &in.ReceivedAt}
	return s.comments.CreateOfficial(ctx, u, p, in.CreateInput, o, ve)
}
