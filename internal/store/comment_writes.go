package store

import (
	"context"

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
