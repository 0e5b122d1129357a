// Package supports holds the supports of projects: a verified user supports a project at most once, and
// the project's support_count feeds lists, sorting and prioritisation.
package supports

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// EventSupports announces a project's new support count on project:<slug>.
const EventSupports = "project.supports"

// Service is the supports service.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the supports service.
func New(st *store.Store, now func() time.Time) *Service { return &Service{st: st, now: now} }

// countData is the data of project.supports.
type countData struct {
	Slug         string `json:"slug"`
	SupportCount int64  `json:"support_count"`
}

// Support records that u supports the project. Repeating it changes nothing (and writes no event).
func (s *Service) Support(ctx context.Context, u *model.User, slug string) error {
	return s.set(ctx, u, slug, true)
}

// Withdraw takes u's support of the project back; without one it changes nothing.
func (s *Service) Withdraw(ctx context.Context, u *model.User, slug string) error {
	return s.set(ctx, u, slug, false)
}

func (s *Service) set(ctx context.Context, u *model.User, slug string, support bool) error {
	if err := access.CheckSupport(u); err != nil {
		return err
	}
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return err
	}
	at := s.now().UTC().Truncate(time.Microsecond)
	return s.st.Tx(ctx, func(tx *store.Store) error {
		var changed bool
		var count int64
		var err error
		if support {
			changed, count, err = tx.Supports().Add(ctx, p.ID, u.ID, at)
		} else {
			changed, count, err = tx.Supports().Remove(ctx, p.ID, u.ID)
		}
		if err != nil || !changed {
			return err
		}
		_, err = events.Append(tx, "project:"+p.Slug, EventSupports, countData{Slug: p.Slug, SupportCount: count})
		return err
	})
}

// SupportedBy returns which of the projects u supports (none for anonymous visitors), in one query.
func (s *Service) SupportedBy(ctx context.Context, u *model.User, projectIDs []int64) (map[int64]bool, error) {
	if u == nil {
		return map[int64]bool{}, nil
	}
	return s.st.Supports().SupportedBy(ctx, u.ID, projectIDs)
}

// WithdrawAll takes back every support of a user in tx (an account deletion), with a project.supports
// event for each project, so that open pages show the new count.
func WithdrawAll(ctx context.Context, tx *store.Store, userID int64) error {
	projects, err := tx.Supports().OfUser(ctx, userID)
	if err != nil {
		return err
	}
	for _, p := range projects {
		removed, count, err := tx.Supports().Remove(ctx, p.ID, userID)
		if err != nil {
			return err
		}
		if removed {
			if _, err := events.Append(tx, "project:"+p.Slug, EventSupports, countData{Slug: p.Slug, SupportCount: count}); err != nil {
				return err
			}
		}
	}
	return nil
}
