package projects

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// DocumentInput are the fields of a new document.
type DocumentInput struct {
	Kind       string
	Title      string
	Markdown   string
	ChangeNote string
}

// VersionInput is a new version of a document.
type VersionInput struct {
	Markdown   string
	ChangeNote string
}

// BlockView is one block of a document version as clients see it.
type BlockView struct {
	BlockID string
	Kind    string
	HTML    string
	Changed bool // the block id did not exist in the previous version (always false in version 1)
}

// VersionView is a version of a document without its blocks, with the display name of its author (nil
// when the account is gone). Lists of versions leave Markdown empty.
type VersionView struct {
	Number     int
	Markdown   string
	ChangeNote string
	AuthorName *string
	CreatedAt  time.Time
}

func versionView(v *store.VersionRow) VersionView {
	return VersionView{Number: v.Number, Markdown: v.Markdown, ChangeNote: v.ChangeNote, AuthorName: v.AuthorName,
		CreatedAt: v.CreatedAt}
}

// DocumentView is a document with one of its versions.
type DocumentView struct {
	Document    model.Document
	ProjectSlug string
	OwnerUnit   string // of the project: who may add versions
	Version     VersionView
	Blocks      []BlockView
}

// DocumentHeader returns a document's title and its project's slug (what its page shows first).
func (s *Service) DocumentHeader(ctx context.Context, id int64) (title, projectSlug string, err error) {
	d, err := s.st.Documents().ByID(ctx, id)
	if err != nil {
		return "", "", err
	}
	p, err := s.st.Projects().ByID(ctx, d.ProjectID)
	if err != nil {
		return "", "", err
	}
	return d.Title, p.Slug, nil
}

// Documents returns one page of the documents of a project.
func (s *Service) Documents(ctx context.Context, slug string, page paging.Page) ([]model.Document, string, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	return s.st.Documents().ListByProject(ctx, p.ID, page)
}

// Document returns a document with version number (0 for the newest) and its blocks.
func (s *Service) Document(ctx context.Context, id int64, number int) (*DocumentView, error) {
	docs := s.st.Documents()
	d, err := docs.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if number == 0 {
		number = d.Version
	}
	p, err := s.st.Projects().ByID(ctx, d.ProjectID)
	if err != nil {
		return nil, err
	}
	v, err := docs.Version(ctx, d.ID, number)
	if err != nil {
		return nil, err
	}
	blocks, err := docs.Blocks(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	var prev []string
	if number > 1 {
		if prev, err = docs.BlockIDs(ctx, d.ID, number-1); err != nil {
			return nil, err
		}
	}
	view := &DocumentView{Document: *d, ProjectSlug: p.Slug, OwnerUnit: p.OwnerUnit, Version: versionView(v), Blocks: make([]BlockView, len(blocks))}
	for i, b := range blocks {
		view.Blocks[i] = BlockView{BlockID: b.BlockID, Kind: b.Kind, HTML: b.HTML,
			Changed: number > 1 && !slices.Contains(prev, b.BlockID)}
	}
	return view, nil
}

// Versions returns one page of the versions of a document, newest first.
func (s *Service) Versions(ctx context.Context, id int64, page paging.Page) ([]VersionView, string, error) {
	docs := s.st.Documents()
	if _, err := docs.ByID(ctx, id); err != nil {
		return nil, "", err
	}
	rows, next, err := docs.Versions(ctx, id, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]VersionView, len(rows))
	for i := range rows {
		out[i] = versionView(&rows[i])
	}
	return out, next, nil
}

// CreateDocument creates a document of a project with its first version.
func (s *Service) CreateDocument(ctx context.Context, u *model.User, slug string, in DocumentInput) (*DocumentView, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	in.Title = strings.TrimSpace(in.Title)
	ve := &apperr.ValidationError{}
	if !slices.Contains(model.DocumentKinds, in.Kind) {
		ve.Add("kind", "oneof", "must be one of: "+strings.Join(model.DocumentKinds, ", "))
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		ve.Add("title", "required", "is required")
	case n > 200:
		ve.Add("title", "max", "must be at most 200 characters")
	}
	validateVersion(ve, in.Markdown, in.ChangeNote)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	now := s.timestamp()
	d := &model.Document{ProjectID: p.ID, Kind: in.Kind, Title: in.Title, Version: 1, CreatedBy: &u.ID,
		CreatedAt: now, UpdatedAt: now}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		docs := tx.Documents()
		if err := docs.Create(ctx, d); err != nil {
			return err
		}
		if err := idempotency.RecordWrite(ctx, tx, "document:"+formatID(d.ID)); err != nil {
			return err
		}
		v := &model.DocumentVersion{DocumentID: d.ID, Number: 1, Markdown: in.Markdown, ChangeNote: in.ChangeNote,
			CreatedBy: &u.ID, CreatedAt: now}
		if err := docs.CreateVersion(ctx, v, assignBlockIDs(markdown.Blocks(in.Markdown), nil)); err != nil {
			return err
		}
		_, err := events.Append(tx, "project:"+p.Slug, eventDocumentCreated,
			map[string]any{"slug": p.Slug, "document_id": d.ID, "version": 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, d.ID, 1)
}

// AddVersion stores new Markdown as the next version of a document if ifMatch (0 when the header is
// missing) is the document's current version number. Unchanged blocks keep their block ids.
func (s *Service) AddVersion(ctx context.Context, u *model.User, id int64, ifMatch int, in VersionInput) (*DocumentView, error) {
	docs := s.st.Documents()
	d, err := docs.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Projects().ByID(ctx, d.ProjectID)
	if err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	if err := checkVersion(ifMatch, d.Version); err != nil {
		return nil, err
	}
	ve := &apperr.ValidationError{}
	validateVersion(ve, in.Markdown, in.ChangeNote)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	number := d.Version + 1
	d.UpdatedAt = s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		docs := tx.Documents()
		ok, err := docs.BumpVersion(ctx, d, ifMatch)
		if err != nil {
			return err
		}
		if !ok {
			return errStale
		}
		// Read the previous blocks after the version bump: the bump holds the row, so they are the ones
		// of version ifMatch even under concurrent writers.
		prevVersion, err := docs.Version(ctx, d.ID, ifMatch)
		if err != nil {
			return err
		}
		prev, err := docs.Blocks(ctx, prevVersion.ID)
		if err != nil {
			return err
		}
		v := &model.DocumentVersion{DocumentID: d.ID, Number: number, Markdown: in.Markdown,
			ChangeNote: strings.TrimSpace(in.ChangeNote), CreatedBy: &u.ID, CreatedAt: d.UpdatedAt}
		if err := docs.CreateVersion(ctx, v, assignBlockIDs(markdown.Blocks(in.Markdown), prev)); err != nil {
			return err
		}
		data := map[string]any{"slug": p.Slug, "document_id": d.ID, "version": number}
		if _, err := events.Append(tx, "document:"+formatID(d.ID), eventDocumentVersionCreated, data); err != nil {
			return err
		}
		_, err = events.Append(tx, "project:"+p.Slug, eventDocumentVersionCreated, data)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Document(ctx, d.ID, number)
}

func validateVersion(ve *apperr.ValidationError, md, note string) {
	if strings.TrimSpace(md) == "" {
		ve.Add("markdown", "required", "is required")
	} else if len(md) > 500_000 {
		ve.Add("markdown", "max", "must be at most 500000 bytes")
	}
	if utf8.RuneCountInString(note) > 500 {
		ve.Add("change_note", "max", "must be at most 500 characters")
	}
}

// assignBlockIDs gives each block the id of an unused previous block with the same content hash, in
// document order (so repeated identical blocks map to old ids in order), or a fresh id.
func assignBlockIDs(blocks []markdown.Block, prev []model.DocumentBlock) []model.DocumentBlock {
	free := map[string][]string{}
	for _, b := range prev {
		free[b.TextHash] = append(free[b.TextHash], b.BlockID)
	}
	out := make([]model.DocumentBlock, len(blocks))
	for i, b := range blocks {
		h := b.Hash()
		id := ""
		if ids := free[h]; len(ids) > 0 {
			id, free[h] = ids[0], ids[1:]
		} else {
			id = newBlockID()
		}
		out[i] = model.DocumentBlock{Position: i, BlockID: id, Kind: b.Kind, TextHash: h, HTML: b.HTML}
	}
	return out
}

var blockIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newBlockID returns 10 random URL-safe characters (50 bits).
func newBlockID() string {
	b := make([]byte, 7)
	_, _ = rand.Read(b)
	return strings.ToLower(blockIDEncoding.EncodeToString(b))[:10]
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
