package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/projects"
)

// createDocumentRequest is the body of POST /projects/{slug}/documents.
type createDocumentRequest struct {
	Kind       string `json:"kind" validate:"required,oneof=concept specification report evaluation"`
	Title      string `json:"title" validate:"required,max=200"`
	Markdown   string `json:"markdown" validate:"required,max=500000"`
	ChangeNote string `json:"change_note" validate:"max=500"`
}

// createVersionRequest is the body of POST /documents/{id}/versions.
type createVersionRequest struct {
	Markdown   string `json:"markdown" validate:"required,max=500000"`
	ChangeNote string `json:"change_note" validate:"max=500"`
}

// documentSummaryResponse is a document in a list.
type documentSummaryResponse struct {
	ID            string    `json:"id"`
	ProjectSlug   string    `json:"project_slug"`
	Kind          string    `json:"kind"`
	Title         string    `json:"title"`
	LatestVersion int       `json:"latest_version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func toDocumentSummary(d *model.Document, slug string) documentSummaryResponse {
	return documentSummaryResponse{ID: formatID(d.ID), ProjectSlug: slug, Kind: d.Kind, Title: d.Title,
		LatestVersion: d.Version, CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()}
}

// blockResponse is one block of a document version.
type blockResponse struct {
	BlockID string `json:"block_id"`
	Kind    string `json:"kind"`
	HTML    string `json:"html"`
	Changed bool   `json:"changed"`
}

// documentResponse is a document with one of its versions.
type documentResponse struct {
	documentSummaryResponse
	Version    int             `json:"version"`
	Markdown   string          `json:"markdown"`
	ChangeNote string          `json:"change_note"`
	AuthorName *string         `json:"author_name"`
	VersionAt  time.Time       `json:"version_created_at"`
	Blocks     []blockResponse `json:"blocks"`
	// Permissions tell what the current user may do with the document.
	Permissions access.DocumentPermissions `json:"permissions"`
}

func toDocumentResponse(u *model.User, v *projects.DocumentView) documentResponse {
	r := documentResponse{
		documentSummaryResponse: toDocumentSummary(&v.Document, v.ProjectSlug),
		Version:                 v.Version.Number, Markdown: v.Version.Markdown, ChangeNote: v.Version.ChangeNote,
		AuthorName: v.Version.AuthorName, VersionAt: v.Version.CreatedAt.UTC(),
		Blocks:      make([]blockResponse, len(v.Blocks)),
		Permissions: access.ForDocument(u, v.OwnerUnit),
	}
	for i, b := range v.Blocks {
		r.Blocks[i] = blockResponse{BlockID: b.BlockID, Kind: b.Kind, HTML: b.HTML, Changed: b.Changed}
	}
	return r
}

// versionResponse is one version in the list of a document's versions.
type versionResponse struct {
	Number     int       `json:"number"`
	CreatedAt  time.Time `json:"created_at"`
	AuthorName *string   `json:"author_name"`
	ChangeNote string    `json:"change_note"`
}

func toVersionResponse(v projects.VersionView) versionResponse {
	return versionResponse{Number: v.Number, CreatedAt: v.CreatedAt.UTC(), AuthorName: v.AuthorName, ChangeNote: v.ChangeNote}
}

func (h *Handler) listDocuments(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	body, err := h.documentsBody(c, page)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	return nil
}

// documentsBody is the JSON of a page of the documents of the project of c's slug.
func (h *Handler) documentsBody(c *gin.Context, page paging.Page) ([]byte, error) {
	slug := c.Param("slug")
	docs, next, err := h.projects.Documents(c.Request.Context(), slug, page)
	if err != nil {
		return nil, err
	}
	items := make([]documentSummaryResponse, len(docs))
	for i := range docs {
		items[i] = toDocumentSummary(&docs[i], slug)
	}
	return json.Marshal(newList(items, next))
}

func (h *Handler) createDocument(c *gin.Context) error {
	var in createDocumentRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.projects.CreateDocument(c.Request.Context(), currentUser(c), c.Param("slug"),
		projects.DocumentInput{Kind: in.Kind, Title: in.Title, Markdown: in.Markdown, ChangeNote: in.ChangeNote})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/documents/"+formatID(v.Document.ID))
	renderDocument(c, http.StatusCreated, v)
	return nil
}

func (h *Handler) getDocument(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	number := 0
	if s, ok := c.GetQuery("version"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return apperr.Invalid("version", "range", "must be a version number (1 or more)")
		}
		number = n
	}
	v, err := h.projects.Document(c.Request.Context(), id, number)
	if err != nil {
		return err
	}
	renderDocument(c, http.StatusOK, v)
	return nil
}

func (h *Handler) listVersions(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, next, err := h.projects.Versions(c.Request.Context(), id, page)
	if err != nil {
		return err
	}
	items := make([]versionResponse, len(rows))
	for i, r := range rows {
		items[i] = toVersionResponse(r)
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) createVersion(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in createVersionRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.projects.AddVersion(c.Request.Context(), currentUser(c), id, ifMatch(c),
		projects.VersionInput{Markdown: in.Markdown, ChangeNote: in.ChangeNote})
	if err != nil {
		return err
	}
	renderDocument(c, http.StatusCreated, v)
	return nil
}

// renderDocument answers a document version; ETag carries the document's latest version, the one a new
// version must be based on.
func renderDocument(c *gin.Context, status int, v *projects.DocumentView) {
	setETag(c, v.Document.Version)
	c.JSON(status, toDocumentResponse(currentUser(c), v))
}
