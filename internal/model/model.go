// Package model holds the rows of the database as GORM structs. It has no behaviour beyond small helpers.
package model

import (
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is one role a user may hold (DESIGN §2).
type Role string

// Roles a user may hold. The constants are untyped so that they serve as Role and as string.
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
	Roles            RoleSet
	Affiliation      string
	Department       string
	OparlConsent     bool // agreed to appear as an OParl Person (council members)
	EmailVerifiedAt  *time.Time
	DisabledAt       *time.Time
	TokensValidAfter time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// HasRole reports whether the user holds role r.
func (u *User) HasRole(r Role) bool { return u != nil && u.Roles.Has(r) }

// RoleList returns the roles of the user in canonical order.
func (u *User) RoleList() []string { return u.Roles.Strings() }

// RoleSet is a set of roles. It is stored comma-joined in one column, in the order of AllRoles, so that
// equal sets have equal stored forms.
type RoleSet struct{ set nameSet }

// NewRoleSet returns the set of the known roles among names.
func NewRoleSet(names ...string) RoleSet { return RoleSet{newNameSet(AllRoles, names)} }

// Has reports whether the set holds r.
func (s RoleSet) Has(r Role) bool { return s.set.has(string(r)) }

// Strings returns the roles in canonical order.
func (s RoleSet) Strings() []string { return s.set.strings() }

// String is the stored form ("resident,admin").
func (s RoleSet) String() string { return s.set.String() }

// Equal reports whether both sets hold the same roles.
func (s RoleSet) Equal(o RoleSet) bool { return s.String() == o.String() }

// Scan reads the stored form.
func (s *RoleSet) Scan(v any) error { return s.set.scan(AllRoles, v) }

// Value writes the stored form.
func (s RoleSet) Value() (driver.Value, error) { return s.String(), nil }

// JoinRoles normalises a role set into the stored form (deduplicated, in the order of AllRoles).
func JoinRoles(roles []string) string { return NewRoleSet(roles...).String() }

// nameSet is a set of names out of a fixed vocabulary, kept in the vocabulary's order.
type nameSet struct{ names []string }

func newNameSet(vocabulary, names []string) nameSet {
	out := make([]string, 0, len(names))
	for _, v := range vocabulary {
		if slices.Contains(names, v) {
			out = append(out, v)
		}
	}
	return nameSet{out}
}

func (n nameSet) has(name string) bool { return slices.Contains(n.names, name) }

func (n nameSet) strings() []string { return append([]string{}, n.names...) }

func (n nameSet) String() string { return strings.Join(n.names, ",") }

func (n *nameSet) scan(vocabulary []string, v any) error {
	var raw string
	switch x := v.(type) {
	case nil:
	case string:
		raw = x
	case []byte:
		raw = string(x)
	default:
		return fmt.Errorf("model: cannot scan %T into a set", v)
	}
	if raw == "" {
		*n = nameSet{names: []string{}}
		return nil
	}
	*n = newNameSet(vocabulary, strings.Split(raw, ","))
	return nil
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
	Principles    PrincipleSet // mirrored in project_principles for filtering
	ExpectedReach int64
	Effort        int
	BudgetEUR     *int64 `gorm:"column:budget_eur"`
	StartDate     string
	EndDate       string
	LotseName     string
	LotseEmail    string
	CommentsOpen  bool
	PreModeration bool
	PriorityScore int64 // the base of the priority: expected reach ÷ effort
	// PriorityTotal is the priority score with supports and evaluations; computed by the store's queries
	// (never written), zero where a query does not compute it.
	PriorityTotal int64 `gorm:"->;-:migration"`
	SupportCount  int64 // kept by internal/store.Supports in the transaction of each support
	Version       int
	CreatedBy     *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// CommentCount is the number of published, undeleted comments on the project and its documents. It is
	// not a column: reads fill it with one grouped query per page (store.Comments.CountByProject).
	CommentCount int `gorm:"-"`
}

// ProjectSupport is one user's support of a project (one per user and project).
type ProjectSupport struct {
	ProjectID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt time.Time
}

// PrincipleList returns the principles of the project in canonical order.
func (p *Project) PrincipleList() []string { return p.Principles.Strings() }

// PrincipleSet is a set of principles, stored comma-joined in the order of Principles.
type PrincipleSet struct{ set nameSet }

// NewPrincipleSet returns the set of the known principles among names.
func NewPrincipleSet(names ...string) PrincipleSet {
	return PrincipleSet{newNameSet(Principles, names)}
}

// Has reports whether the set holds principle p.
func (s PrincipleSet) Has(p string) bool { return s.set.has(p) }

// Strings returns the principles in canonical order.
func (s PrincipleSet) Strings() []string { return s.set.strings() }

// String is the stored form.
func (s PrincipleSet) String() string { return s.set.String() }

// Equal reports whether both sets hold the same principles.
func (s PrincipleSet) Equal(o PrincipleSet) bool { return s.String() == o.String() }

// Scan reads the stored form.
func (s *PrincipleSet) Scan(v any) error { return s.set.scan(Principles, v) }

// Value writes the stored form.
func (s PrincipleSet) Value() (driver.Value, error) { return s.String(), nil }

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
	Subject   string // '' or what the payload shows (comment:<id>, queue:<id>), so a change can scrub it
	Payload   string
	CreatedAt time.Time
}

// Comment kinds, stances, channels and statuses.
var (
	CommentKinds    = []string{"comment", "question", "official_response", CommentKindCouncilDecision}
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
	Resource       string // what the write created (comment:<id>, project:<slug>, document:<id>); '' for claims of old versions
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

// Poll kinds, audiences, secrecy, result modes and states.
const (
	PollYesNoAbstain  = "yes_no_abstain"
	PollSingleChoice  = "single_choice"
	PollMultiChoice   = "multiple_choice"
	PollPublic        = "public"
	PollCouncil       = "council"
	PollSecret        = "secret"
	PollNamed         = "named"
	PollResultsLive   = "live"
	PollResultsClosed = "after_close"
	PollDraft         = "draft"
	PollOpen          = "open"
	PollClosed        = "closed"
)

// Poll is a poll on a subject (a project; agenda items later). BallotCount and the options' VoteCount
// are counters moved by each ballot; secret polls keep nothing else of a ballot.
type Poll struct {
	ID            int64
	SubjectType   string
	SubjectID     int64
	Question      string
	Kind          string
	Audience      string
	Secrecy       string
	Results       string
	Quorum        *int
	MaxChoices    int
	State         string
	BallotCount   int64
	EligibleCount *int
	// SessionQuorumRequired: agenda item polls, the members the session's quorum required at the opening.
	SessionQuorumRequired *int
	Version               int
	CreatedBy             *int64
	CreatedAt             time.Time
	UpdatedAt             time.Time
	OpenedAt              *time.Time
	ClosedAt              *time.Time
}

// PollOption is one answer of a poll with its counter.
type PollOption struct {
	ID        int64
	PollID    int64
	Position  int
	Label     string
	VoteCount int64
}
