package store

import (
	"context"
	"fmt"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Documents queries documents, their versions and blocks.
type Documents struct{ db *gorm.DB }

// ByID loads a document; apperr.ErrNotFound when there is none.
func (s *Documents) ByID(ctx context.Context, id int64) (*model.Document, error) {
	var d model.Document
	if err := s.db.WithContext(ctx).First(&d, id).Error; err != nil {
		return nil, notFound("document", err)
	}
	return &d, nil
}

// ListByProject returns one page of the documents of a project in the order they were created.
func (s *Documents) ListByProject(ctx context.Context, projectID int64, page Page) ([]model.Document, string, error) {
	q := s.db.WithContext(ctx).Where("project_id = ?", projectID)
	if page.Cursor != "" {
		var last int64
		if err := paging.DecodeCursor(page.Cursor, &last); err != nil {
			return nil, "", err
		}
		q = q.Where("id > ?", last)
	}
	var out []model.Document
	if err := q.Order("id ASC").Limit(page.Limit + 1).Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: list documents: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = paging.EncodeCursor(out[len(out)-1].ID)
	}
	return out, next, nil
}

// Create inserts a document.
func (s *Documents) Create(ctx context.Context, d *model.Document) error {
	if err := s.db.WithContext(ctx).Create(d).Error; err != nil {
		return fmt.Errorf("store: create document: %w", err)
	}
	return nil
}

// BumpVersion moves the document from version expected to expected+1 and reports whether it did; the check
// and the write are one statement, so concurrent writers based on the same version cannot both succeed.
func (s *Documents) BumpVersion(ctx context.Context, d *model.Document, expected int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Document{}).
		Where("id = ? AND version = ?", d.ID, expected).
		Updates(map[string]any{"version": expected + 1, "updated_at": d.UpdatedAt})
	if res.Error != nil {
		return false, fmt.Errorf("store: bump document version: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// CreateVersion inserts a version with its blocks (their VersionID is set here).
func (s *Documents) CreateVersion(ctx context.Context, v *model.DocumentVersion, blocks []model.DocumentBlock) error {
	db := s.db.WithContext(ctx)
	if err := db.Create(v).Error; err != nil {
		return fmt.Errorf("store: create document version: %w", err)
	}
	if len(blocks) == 0 {
		return nil
	}
	for i := range blocks {
		blocks[i].VersionID = v.ID
	}
	if err := db.CreateInBatches(&blocks, 200).Error; err != nil {
		return fmt.Errorf("store: create document blocks: %w", err)
	}
	return nil
}

// VersionRow is a document version with the display name of its author (nil when the account is gone).
type VersionRow struct {
	model.DocumentVersion
	AuthorName *string
}

const versionColumns = "v.id, v.document_id, v.number, v.markdown, v.change_note, v.created_by, v.created_at, u.display_name AS author_name"

// Version loads version number of a document; apperr.ErrNotFound when there is none.
func (s *Documents) Version(ctx context.Context, documentID int64, number int) (*VersionRow, error) {
	var out []VersionRow
	err := s.db.WithContext(ctx).Table("document_versions AS v").Select(versionColumns).
		Joins("LEFT JOIN users u ON u.id = v.created_by").
		Where("v.document_id = ? AND v.number = ?", documentID, number).Limit(1).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: document version: %w", err)
	}
	if len(out) == 0 {
		return nil, notFound("document version", gorm.ErrRecordNotFound)
	}
	return &out[0], nil
}

// Versions returns one page of the versions of a document, newest first, without their Markdown.
func (s *Documents) Versions(ctx context.Context, documentID int64, page Page) ([]VersionRow, string, error) {
	q := s.db.WithContext(ctx).Table("document_versions AS v").
		Select("v.id, v.document_id, v.number, v.change_note, v.created_by, v.created_at, u.display_name AS author_name").
		Joins("LEFT JOIN users u ON u.id = v.created_by").
		Where("v.document_id = ?", documentID)
	if page.Cursor != "" {
		var last int
		if err := paging.DecodeCursor(page.Cursor, &last); err != nil {
			return nil, "", err
		}
		q = q.Where("v.number < ?", last)
	}
	var out []VersionRow
	if err := q.Order("v.number DESC").Limit(page.Limit + 1).Scan(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: document versions: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = paging.EncodeCursor(out[len(out)-1].Number)
	}
	return out, next, nil
}

// Blocks returns the blocks of a version in document order.
func (s *Documents) Blocks(ctx context.Context, versionID int64) ([]model.DocumentBlock, error) {
	var out []model.DocumentBlock
	if err := s.db.WithContext(ctx).Where("version_id = ?", versionID).Order("position").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: document blocks: %w", err)
	}
	return out, nil
}

// BlockIDs returns the block ids of version number of a document (empty when there is no such version).
func (s *Documents) BlockIDs(ctx context.Context, documentID int64, number int) ([]string, error) {
	var out []string
	err := s.db.WithContext(ctx).Table("document_blocks AS b").
		Joins("JOIN document_versions v ON v.id = b.version_id").
		Where("v.document_id = ? AND v.number = ?", documentID, number).
		Order("b.position").Pluck("b.block_id", &out).Error
	if err != nil {
		return nil, fmt.Errorf("store: block ids: %w", err)
	}
	return out, nil
}

// ByIDs loads the documents with the given ids, by id.
func (s *Documents) ByIDs(ctx context.Context, ids []int64) (map[int64]*model.Document, error) {
	out := make(map[int64]*model.Document, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []model.Document
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: documents by id: %w", err)
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}
