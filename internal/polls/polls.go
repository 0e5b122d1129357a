// Package polls holds polls on projects (agenda items come with sessions): drafting, opening, closing,
// ballots and results. Ballots move counters; secret polls keep nothing that links a voter to a choice.
package polls

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Event types on the subject's topic (project:<slug>).
const (
	EventOpened = "poll.opened"
	EventTally  = "poll.tally"
	EventClosed = "poll.closed"
)

// YesNoAbstain are the fixed options of yes_no_abstain polls (clients translate them by position).
var YesNoAbstain = []string{"Ja", "Nein", "Enthaltung"}

var (
	errNotOpen       = apperr.New(apperr.ErrConflict, "poll_not_open", "The poll is not open for ballots.")
	errNotDraft      = apperr.New(apperr.ErrConflict, "poll_not_draft", "Only a draft poll can be changed or opened.")
	errAlreadyVoted  = apperr.New(apperr.ErrConflict, "already_voted", "You have voted in this poll already.")
	errNotEligible   = apperr.New(apperr.ErrForbidden, "not_eligible", "You are not in the audience of this poll.")
	errResultsHidden = apperr.New(apperr.ErrConflict, "results_after_close", "The results of this poll are shown after it closes.")
	errForbidden     = apperr.New(apperr.ErrForbidden, "forbidden_department",
		"Polls on a project are managed by officials of its department, moderators and admins.")
	errSessionNotLive = apperr.New(apperr.ErrConflict, "session_not_live",
		"A poll on an agenda item opens only while its session is live.")
	errForbiddenSession = apperr.New(apperr.ErrForbidden, "forbidden",
		"Polls on agenda items are managed by moderators and admins.")
	errStale = apperr.New(apperr.ErrPreconditionFailed, "version_mismatch",
		"The resource was changed in the meantime; reload it and apply your change again.")
	errIfMatchMissing = apperr.New(apperr.ErrPreconditionNeeded, "if_match_required",
		"Send If-Match with the version your change is based on.")
)

// Service is the polls service.
type Service struct {
	st    *store.Store
	now   func() time.Time
	tally *coalescer
}

// TallyInterval is the least time between two poll.tally events of one poll from one instance.
const TallyInterval = 500 * time.Millisecond

// New returns the polls service.
func New(st *store.Store, now func() time.Time) *Service {
	s := &Service{st: st, now: now}
	s.tally = newCoalescer(TallyInterval, s.writeTally)
	return s
}

// Flush writes the pending tally events at once and waits for them (tests, shutdown).
func (s *Service) Flush() { s.tally.flush() }

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Subject is what a poll is about: a project, by slug, or an agenda item, by id (with its session).
type Subject struct {
	Type      string // "project" or "agenda_item"
	Slug      string
	ID        int64
	SessionID int64
}

// Input are the fields of a new poll.
type Input struct {
	Subject    Subject
	Question   string
	Kind       string
	Options    []string
	MaxChoices *int
	Audience   string
	Secrecy    string // "" is secret
	Quorum     *int
	Results    string // "" is live
}

// Patch holds the fields a PATCH of a draft changes; nil fields stay.
type Patch struct {
	Question   *string
	Kind       *string
	Options    *[]string
	MaxChoices *int
	Audience   *string
	Secrecy    *string
	Quorum     *int
	NoQuorum   bool // quorum: null
	Results    *string
}

// View is a poll as its reader may see it.
type View struct {
	Poll        model.Poll
	Options     []model.PollOption // counters are not for the reader: use Results
	Subject     Subject
	VotedByMe   bool
	Permissions access.PollPermissions
}

func (s *Service) load(ctx context.Context, u *model.User, id int64) (*target, error) {
	p, err := s.st.Polls().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := subject(ctx, s.st, p.SubjectType, p.SubjectID)
	if err != nil {
		return nil, err
	}
	t.poll = p
	if !t.visible(u) || (p.State == model.PollDraft && !t.canManage(u)) {
		return nil, fmt.Errorf("polls: draft: %w", apperr.ErrNotFound)
	}
	return t, nil
}

// normalise validates p with its option labels and fills the defaults; it returns the labels to store.
// explicit: the client sent the options; resetMax: max_choices defaults again (new poll, new options or kind).
func normalise(p *model.Poll, labels []string, explicit, resetMax bool, maxGiven *int) ([]string, error) {
	ve := &apperr.ValidationError{}
	p.Question = strings.TrimSpace(p.Question)
	switch n := utf8.RuneCountInString(p.Question); {
	case n == 0:
		ve.Add("question", "required", "is required")
	case n > 500:
		ve.Add("question", "max", "must be at most 500 characters")
	}
	oneof := func(field, v string, allowed ...string) {
		if !slices.Contains(allowed, v) {
			ve.Add(field, "oneof", "must be one of: "+strings.Join(allowed, ", "))
		}
	}
	oneof("kind", p.Kind, model.PollYesNoAbstain, model.PollSingleChoice, model.PollMultiChoice)
	oneof("audience", p.Audience, model.PollPublic, model.PollCouncil)
	oneof("secrecy", p.Secrecy, model.PollSecret, model.PollNamed)
	oneof("results", p.Results, model.PollResultsLive, model.PollResultsClosed)
	if p.Secrecy == model.PollNamed && p.Audience != model.PollCouncil {
		ve.Add("secrecy", "council_only", "named polls are for the council only; public polls are secret")
	}
	if p.Quorum != nil && (*p.Quorum < 1 || *p.Quorum > 10_000_000) {
		ve.Add("quorum", "range", "must be between 1 and 10000000")
	}
	var out []string
	switch {
	case p.Kind == model.PollYesNoAbstain:
		if explicit && len(labels) > 0 {
			ve.Add("options", "fixed", "are fixed for yes_no_abstain polls; leave them out")
		}
		out = slices.Clone(YesNoAbstain)
	default:
		if len(labels) < 2 || len(labels) > 20 {
			ve.Add("options", "count", "must be 2 to 20 options")
		}
		seen := map[string]bool{}
		for i, l := range labels {
			l = strings.TrimSpace(l)
			field := fmt.Sprintf("options[%d]", i)
			switch n := utf8.RuneCountInString(l); {
			case n == 0:
				ve.Add(field, "required", "must not be empty")
			case n > 200:
				ve.Add(field, "max", "must be at most 200 characters")
			case seen[strings.ToLower(l)]:
				ve.Add(field, "unique", "must not repeat an option")
			}
			seen[strings.ToLower(l)] = true
			out = append(out, l)
		}
	}
	count := len(out)
	if maxGiven != nil {
		p.MaxChoices = *maxGiven
	}
	switch {
	case p.Kind != model.PollMultiChoice:
		if maxGiven != nil && *maxGiven != 1 {
			ve.Add("max_choices", "range", "must be 1 for this kind")
		}
		p.MaxChoices = 1
	case maxGiven == nil && (p.MaxChoices < 1 || resetMax):
		p.MaxChoices = count
	case p.MaxChoices < 1 || (count > 0 && p.MaxChoices > count):
		ve.Add("max_choices", "range", "must be between 1 and the number of options")
	}
	return out, ve.OrNil()
}

// Create creates a draft poll on a project.
func (s *Service) Create(ctx context.Context, u *model.User, in Input) (*View, error) {
	var t *target
	var err error
	switch in.Subject.Type {
	case SubjectProject:
		var pr *model.Project
		if pr, err = s.st.Projects().BySlug(ctx, in.Subject.Slug); err == nil {
			t = &target{project: pr}
		}
		if isNotFound(err) {
			return nil, apperr.Invalid("subject.slug", "not_found", "names no project")
		}
	case SubjectAgendaItem:
		t, err = subject(ctx, s.st, SubjectAgendaItem, in.Subject.ID)
		if isNotFound(err) || (err == nil && !t.visible(u)) {
			return nil, apperr.Invalid("subject.id", "not_found", "names no agenda item")
		}
	default:
		return nil, apperr.Invalid("subject.type", "oneof", "must be one of: project, agenda_item")
	}
	if err != nil {
		return nil, err
	}
	if !t.canManage(u) {
		if t.session != nil {
			return nil, errForbiddenSession
		}
		return nil, errForbidden
	}
	if t.session != nil && in.Audience != model.PollCouncil {
		return nil, apperr.Invalid("audience", "council_only", "polls on agenda items are for the council")
	}
	subjectID := in.Subject.ID
	if t.project != nil {
		subjectID = t.project.ID
	}
	now := s.timestamp()
	p := &model.Poll{SubjectType: in.Subject.Type, SubjectID: subjectID, Question: in.Question, Kind: in.Kind,
		Audience: in.Audience, Secrecy: or(in.Secrecy, model.PollSecret), Results: or(in.Results, model.PollResultsLive),
		Quorum: in.Quorum, State: model.PollDraft, Version: 1, CreatedBy: &u.ID, CreatedAt: now, UpdatedAt: now}
	labels, err := normalise(p, in.Options, true, true, in.MaxChoices)
	if err != nil {
		return nil, err
	}
	if err := s.st.Tx(ctx, func(tx *store.Store) error { return tx.Polls().Create(ctx, p, labels) }); err != nil {
		return nil, err
	}
	return s.view(ctx, u, p, t)
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Update changes a draft poll if ifMatch (0: header missing) is its version; 409 poll_not_draft after open.
func (s *Service) Update(ctx context.Context, u *model.User, id int64, ifMatch int, pt Patch) (*View, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !t.canManage(u) {
		return nil, errForbidden
	}
	if t.poll.State != model.PollDraft {
		return nil, errNotDraft
	}
	if ifMatch == 0 {
		return nil, errIfMatchMissing
	}
	if ifMatch != t.poll.Version {
		return nil, errStale
	}
	p := *t.poll
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&p.Question, pt.Question)
	set(&p.Kind, pt.Kind)
	set(&p.Audience, pt.Audience)
	set(&p.Secrecy, pt.Secrecy)
	set(&p.Results, pt.Results)
	if pt.Quorum != nil || pt.NoQuorum {
		p.Quorum = pt.Quorum
	}
	var labels []string
	if pt.Options != nil {
		labels = *pt.Options
	} else if p.Kind != model.PollYesNoAbstain {
		// Keep the stored options, but check them against the (possibly new) kind and max_choices.
		opts, err := s.st.Polls().Options(ctx, []int64{p.ID})
		if err != nil {
			return nil, err
		}
		for _, o := range opts[p.ID] {
			labels = append(labels, o.Label)
		}
	}
	out, err := normalise(&p, labels, pt.Options != nil, pt.Options != nil || pt.Kind != nil, pt.MaxChoices)
	if err != nil {
		return nil, err
	}
	if t.session != nil && p.Audience != model.PollCouncil {
		return nil, apperr.Invalid("audience", "council_only", "polls on agenda items are for the council")
	}
	p.Version = t.poll.Version + 1
	p.UpdatedAt = s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Polls().UpdateDraft(ctx, &p, t.poll.Version, out)
		if err != nil {
			return err
		}
		if !ok {
			cur, err := tx.Polls().ByID(ctx, p.ID)
			if err != nil {
				return err
			}
			if cur.State != model.PollDraft {
				return errNotDraft
			}
			return errStale
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.view(ctx, u, &p, t)
}

// stateData is the data of poll.opened.
type stateData struct {
	PollID string `json:"poll_id"`
	State  string `json:"state"`
}

// Open opens a draft poll; a council poll takes the snapshot of the council members who may vote.
func (s *Service) Open(ctx context.Context, u *model.User, id int64) (*View, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !t.canManage(u) {
		return nil, errForbidden
	}
	if t.session != nil && t.session.State != model.SessionLive {
		return nil, errSessionNotLive
	}
	now := s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		if t.session != nil {
			// The session's row lock, taken before the poll's as the session's close takes them, serialises
			// the opening with the close: a close that committed first leaves the session not live here; one
			// that waits for this transaction then finds the poll open and closes it (CloseOfSession).
			live, err := tx.Sessions().LockLive(ctx, t.session.ID)
			if err != nil {
				return err
			}
			if !live {
				return errSessionNotLive
			}
		}
		ok, err := tx.Polls().Open(ctx, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return errNotDraft
		}
		switch {
		case t.session != nil:
			if err := s.snapshotPresent(ctx, tx, id, t.session); err != nil {
				return err
			}
		case t.poll.Audience == model.PollCouncil:
			if _, err := tx.Polls().SnapshotCouncil(ctx, id); err != nil {
				return err
			}
		}
		return t.appendEvent(tx, EventOpened, stateData{PollID: formatID(id), State: model.PollOpen})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, u, id)
}

// Close closes an open poll; poll.closed carries the final counts.
func (s *Service) Close(ctx context.Context, u *model.User, id int64) (*View, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !t.canManage(u) {
		return nil, errForbidden
	}
	now := s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Polls().Close(ctx, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return errNotOpen
		}
		counts, err := s.counts(ctx, tx, id, model.PollClosed)
		if err != nil {
			return err
		}
		return t.appendEvent(tx, EventClosed, counts)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, u, id)
}

// Get returns a poll (drafts only to those who manage it).
func (s *Service) Get(ctx context.Context, u *model.User, id int64) (*View, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, u, t.poll, t)
}

func (s *Service) view(ctx context.Context, u *model.User, p *model.Poll, t *target) (*View, error) {
	views, err := s.views(ctx, u, []model.Poll{*p}, t)
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// views builds the views of polls of one subject with three queries whatever their number.
func (s *Service) views(ctx context.Context, u *model.User, list []model.Poll, t *target) ([]View, error) {
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	opts, err := s.st.Polls().Options(ctx, ids)
	if err != nil {
		return nil, err
	}
	voted, eligible := map[int64]bool{}, map[int64]bool{}
	if u != nil {
		if voted, err = s.st.Polls().VotedIn(ctx, u.ID, ids); err != nil {
			return nil, err
		}
		if eligible, err = s.st.Polls().EligibleIn(ctx, u.ID, ids); err != nil {
			return nil, err
		}
	}
	out := make([]View, len(list))
	for i, p := range list {
		manage := t.canManage(u)
		out[i] = View{Poll: p, Options: opts[p.ID], Subject: t.subject(), VotedByMe: voted[p.ID],
			Permissions: access.PollPermissions{
				Edit: manage && p.State == model.PollDraft, Open: manage && p.State == model.PollDraft,
				Close: manage && p.State == model.PollOpen,
				Vote:  p.State == model.PollOpen && !voted[p.ID] && access.CanVote(u, p.Audience, eligible[p.ID]),
			}}
	}
	return out, nil
}

// List returns one page of the polls of a subject, newest first (drafts only for who manages them).
func (s *Service) List(ctx context.Context, u *model.User, subj Subject, page paging.Page) ([]View, string, error) {
	t, err := s.resolve(ctx, u, subj)
	if err != nil {
		return nil, "", err
	}
	id := subj.ID
	if t.project != nil {
		id = t.project.ID
	}
	list, next, err := s.st.Polls().List(ctx, subj.Type, id, t.canManage(u), page)
	if err != nil {
		return nil, "", err
	}
	views, err := s.views(ctx, u, list, t)
	return views, next, err
}

func topic(pr *model.Project) string { return "project:" + pr.Slug }

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func isNotFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }
