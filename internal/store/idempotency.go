package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Idempotency stores the Idempotency-Key records of create requests.
type Idempotency struct{ db *gorm.DB }

// Claim inserts k unless the user already has a record with that key. It reports whether k was inserted;
// otherwise it returns the existing record. A record created before expired, or still incomplete and
// created before abandoned (its request died with its process), is replaced as if it did not exist.
func (s *Idempotency) Claim(ctx context.Context, k *model.IdempotencyKey, expired, abandoned time.Time) (bool, *model.IdempotencyKey, error) {
	db := s.db.WithContext(ctx)
	for range 2 {
		res := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}, {Name: "idempotency_key"}},
			DoNothing: true}).Create(k)
		if res.Error != nil {
			return false, nil, fmt.Errorf("store: claim idempotency key: %w", res.Error)
		}
		if res.RowsAffected == 1 {
			return true, nil, nil
		}
		k.ID = 0
		var old model.IdempotencyKey
		err := db.Where("user_id = ? AND idempotency_key = ?", k.UserID, k.IdempotencyKey).First(&old).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue // released meanwhile
		}
		if err != nil {
			return false, nil, fmt.Errorf("store: read idempotency key: %w", err)
		}
		if !old.CreatedAt.Before(expired) && (old.CompletedAt != nil || !old.CreatedAt.Before(abandoned)) {
			return false, &old, nil
		}
		if err := db.Where("id = ?", old.ID).Delete(&model.IdempotencyKey{}).Error; err != nil {
			return false, nil, fmt.Errorf("store: drop expired idempotency key: %w", err)
		}
	}
	return false, nil, fmt.Errorf("store: claim idempotency key: %w", gorm.ErrDuplicatedKey)
}

// Complete stores the response of the request that claimed the record.
func (s *Idempotency) Complete(ctx context.Context, id int64, status int, body string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.IdempotencyKey{}).Where("id = ?", id).
		Updates(map[string]any{"response_status": status, "response_body": body, "completed_at": at}).Error
	if err != nil {
		return fmt.Errorf("store: complete idempotency key: %w", err)
	}
	return nil
}

// Release deletes a record, so that the key may be used again (after a failed request).
func (s *Idempotency) Release(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Where("id = ?", id).Delete(&model.IdempotencyKey{}).Error; err != nil {
		return fmt.Errorf("store: release idempotency key: %w", err)
	}
	return nil
}

// DeleteOlderThan removes records created before t and returns how many.
func (s *Idempotency) DeleteOlderThan(ctx context.Context, t time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", t).Delete(&model.IdempotencyKey{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: delete old idempotency keys: %w", res.Error)
	}
	return res.RowsAffected, nil
}
