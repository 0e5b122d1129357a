// Package model holds the rows of the database as GORM structs. It has no behaviour beyond small helpers.
package model

import (
	"slices"
	"strings"
	"time"
)

// Roles a user may hold.
const (
	RoleResident  = "resident"
	RoleCouncil   = "council"
	RoleModerator = "moderator"
	RoleOfficial  = "official"
	RoleAdmin     = "admin"
)

// AllRoles lists every role in the order of DESIGN §2.
var AllRoles = []string{RoleResident, RoleCouncil, RoleModerator, RoleOfficial, RoleAdmin}

// Affiliations of council members.
var Affiliations = []string{"politics", "science", "business", "civil_society"}

// User is an account.
type User struct {
	ID               int64
	Email            string
	DisplayName      string
	PasswordHash     string
	Roles            string // comma-separated, sorted; see RoleList
	Affiliation      string
	Department       string
	EmailVerifiedAt  *time.Time
	DisabledAt       *time.Time
	TokensValidAfter time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// RoleList returns the roles of the user.
func (u *User) RoleList() []string {
	if u.Roles == "" {
		return []string{}
	}
	return strings.Split(u.Roles, ",")
}

// HasRole reports whether the user holds role r.
func (u *User) HasRole(r string) bool { return u != nil && slices.Contains(u.RoleList(), r) }

// JoinRoles normalises a role set into the stored form (deduplicated, in the order of AllRoles).
func JoinRoles(roles []string) string {
	out := make([]string, 0, len(roles))
	for _, r := range AllRoles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return strings.Join(out, ",")
}

// RefreshToken is one opaque refresh token, stored as a hash. Tokens of one login form a family.
type RefreshToken struct {
	ID        int64
	UserID    int64
	FamilyID  string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time // set when rotated; presenting it again revokes the family
	RevokedAt *time.Time
}

// Email token purposes.
const (
	PurposeVerify = "verify"
	PurposeReset  = "reset"
)

// EmailToken is a single-use token sent by mail (verification or password reset).
type EmailToken struct {
	ID        int64
	UserID    int64
	Purpose   string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// Mail is a message in the outbox, sent over SMTP when configured.
type Mail struct {
	ID        int64
	ToAddr    string
	Subject   string
	Body      string
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
}

// TableName keeps the outbox name explicit.
func (Mail) TableName() string { return "mail_outbox" }

// Project statuses.
var ProjectStatuses = []string{"idea", "planned", "in_progress", "pilot", "done", "paused", "cancelled"}

// Principles of the digital strategy.
var Principles = []string{"citizen_centred", "efficiency", "inclusion", "once_only", "transparency"}

// Project is a digital project (Vorhaben).
type Project struct {
	ID            int64
	Slug          string
	Title         string
	Summary       string
	Description   string
	PlainSummary  string
	Status        string
	OwnerUnit     string
	Principles    string // comma-separated, in the order of Principles; mirrored in project_principles
	ExpectedReach int64
	Effort        int
	BudgetEUR     *int64 `gorm:"column:budget_eur"`
	StartDate     string
	EndDate       string
	LotseName     string
	LotseEmail    string
	CommentsOpen  bool
	PreModeration bool
	PriorityScore int64
	Version       int
	CreatedBy     *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// PrincipleList returns the principles of the project.
func (p *Project) PrincipleList() []string {
	if p.Principles == "" {
		return []string{}
	}
	return strings.Split(p.Principles, ",")
}

// ProjectPrinciple mirrors one principle of a project for filtering.
type ProjectPrinciple struct {
	ProjectID int64  `gorm:"primaryKey;autoIncrement:false"`
	Principle string `gorm:"primaryKey"`
}

// ProjectChange is one changed field in the public history of a project.
type ProjectChange struct {
	ID        int64
	ProjectID int64
	UserID    *int64
	Version   int
	Field     string
	OldValue  string
	NewValue  string
	CreatedAt time.Time
}

// TableName is the history table.
func (ProjectChange) TableName() string { return "project_history" }

// Document kinds.
var DocumentKinds = []string{"concept", "specification", "report", "evaluation"}

// Document is a versioned Markdown document of a project. Version is the number of its newest version.
type Document struct {
	ID        int64
	ProjectID int64
	Kind      string
	Title     string
	Version   int
	CreatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DocumentVersion is one immutable version of a document.
type DocumentVersion struct {
	ID         int64
	DocumentID int64
	Number     int
	Markdown   string
	ChangeNote string
	CreatedBy  *int64
	CreatedAt  time.Time
}

// DocumentBlock is one rendered block (paragraph, heading, list item, quote, code) of a version.
// BlockID stays the same across versions while the block's text does not change.
type DocumentBlock struct {
	ID        int64
	VersionID int64
	Position  int
	BlockID   string
	Kind      string
	TextHash  string
	HTML      string `gorm:"column:html"`
}

// Event is a row of the live-event outbox, written in the same transaction as the change it announces.
type Event struct {
	ID        int64
	Topic     string
	Type      string
	Audience  string // '' or a comma-separated list of moderators, council, user:<id>; see internal/events
	Payload   string
	CreatedAt time.Time
}

// Comment kinds, stances, channels and statuses.
var (
	CommentKinds    = []string{"comment", "question", "official_response"}
	CommentStances  = []string{"pro", "contra", "neutral"}
	CommentChannels = []string{"online", "letter", "phone", "in_person"}
	CommentStatuses = []string{"published", "pending", "hidden", "removed"}
)

// Comment statuses and the question statuses of comments of kind question.
const (
	CommentPublished = "published"
	CommentPending   = "pending"
	CommentHidden    = "hidden"
	CommentRemoved   = "removed"

	QuestionOpen       = "open"
	QuestionInProgress = "in_progress"
	QuestionAnswered   = "answered"
)

// Comment is a comment on a project or on a block of a document version. Depth is 0 for top-level
// comments; a reply has its parent's project, document, version and block.
type Comment struct {
	ID              int64
	ProjectID       int64
	DocumentID      *int64
	DocumentVersion *int
	BlockID         *string
	ParentID        *int64
	Depth           int
	AuthorID        *int64
	Body            string
	BodyHTML        string `gorm:"column:body_html"`
	Stance          *string
	Kind            string
	Channel         string
	SubmitterName   string
	Status          string
	EditedAt        *time.Time
	DeletedAt       *time.Time // set when the author deleted it; the row stays as a tombstone
	UpCount         int
	DownCount       int
	ReplyCount      int
	HiddenReason    *string // set while hidden or removed: a reason category
	Department      *string // the department of an official response
	QuestionStatus  *string // open, in_progress, answered for questions; nil otherwise
	TakenBy         *int64  // the official who took a question
	TakenAt         *time.Time
	FirstResponseAt *time.Time // the first official response to a question
	AppealedAt      *time.Time // when the author asked for a review of the moderation
	ReceivedAt      *string    // the date (YYYY-MM-DD) an analogue contribution was received
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// CommentRevision is an earlier text of a comment, kept when it was edited or deleted.
type CommentRevision struct {
	ID        int64
	CommentID int64
	Body      string
	EditorID  *int64
	CreatedAt time.Time
}

// CommentVote is one user's vote on a comment: 1 or -1.
type CommentVote struct {
	CommentID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	Value     int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IdempotencyKey records a create request sent with an Idempotency-Key header and, once it succeeded,
// its response, so that a retry gets the same answer.
type IdempotencyKey struct {
	ID             int64
	UserID         int64
	IdempotencyKey string
	Method         string
	Route          string
	RequestHash    string
	ResponseStatus int
	ResponseBody   string
	CreatedAt      time.Time
	CompletedAt    *time.Time
}

// CommentFlag is one user's flag on a comment; ResolvedAt is set once a moderator decided.
type CommentFlag struct {
	ID         int64
	CommentID  int64
	UserID     int64
	Reason     string
	Text       string
	CreatedAt  time.Time
	ResolvedAt *time.Time
}

// QueueEntry is a comment waiting in the moderation queue: pending, flagged or appealed.
type QueueEntry struct {
	ID        int64
	CommentID int64
	Reason    string
	CreatedAt time.Time
}

// TableName is the queue table.
func (QueueEntry) TableName() string { return "moderation_queue" }

// ModerationAction is one entry of the public moderation log.
type ModerationAction struct {
	ID        int64
	CommentID int64
	Action    string
	Reason    *string
	Note      string
	ActorID   *int64
	ActorRole string
	CreatedAt time.Time
}

// Notification is a message to one user, shown in the app and pushed live on user:<id>.
type Notification struct {
	ID          int64
	UserID      int64
	Type        string
	CommentID   *int64
	ProjectSlug string
	Reason      *string
	CreatedAt   time.Time
	ReadAt      *time.Time
}
