// Package store holds every SQL query, one type per aggregate. Stores never open transactions: services do,
// through Store.Tx, and use the stores of the *Store it hands them.
package store

import (
	"context"

	"gorm.io/gorm"
)

// Store hands out the stores of one connection: the pool, or the transaction of Tx.
type Store struct{ db *gorm.DB }

// New returns the stores on db.
func New(db *gorm.DB) *Store { return &Store{db: db} }

// Tx runs fn in a transaction bound to ctx and gives it the stores of that transaction. The transaction
// commits when fn returns nil and rolls back otherwise.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(&Store{db: tx}) })
}

// Context is the context the store's transaction is bound to (context.Background outside Tx).
func (s *Store) Context() context.Context {
	if ctx := s.db.Statement.Context; ctx != nil {
		return ctx
	}
	return context.Background()
}

// Events is the live-event outbox; events.Append writes to it in the transaction of the change it
// announces.
func (s *Store) Events() *Events { return &Events{db: s.db} }

// Comments are the comments, their revisions and votes.
func (s *Store) Comments() *Comments { return &Comments{db: s.db} }

// Documents are the documents, their versions and blocks.
func (s *Store) Documents() *Documents { return &Documents{db: s.db} }

// Projects are the projects, their principles and history.
func (s *Store) Projects() *Projects { return &Projects{db: s.db} }

// Polls are the polls, options, voters, named ballots and eligibility snapshots.
func (s *Store) Polls() *Polls { return &Polls{db: s.db} }

// Supports are the supports of projects and their counter.
func (s *Store) Supports() *Supports { return &Supports{db: s.db} }

// Users are the user accounts.
func (s *Store) Users() *Users { return &Users{db: s.db} }

// Moderation are the flags, the moderation queue and the log.
func (s *Store) Moderation() *Moderation { return &Moderation{db: s.db} }

// Notifications are the notifications of users.
func (s *Store) Notifications() *Notifications { return &Notifications{db: s.db} }

// RefreshTokens are the refresh tokens of sessions.
func (s *Store) RefreshTokens() *RefreshTokens { return &RefreshTokens{db: s.db} }

// EmailTokens are the single-use mailed tokens.
func (s *Store) EmailTokens() *EmailTokens { return &EmailTokens{db: s.db} }

// Mails is the mail outbox.
func (s *Store) Mails() *Mails { return &Mails{db: s.db} }

// Erasure deletes accounts and exports a user's data.
func (s *Store) Erasure() *Erasure { return &Erasure{db: s.db} }

// Idempotency are the Idempotency-Key records.
func (s *Store) Idempotency() *Idempotency { return &Idempotency{db: s.db} }

// Stats are the aggregate figures of participation.
func (s *Store) Stats() *Stats { return &Stats{db: s.db} }

// Evaluations are the evaluation cycles, evaluations and their scores.
func (s *Store) Evaluations() *Evaluations { return &Evaluations{db: s.db} }
