package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/polls"
)

// pollSubjectBody names a project by slug or an agenda item by id (responses add its session_id).
type pollSubjectBody struct {
	Type      string `json:"type"`
	Slug      string `json:"slug,omitempty"`
	ID        string `json:"id,omitempty"`
	SessionID string `json:"session_id,omitempty"`
}

func toPollSubjectBody(s polls.Subject) pollSubjectBody {
	if s.Type == polls.SubjectAgendaItem {
		return pollSubjectBody{Type: s.Type, ID: formatID(s.ID), SessionID: formatID(s.SessionID)}
	}
	return pollSubjectBody{Type: s.Type, Slug: s.Slug}
}

// createPollRequest is the body of POST /polls; the service validates the fields and names bad ones.
type createPollRequest struct {
	Subject    pollSubjectBody `json:"subject"`
	Question   string          `json:"question"`
	Kind       string          `json:"kind"`
	Options    []string        `json:"options"`
	MaxChoices *int            `json:"max_choices"`
	Audience   string          `json:"audience"`
	Secrecy    string          `json:"secrecy"`
	Quorum     *int            `json:"quorum"`
	Results    string          `json:"results"`
}

// updatePollRequest is the body of PATCH /polls/{id}: absent fields stay; quorum null removes it.
type updatePollRequest struct {
	Question   *string       `json:"question"`
	Kind       *string       `json:"kind"`
	Options    *[]string     `json:"options"`
	MaxChoices *int          `json:"max_choices"`
	Audience   *string       `json:"audience"`
	Secrecy    *string       `json:"secrecy"`
	Quorum     nullable[int] `json:"quorum"`
	Results    *string       `json:"results"`
}

type ballotRequest struct {
	Choices []string `json:"choices"`
}

type pollOptionBody struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// pollResponse is a poll as clients see it; counts are in its results.
type pollResponse struct {
	ID          string                 `json:"id"`
	Subject     pollSubjectBody        `json:"subject"`
	Question    string                 `json:"question"`
	Kind        string                 `json:"kind"`
	Audience    string                 `json:"audience"`
	Secrecy     string                 `json:"secrecy"`
	Results     string                 `json:"results"`
	Quorum      *int                   `json:"quorum"`
	MaxChoices  int                    `json:"max_choices"`
	State       string                 `json:"state"`
	Options     []pollOptionBody       `json:"options"`
	Eligible    *int                   `json:"eligible"`
	Version     int                    `json:"version"`
	CreatedAt   time.Time              `json:"created_at"`
	OpenedAt    *time.Time             `json:"opened_at"`
	ClosedAt    *time.Time             `json:"closed_at"`
	VotedByMe   bool                   `json:"voted_by_me"`
	Permissions access.PollPermissions `json:"permissions"`
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}

func toPollResponse(v *polls.View) pollResponse {
	p := v.Poll
	r := pollResponse{ID: formatID(p.ID), Subject: toPollSubjectBody(v.Subject),
		Question: p.Question, Kind: p.Kind, Audience: p.Audience, Secrecy: p.Secrecy, Results: p.Results, Quorum: p.Quorum,
		MaxChoices: p.MaxChoices, State: p.State, Options: make([]pollOptionBody, len(v.Options)), Eligible: p.EligibleCount,
		Version: p.Version, CreatedAt: p.CreatedAt.UTC(), OpenedAt: utc(p.OpenedAt), ClosedAt: utc(p.ClosedAt),
		VotedByMe: v.VotedByMe, Permissions: v.Permissions}
	for i, o := range v.Options {
		r.Options[i] = pollOptionBody{ID: formatID(o.ID), Label: o.Label}
	}
	return r
}

type optionCountBody struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Count int64  `json:"count"`
}

type namedVoteBody struct {
	DisplayName *string  `json:"display_name"`
	Choices     []string `json:"choices"`
}

// resultsResponse are the counts of a poll; votes only for named council polls.
type resultsResponse struct {
	PollID        string            `json:"poll_id"`
	State         string            `json:"state"`
	Options       []optionCountBody `json:"options"`
	TotalBallots  int64             `json:"total_ballots"`
	Eligible      *int              `json:"eligible"`
	Quorum        *int              `json:"quorum"`
	SessionQuorum *int              `json:"session_quorum_required"`
	QuorumReached bool              `json:"quorum_reached"`
	Votes         []namedVoteBody   `json:"votes,omitempty"`
}

func toResultsResponse(r *polls.Results) resultsResponse {
	out := resultsResponse{PollID: formatID(r.PollID), State: r.State, Options: make([]optionCountBody, len(r.Options)),
		TotalBallots: r.TotalBallots, Eligible: r.Eligible, Quorum: r.Quorum, SessionQuorum: r.SessionQuorumRequired, QuorumReached: r.QuorumReached}
	for i, o := range r.Options {
		out.Options[i] = optionCountBody{ID: formatID(o.ID), Label: o.Label, Count: o.Count}
	}
	if r.Votes != nil {
		out.Votes = make([]namedVoteBody, len(r.Votes))
		for i, v := range r.Votes {
			ch := make([]string, len(v.Choices))
			for j, c := range v.Choices {
				ch[j] = formatID(c)
			}
			out.Votes[i] = namedVoteBody{DisplayName: v.DisplayName, Choices: ch}
		}
	}
	return out
}

func (h *Handler) listPolls(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	subj, err := polls.ParseSubject(c.Query("subject"))
	if err != nil {
		return err
	}
	list, next, err := h.polls.List(c.Request.Context(), currentUser(c), subj, page)
	if err != nil {
		return err
	}
	items := make([]pollResponse, len(list))
	for i := range list {
		items[i] = toPollResponse(&list[i])
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) createPoll(c *gin.Context) error {
	var in createPollRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	subj := polls.Subject{Type: in.Subject.Type, Slug: in.Subject.Slug}
	if in.Subject.Type == polls.SubjectAgendaItem {
		id, err := strconv.ParseInt(in.Subject.ID, 10, 64)
		if err != nil || id <= 0 {
			return apperr.Invalid("subject.id", "format", "must be the id of an agenda item")
		}
		subj.ID = id
	}
	v, err := h.polls.Create(c.Request.Context(), currentUser(c), polls.Input{
		Subject: subj, Question: in.Question, Kind: in.Kind,
		Options: in.Options, MaxChoices: in.MaxChoices, Audience: in.Audience, Secrecy: in.Secrecy, Quorum: in.Quorum,
		Results: in.Results})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/polls/"+formatID(v.Poll.ID))
	return renderPoll(c, http.StatusCreated, v)
}

func renderPoll(c *gin.Context, status int, v *polls.View) error {
	setETag(c, v.Poll.Version)
	c.JSON(status, toPollResponse(v))
	return nil
}

func (h *Handler) getPoll(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.polls.Get(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderPoll(c, http.StatusOK, v)
}

func (h *Handler) updatePoll(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in updatePollRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	pt := polls.Patch{Question: in.Question, Kind: in.Kind, Options: in.Options, MaxChoices: in.MaxChoices,
		Audience: in.Audience, Secrecy: in.Secrecy, Results: in.Results}
	if in.Quorum.Set {
		pt.Quorum, pt.NoQuorum = in.Quorum.Value, in.Quorum.Value == nil
	}
	v, err := h.polls.Update(c.Request.Context(), currentUser(c), id, ifMatch(c), pt)
	if err != nil {
		return err
	}
	return renderPoll(c, http.StatusOK, v)
}

func (h *Handler) openPoll(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.polls.Open(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderPoll(c, http.StatusOK, v)
}

func (h *Handler) closePoll(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.polls.Close(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderPoll(c, http.StatusOK, v)
}

func (h *Handler) castBallot(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in ballotRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.polls.Vote(c.Request.Context(), currentUser(c), id, in.Choices)
	if err != nil {
		return err
	}
	return renderPoll(c, http.StatusCreated, v)
}

func (h *Handler) pollResults(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	r, err := h.polls.Results(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toResultsResponse(r))
	return nil
}
