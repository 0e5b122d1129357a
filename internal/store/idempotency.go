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

// Find returns the user's record of key, or nil when there is none.
func (s *Idempotency) Find(ctx context.Context, userID int64, key string) (*model.IdempotencyKey, error) {
	var rec model.IdempotencyKey
	err := s.db.WithContext(ctx).Where("user_id = ? AND idempotency_key = ?", userID, key).Take(&rec).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read idempotency key: %w", err)
	}
	return &rec, nil
}

// Insert writes k unless the user already has a record with that key and reports whether it did. It
// belongs into the transaction of the write the key guards: on PostgreSQL an insert of the same key by a
// concurrent transaction makes it wait for that one's outcome (then it inserts, or finds the key taken).
func (s *Idempotency) Insert(ctx context.Context, k *model.IdempotencyKey) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}, {Name: "idempotency_key"}},
		DoNothing: true}).Create(k)
	if res.Error != nil {
		return false, fmt.Errorf("store: record idempotency key: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
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

// Release deletes a record, so that the key may be used again (an expired record, or a claim of an
// earlier version that never completed).
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
