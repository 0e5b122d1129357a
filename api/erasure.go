package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/accounts"
)

type deleteMeRequest struct {
	Password string `json:"password" validate:"required,max=256"`
}

// deleteMe deletes the current account after a password check and ends the browser session.
func (h *Handler) deleteMe(c *gin.Context) error {
	var in deleteMeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := h.accounts.DeleteMe(c.Request.Context(), currentUser(c), in.Password); err != nil {
		return err
	}
	h.clearRefreshCookie(c)
	c.Status(http.StatusNoContent)
	return nil
}

type exportResponse struct {
	ExportedAt time.Time        `json:"exported_at"`
	User       userResponse     `json:"user"`
	Comments   []exportComment  `json:"comments"`
	Votes      []exportVote     `json:"votes"`
	Changes    []exportChange   `json:"project_changes"`
	Supports   []exportSupport  `json:"supports"`
	Polls      []exportPoll     `json:"polls"`
	Evals      []exportEval     `json:"evaluations"`
	Attendance []exportPresent  `json:"session_attendance"`
	Speeches   []exportSpeech   `json:"speeches"`
	Questions  []exportQuestion `json:"session_questions"`
}

type exportQuestion struct {
	SessionID  string     `json:"session_id"`
	Session    string     `json:"session"`
	Body       string     `json:"body"`
	State      string     `json:"state"`
	CreatedAt  time.Time  `json:"created_at"`
	AnsweredAt *time.Time `json:"answered_at"`
}

type exportPresent struct {
	SessionID   string    `json:"session_id"`
	Session     string    `json:"session"`
	CheckedInAt time.Time `json:"checked_in_at"`
}

type exportSpeech struct {
	SessionID   string     `json:"session_id"`
	Session     string     `json:"session"`
	AgendaItem  string     `json:"agenda_item"`
	Kind        string     `json:"kind"`
	State       string     `json:"state"`
	RequestedAt time.Time  `json:"requested_at"`
	StartedAt   *time.Time `json:"started_at"`
	EndedAt     *time.Time `json:"ended_at"`
}

type exportSupport struct {
	Project   string    `json:"project"`
	CreatedAt time.Time `json:"created_at"`
}

type exportPoll struct {
	PollID   string   `json:"poll_id"`
	Question string   `json:"question"`
	Secrecy  string   `json:"secrecy"`
	Project  *string  `json:"project"`
	Choices  []string `json:"choices"`
}

type exportEval struct {
	CycleID   string         `json:"cycle_id"`
	Cycle     string         `json:"cycle"`
	Project   string         `json:"project"`
	Group     string         `json:"group"`
	Scores    map[string]int `json:"scores"`
	Comment   string         `json:"comment"`
	UpdatedAt time.Time      `json:"updated_at"`
}

type exportComment struct {
	ID         string     `json:"id"`
	Project    string     `json:"project"`
	DocumentID *string    `json:"document_id"`
	BlockID    *string    `json:"block_id"`
	ParentID   *string    `json:"parent_id"`
	Kind       string     `json:"kind"`
	Stance     *string    `json:"stance"`
	Status     string     `json:"status"`
	Body       string     `json:"body"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at"`
	DeletedAt  *time.Time `json:"deleted_at"`
}

type exportVote struct {
	CommentID string `json:"comment_id"`
	Value     int    `json:"value"`
}

type exportChange struct {
	Project   string    `json:"project"`
	Field     string    `json:"field"`
	OldValue  string    `json:"old_value"`
	NewValue  string    `json:"new_value"`
	CreatedAt time.Time `json:"created_at"`
}

// exportMe answers everything stored about the current user as a JSON download.
func (h *Handler) exportMe(c *gin.Context) error {
	x, err := h.accounts.ExportMe(c.Request.Context(), currentUser(c))
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="digitalrat-export.json"`)
	c.JSON(http.StatusOK, toExportResponse(x, h.now()))
	return nil
}

func toExportResponse(x *accounts.Export, now time.Time) exportResponse {
	out := exportResponse{ExportedAt: now.UTC(), User: toUserResponse(x.User),
		Comments: make([]exportComment, len(x.Comments)), Votes: make([]exportVote, len(x.Votes)),
		Changes: make([]exportChange, len(x.Changes)), Supports: make([]exportSupport, len(x.Supports)),
		Polls: make([]exportPoll, len(x.Polls)), Evals: make([]exportEval, len(x.Evaluations)),
		Attendance: make([]exportPresent, len(x.Attendance)), Speeches: make([]exportSpeech, len(x.Speeches)),
		Questions: make([]exportQuestion, len(x.Questions))}
	optID := func(id *int64) *string {
		if id == nil {
			return nil
		}
		s := formatID(*id)
		return &s
	}
	for i, cm := range x.Comments {
		out.Comments[i] = exportComment{ID: formatID(cm.ID), Project: cm.Project, DocumentID: optID(cm.DocumentID),
			BlockID: cm.BlockID, ParentID: optID(cm.ParentID), Kind: cm.Kind, Stance: cm.Stance, Status: cm.Status,
			Body: cm.Body, CreatedAt: cm.CreatedAt.UTC(), EditedAt: cm.EditedAt, DeletedAt: cm.DeletedAt}
	}
	for i, v := range x.Votes {
		out.Votes[i] = exportVote{CommentID: formatID(v.CommentID), Value: v.Value}
	}
	for i, ch := range x.Changes {
		out.Changes[i] = exportChange{Project: ch.Project, Field: ch.Field, OldValue: ch.OldValue, NewValue: ch.NewValue,
			CreatedAt: ch.CreatedAt.UTC()}
	}
	for i, sp := range x.Supports {
		out.Supports[i] = exportSupport{Project: sp.Project, CreatedAt: sp.CreatedAt.UTC()}
	}
	for i, p := range x.Polls {
		out.Polls[i] = exportPoll{PollID: formatID(p.PollID), Question: p.Question, Secrecy: p.Secrecy, Project: p.Project,
			Choices: p.Choices}
	}
	for i, ev := range x.Evaluations {
		out.Evals[i] = exportEval{CycleID: formatID(ev.CycleID), Cycle: ev.Cycle, Project: ev.Project, Group: ev.Grp,
			Scores: ev.Scores, Comment: ev.Comment, UpdatedAt: ev.UpdatedAt.UTC()}
	}
	for i, a := range x.Attendance {
		out.Attendance[i] = exportPresent{SessionID: formatID(a.SessionID), Session: a.Title, CheckedInAt: a.CheckedInAt.UTC()}
	}
	for i, sp := range x.Speeches {
		out.Speeches[i] = exportSpeech{SessionID: formatID(sp.SessionID), Session: sp.Session, AgendaItem: sp.AgendaItem,
			Kind: sp.Kind, State: sp.State, RequestedAt: sp.RequestedAt.UTC(), StartedAt: utc(sp.StartedAt), EndedAt: utc(sp.EndedAt)}
	}
	for i, q := range x.Questions {
		out.Questions[i] = exportQuestion{SessionID: formatID(q.SessionID), Session: q.Session, Body: q.Body, State: q.State,
			CreatedAt: q.CreatedAt.UTC(), AnsweredAt: utc(q.AnsweredAt)}
	}
	return out
}
