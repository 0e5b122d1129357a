package store

import (
	"context"
	"database/sql"

	"github.com/digitalrat/digitalrat/internal/model"
)

// ForComment loads what writing a comment needs of the project slug (id, slug, owner unit, whether
// comments are open, whether they are pre-moderated) and nothing else: a project's description and its
// HTML are most of its row. apperr.ErrNotFound when there is none.
func (s *Projects) ForComment(ctx context.Context, slug string) (*model.Project, error) {
	var p model.Project
	if err := s.db.WithContext(ctx).Select("id", "slug", "owner_unit", "comments_open", "pre_moderation").
		Where("slug = ?", slug).Take(&p).Error; err != nil {
		return nil, notFound("project", err)
	}
	return &p, nil
}

// scanInts reads the single integer column of rows (from gorm's Rows). The hot statements of a write
// scan this way instead of through gorm's Scan, which formats every statement with its values for a
// trace recorder even when nothing logs (a tenth of the CPU of a comment write's statements).
func scanInts(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
