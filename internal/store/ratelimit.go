package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// RateLimits stores the budgets of the shared rate limiter (table rate_limits). Times are microseconds
// since the Unix epoch; the arithmetic of the generic cell rate algorithm is done in SQL so that the
// decision is one atomic statement, whichever instance makes it.
type RateLimits struct{ db *gorm.DB }

// NewRateLimits returns the rate-limit store on db.
func NewRateLimits(db *gorm.DB) *RateLimits { return &RateLimits{db: db} }

// greatest is the two-argument maximum of the dialect.
func (s *RateLimits) greatest() string {
	if s.db.Dialector.Name() == "sqlite" {
		return "max" // SQLite's scalar max(a, b); it has no GREATEST
	}
	return "GREATEST"
}

// Take spends one unit of the budget of (rule, key) at now, where a unit refills every `every` and at
// most `burst` units are available at once (all in microseconds). It reports whether the unit was granted.
//
// The row holds tat, the time at which the budget is full again. A take is allowed when, after it, the
// budget would still not reach further than burst units ahead of now; then tat moves on by one unit. The
// INSERT … ON CONFLICT DO UPDATE … WHERE locks the row, evaluates the condition against its latest
// version and writes in one statement, so concurrent takes from any number of instances never grant
// more than the budget. A refused take updates nothing and returns no row.
func (s *RateLimits) Take(ctx context.Context, rule, key string, now, every, burst int64) (bool, error) {
	g := s.greatest()
	// The casts type the parameters for PostgreSQL, which cannot infer them in "$1 + $2".
	tat, err := scanInts(s.db.WithContext(ctx).Raw(`INSERT INTO rate_limits (rule, key, tat)
		VALUES (@rule, @key, CAST(@now AS BIGINT) + CAST(@every AS BIGINT))
		ON CONFLICT (rule, key) DO UPDATE SET tat = `+g+`(rate_limits.tat, CAST(@now AS BIGINT)) + CAST(@every AS BIGINT)
		WHERE `+g+`(rate_limits.tat, CAST(@now AS BIGINT)) + CAST(@every AS BIGINT) - CAST(@span AS BIGINT) <= CAST(@now AS BIGINT)
		RETURNING tat`,
		map[string]any{"rule": rule, "key": key, "now": now, "every": every, "span": every * burst}).Rows())
	if err != nil {
		return false, fmt.Errorf("store: take rate limit: %w", err)
	}
	return len(tat) == 1, nil
}

// FullAt returns the tat of (rule, key): the time at which its budget is full again, or 0 without a row.
// It only serves the Retry-After hint of a refused take; the decision itself was made by Take.
func (s *RateLimits) FullAt(ctx context.Context, rule, key string) (int64, error) {
	var tat []int64
	err := s.db.WithContext(ctx).Raw(`SELECT tat FROM rate_limits WHERE rule = ? AND key = ?`, rule, key).Scan(&tat).Error
	if err != nil {
		return 0, fmt.Errorf("store: read rate limit: %w", err)
	}
	if len(tat) == 0 {
		return 0, nil
	}
	return tat[0], nil
}

// DeleteFull removes the rows whose budget is full again at now (tat not after now): such a row behaves
// exactly like a missing one. It returns how many were deleted.
func (s *RateLimits) DeleteFull(ctx context.Context, now int64) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM rate_limits WHERE tat <= CAST(? AS BIGINT)`, now)
	if res.Error != nil {
		return 0, fmt.Errorf("store: delete full rate limits: %w", res.Error)
	}
	return res.RowsAffected, nil
}
