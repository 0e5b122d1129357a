package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/sessions"
)

type minutesSectionBody struct {
	Key          string  `json:"key"`
	Title        string  `json:"title"`
	ItemID       *string `json:"item_id"`
	Confidential bool    `json:"confidential"`
	Body         string  `json:"body"`
}

type minutesDraftResponse struct {
	Version   int                  `json:"version"`
	Stored    bool                 `json:"stored"`
	UpdatedAt *time.Time           `json:"updated_at"`
	Sections  []minutesSectionBody `json:"sections"`
	Markdown  string               `json:"markdown"`
	HTML      string               `json:"html"`
}

type renderingBody struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

type minutesVersionResponse struct {
	Number      int            `json:"number"`
	PublishedAt time.Time      `json:"published_at"`
	Public      renderingBody  `json:"public"`
	Internal    *renderingBody `json:"internal"`
}

type minutesResponse struct {
	SessionID   string                      `json:"session_id"`
	Draft       *minutesDraftResponse       `json:"draft"`
	Latest      *minutesVersionResponse     `json:"latest"`
	Permissions sessions.MinutesPermissions `json:"permissions"`
}

func toDraftResponse(d *sessions.Draft) *minutesDraftResponse {
	if d == nil {
		return nil
	}
	out := &minutesDraftResponse{Version: d.Version, Stored: d.Stored, UpdatedAt: utc(d.UpdatedAt), Markdown: d.Markdown,
		HTML: d.HTML, Sections: make([]minutesSectionBody, len(d.Sections))}
	for i, s := range d.Sections {
		out.Sections[i] = minutesSectionBody{Key: s.Key, Title: s.Title, ItemID: optionalID(s.ItemID),
			Confidential: s.Confidential, Body: s.Body}
	}
	return out
}

func toMinutesVersion(v *sessions.MinutesVersion) *minutesVersionResponse {
	if v == nil {
		return nil
	}
	out := &minutesVersionResponse{Number: v.Number, PublishedAt: v.PublishedAt.UTC(),
		Public: renderingBody{Markdown: v.Public.Markdown, HTML: v.Public.HTML}}
	if v.Internal != nil {
		out.Internal = &renderingBody{Markdown: v.Internal.Markdown, HTML: v.Internal.HTML}
	}
	return out
}

func (h *Handler) getMinutes(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	m, err := h.sessions.Minutes(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	if m.Draft != nil {
		setETag(c, m.Draft.Version)
	}
	c.JSON(http.StatusOK, minutesResponse{SessionID: formatID(m.SessionID), Draft: toDraftResponse(m.Draft),
		Latest: toMinutesVersion(m.Latest), Permissions: m.Permissions})
	return nil
}

// saveMinutesRequest is the body of PUT /sessions/{id}/minutes/draft: new bodies of the named sections.
type saveMinutesRequest struct {
	Sections []struct {
		Key  string `json:"key"`
		Body string `json:"body"`
	} `json:"sections"`
}

func (h *Handler) saveMinutesDraft(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in saveMinutesRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	edits := make([]sessions.SectionEdit, len(in.Sections))
	for i, s := range in.Sections {
		edits[i] = sessions.SectionEdit{Key: s.Key, Body: s.Body}
	}
	d, err := h.sessions.SaveDraft(c.Request.Context(), currentUser(c), id, ifMatch(c), edits)
	if err != nil {
		return err
	}
	setETag(c, d.Version)
	c.JSON(http.StatusOK, toDraftResponse(d))
	return nil
}

func (h *Handler) publishMinutes(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.sessions.Publish(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/sessions/"+formatID(id)+"/minutes/versions/"+strconv.Itoa(v.Number))
	c.JSON(http.StatusCreated, toMinutesVersion(v))
	return nil
}

func (h *Handler) listMinutesVersions(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	list, err := h.sessions.MinutesVersions(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	items := make([]*minutesVersionResponse, len(list))
	for i := range list {
		items[i] = toMinutesVersion(&list[i])
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
	return nil
}

func (h *Handler) getMinutesVersion(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		return apperr.ErrNotFound
	}
	v, err := h.sessions.MinutesVersion(c.Request.Context(), currentUser(c), id, n)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMinutesVersion(v))
	return nil
}
