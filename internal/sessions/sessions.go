// Package sessions holds the sessions of the Digitalrat: the session and its state machine (scheduled →
// live → closed), the agenda with its one item in discussion, attendance and quorum, and the speaker
// list of each agenda item. Every change writes its live event on session:<id> in its own transaction,
// with the audience of the session's visibility.
package sessions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// DefaultSpeakingTime is the speaking time of a session unless set otherwise.
const DefaultSpeakingTime = 180

// DefaultQuorum is the quorum of a session unless set otherwise: more than half of the council.
const DefaultQuorum = 0.5

var (
	errTransition = apperr.New(apperr.ErrConflict, "invalid_transition",
		"The session cannot move to this state from its current one.")
	errNotLive   = apperr.New(apperr.ErrConflict, "session_not_live", "This needs the session to be live.")
	errClosed    = apperr.New(apperr.ErrConflict, "session_closed", "The session is closed.")
	errItemDone  = apperr.New(apperr.ErrConflict, "item_done", "The agenda item is done.")
	errNotActive = apperr.New(apperr.ErrConflict, "item_not_active",
		"The speaker list can be worked only for the agenda item in discussion.")
	errRequested = apperr.New(apperr.ErrConflict, "already_requested",
		"You have an open request to speak on this item already.")
	errNoRequest = apperr.New(apperr.ErrConflict, "no_open_request", "You have no waiting request to speak on this item.")
	errChanged   = apperr.New(apperr.ErrConflict, "speaker_changed",
		"The running speech is not the one you saw; someone else called the next speaker. Reload the list.")
	errNoSpeech   = apperr.New(apperr.ErrConflict, "no_running_speech", "Nobody is speaking.")
	errNoneWaits  = apperr.New(apperr.ErrConflict, "speaker_list_empty", "Nobody is waiting to speak.")
	errNotCouncil = apperr.New(apperr.ErrForbidden, "not_council",
		"Only members of the Digitalrat check in and request to speak.")
	errForbidden = apperr.New(apperr.ErrForbidden, "forbidden", "Your role does not allow this.")
	errStale     = apperr.New(apperr.ErrPreconditionFailed, "version_mismatch",
		"The resource was changed in the meantime; reload it and apply your change again.")
	errIfMatchMissing = apperr.New(apperr.ErrPreconditionNeeded, "if_match_required",
		"Send If-Match with the version your change is based on.")
)

// Service is the sessions service.
type Service struct {
	st      *store.Store
	now     func() time.Time
	extras  []MinutesExtras // sources of extra minutes sections (minutes.go)
	onClose []CloseHook     // what else ends with a session (its open polls)
}

// CloseHook runs in the transaction that closes a session, after the state changed (the transaction holds
// the session's row lock).
type CloseHook func(ctx context.Context, tx *store.Store, se *model.Session) error

// OnClose registers a hook of the close (called at start-up, before serving).
func (s *Service) OnClose(fn CloseHook) { s.onClose = append(s.onClose, fn) }

// New returns the sessions service.
func New(st *store.Store, now func() time.Time) *Service {
	s := &Service{st: st, now: now}
	s.AddMinutesExtras(questionsForMinutes)
	s.AddMinutesExtras(pollsForMinutes)
	return s
}

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Input are the fields of a new session.
type Input struct {
	Title               string
	Description         string
	StartsAt            *time.Time
	Location            string
	OnlineURL           string
	Visibility          string
	Quorum              *float64 // nil: DefaultQuorum
	SpeakingTimeSeconds *int     // nil: DefaultSpeakingTime
}

// Patch holds the fields a PATCH of a session changes; nil fields stay.
type Patch struct {
	Title               *string
	Description         *string
	StartsAt            *time.Time
	Location            *string
	OnlineURL           *string
	Visibility          *string
	Quorum              *float64
	SpeakingTimeSeconds *int
}

// Quorum is the attendance of a session against its quorum: Required members of CouncilSize must be
// present (more than Quorum × CouncilSize, all of them for a quorum of 1).
type Quorum struct {
	Present     int
	CouncilSize int
	Required    int
	Reached     bool
}

// View is a session as its reader sees it.
type View struct {
	Session      model.Session
	ActiveItemID *int64
	Quorum       Quorum
	Permissions  access.SessionPermissions
}

// ItemView is an agenda item as its reader sees it: the description of a confidential item and the
// moderator's notes only for the council audience (NotesVisible).
type ItemView struct {
	Item         model.AgendaItem
	ProjectSlug  *string
	NotesVisible bool
}

// quorumOf computes the quorum of present members of a council of size with fraction q.
func quorumOf(present, size int, q float64) Quorum {
	req := access.QuorumRequired(size, q)
	return Quorum{Present: present, CouncilSize: size, Required: req, Reached: size > 0 && present >= req}
}

func text(ve *apperr.ValidationError, field, v string, required bool, maxLen int) string {
	v = strings.TrimSpace(v)
	switch n := utf8.RuneCountInString(v); {
	case required && n == 0:
		ve.Add(field, "required", "is required")
	case n > maxLen:
		ve.Add(field, "max", fmt.Sprintf("must be at most %d characters", maxLen))
	}
	return v
}

// validate checks se and trims its texts.
func validate(se *model.Session) error {
	ve := &apperr.ValidationError{}
	se.Title = text(ve, "title", se.Title, true, 200)
	se.Description = text(ve, "description", se.Description, false, 20000)
	se.Location = text(ve, "location", se.Location, false, 500)
	se.OnlineURL = strings.TrimSpace(se.OnlineURL)
	if se.OnlineURL != "" {
		u, err := url.Parse(se.OnlineURL)
		if err != nil || u.Scheme != "https" || u.Host == "" || len(se.OnlineURL) > 2000 {
			ve.Add("online_url", "https", "must be an https URL")
		}
	}
	if se.Location == "" && se.OnlineURL == "" {
		ve.Add("location", "required", "a location or an online_url is required")
	}
	if se.StartsAt.IsZero() {
		ve.Add("starts_at", "required", "is required")
	}
	if se.Visibility != model.SessionPublic && se.Visibility != model.SessionNonPublic {
		ve.Add("visibility", "oneof", "must be one of: public, non_public")
	}
	if !(se.Quorum > 0 && se.Quorum <= 1) || math.IsNaN(se.Quorum) {
		ve.Add("quorum", "range", "must be a fraction greater than 0 and at most 1")
	}
	if se.SpeakingTimeSeconds < 10 || se.SpeakingTimeSeconds > 3600 {
		ve.Add("speaking_time_seconds", "range", "must be between 10 and 3600")
	}
	return ve.OrNil()
}

// load returns a session u may see; a non-public one is not found for everyone else.
func (s *Service) load(ctx context.Context, u *model.User, id int64) (*model.Session, error) {
	se, err := s.st.Sessions().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !access.CanSeeSession(u, se.Visibility) {
		return nil, fmt.Errorf("sessions: not visible: %w", apperr.ErrNotFound)
	}
	return se, nil
}

// Create creates a scheduled session.
func (s *Service) Create(ctx context.Context, u *model.User, in Input) (*View, error) {
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	now := s.timestamp()
	se := &model.Session{Title: in.Title, Description: in.Description, Location: in.Location, OnlineURL: in.OnlineURL,
		Visibility: in.Visibility, Quorum: DefaultQuorum, SpeakingTimeSeconds: DefaultSpeakingTime,
		State: model.SessionScheduled, Version: 1, CreatedBy: &u.ID, CreatedAt: now, UpdatedAt: now}
	if in.StartsAt != nil {
		se.StartsAt = in.StartsAt.UTC()
	}
	if in.Quorum != nil {
		se.Quorum = *in.Quorum
	}
	if in.SpeakingTimeSeconds != nil {
		se.SpeakingTimeSeconds = *in.SpeakingTimeSeconds
	}
	if err := validate(se); err != nil {
		return nil, err
	}
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.Sessions().Create(ctx, se); err != nil {
			return err
		}
		return idempotency.RecordWrite(ctx, tx, "session:"+formatID(se.ID))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, u, se.ID)
}

// Get returns a session (404 for a non-public one to who may not see it).
func (s *Service) Get(ctx context.Context, u *model.User, id int64) (*View, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, s.st, u, []model.Session{*se})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// List returns one page of the sessions u may see: when is "", "upcoming" or "past".
func (s *Service) List(ctx context.Context, u *model.User, when string, page paging.Page) ([]View, string, error) {
	if when != store.SessionsAll && when != store.SessionsUpcoming && when != store.SessionsPast {
		return nil, "", apperr.Invalid("when", "oneof", "must be one of: upcoming, past")
	}
	list, next, err := s.st.Sessions().List(ctx, when, access.CanSeeCouncilMatters(u), page)
	if err != nil {
		return nil, "", err
	}
	views, err := s.views(ctx, s.st, u, list)
	return views, next, err
}

func (s *Service) views(ctx context.Context, st *store.Store, u *model.User, list []model.Session) ([]View, error) {
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	out := make([]View, len(list))
	if len(list) == 0 {
		return out, nil
	}
	size, err := st.Sessions().CouncilSize(ctx)
	if err != nil {
		return nil, err
	}
	present, err := st.Sessions().PresentCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, se := range list {
		out[i] = View{Session: se, Quorum: quorumOf(present[se.ID], size, se.Quorum), Permissions: access.ForSession(u, se.State)}
		if se.State == model.SessionLive {
			items, err := st.Sessions().Items(ctx, se.ID)
			if err != nil {
				return nil, err
			}
			out[i].ActiveItemID = activeID(items)
		}
	}
	return out, nil
}

func activeID(items []model.AgendaItem) *int64 {
	for _, it := range items {
		if it.State == model.ItemInDiscussion {
			return &it.ID
		}
	}
	return nil
}

// Update changes a session that is not closed if ifMatch (0: header missing) is its version.
func (s *Service) Update(ctx context.Context, u *model.User, id int64, ifMatch int, pt Patch) (*View, error) {
	cur, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	if cur.State == model.SessionClosed {
		return nil, errClosed
	}
	if ifMatch == 0 {
		return nil, errIfMatchMissing
	}
	if ifMatch != cur.Version {
		return nil, errStale
	}
	se := *cur
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&se.Title, pt.Title)
	set(&se.Description, pt.Description)
	set(&se.Location, pt.Location)
	set(&se.OnlineURL, pt.OnlineURL)
	set(&se.Visibility, pt.Visibility)
	if pt.StartsAt != nil {
		se.StartsAt = pt.StartsAt.UTC()
	}
	if pt.Quorum != nil {
		se.Quorum = *pt.Quorum
	}
	if pt.SpeakingTimeSeconds != nil {
		se.SpeakingTimeSeconds = *pt.SpeakingTimeSeconds
	}
	if err := validate(&se); err != nil {
		return nil, err
	}
	se.Version = cur.Version + 1
	se.UpdatedAt = s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Sessions().Update(ctx, &se, cur.Version)
		if err != nil {
			return err
		}
		if !ok {
			now, err := tx.Sessions().ByID(ctx, id)
			if err != nil {
				return err
			}
			if now.State == model.SessionClosed {
				return errClosed
			}
			return errStale
		}
		return s.appendUpdated(ctx, tx, u, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, u, id)
}

// Start moves a scheduled session to live; 409 invalid_transition from any other state.
func (s *Service) Start(ctx context.Context, u *model.User, id int64) (*View, error) {
	return s.transition(ctx, u, id, model.SessionScheduled, model.SessionLive)
}

// Close moves a live session to closed: the item in discussion is done and the running speech ends.
func (s *Service) Close(ctx context.Context, u *model.User, id int64) (*View, error) {
	return s.transition(ctx, u, id, model.SessionLive, model.SessionClosed)
}

func (s *Service) transition(ctx context.Context, u *model.User, id int64, from, to string) (*View, error) {
	if _, err := s.load(ctx, u, id); err != nil {
		return nil, err
	}
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	now := s.timestamp()
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Sessions().Transition(ctx, id, from, to, now)
		if err != nil {
			return err
		}
		if !ok {
			return errTransition
		}
		if to == model.SessionClosed {
			if err := tx.Sessions().EndDiscussion(ctx, id, now); err != nil {
				return err
			}
			// The hooks (closing the open polls) lock their rows before any event is written: every
			// writer takes the outbox's lock last (see store.Events.Append), so none waits in a cycle with
			// a poll's tally writer, which holds the poll row when it appends.
			se, err := tx.Sessions().ByID(ctx, id)
			if err != nil {
				return err
			}
			for _, fn := range s.onClose {
				if err := fn(ctx, tx, se); err != nil {
					return err
				}
			}
			if err := s.appendAgenda(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.appendUpdated(ctx, tx, u, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, u, id)
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func isNotFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }
