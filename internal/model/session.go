package model

import "time"

// Session visibilities, states, agenda item states, speaker kinds and speaker states.
const (
	SessionPublic    = "public"
	SessionNonPublic = "non_public"

	SessionScheduled = "scheduled"
	SessionLive      = "live"
	SessionClosed    = "closed"

	ItemOpen         = "open"
	ItemInDiscussion = "in_discussion"
	ItemDone         = "done"

	SpeechNormal       = "speech"
	SpeechPro          = "pro"
	SpeechContra       = "contra"
	SpeechPointOfOrder = "point_of_order"

	SpeakerWaiting   = "waiting"
	SpeakerSpeaking  = "speaking"
	SpeakerDone      = "done"
	SpeakerWithdrawn = "withdrawn"
)

// Session is a session of the Digitalrat. Quorum is the fraction of the council that must be present:
// more than Quorum × council size (all of it for 1).
type Session struct {
	ID                  int64
	Title               string
	Description         string
	StartsAt            time.Time
	Location            string
	OnlineURL           string
	Visibility          string
	Quorum              float64
	SpeakingTimeSeconds int
	State               string
	Version             int
	CreatedBy           *int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
	StartedAt           *time.Time
	ClosedAt            *time.Time
}

// AgendaItem is one item of a session's agenda; SpeakersVersion counts the changes of its speaker list.
type AgendaItem struct {
	ID                  int64
	SessionID           int64
	Position            int
	Title               string
	Description         string
	ProjectID           *int64
	DocumentID          *int64 // a document (of ProjectID's project when both are set)
	Confidential        bool
	State               string
	SpeakingTimeSeconds *int // nil: the session's
	Notes               string
	Decision            string
	SpeakersVersion     int
	Version             int
	CreatedAt           time.Time
	UpdatedAt           time.Time
	StartedAt           *time.Time
	EndedAt             *time.Time
}

// Attendance is a council member present in a session (MarkedBy: the moderator who marked them).
type Attendance struct {
	SessionID   int64
	UserID      int64
	CheckedInAt time.Time
	MarkedBy    *int64
}

// TableName is the attendance table.
func (Attendance) TableName() string { return "session_attendance" }

// Speaker is an entry of an agenda item's speaker list (UserID nil: the account was deleted).
type Speaker struct {
	ID          int64
	SessionID   int64
	ItemID      int64
	UserID      *int64
	Kind        string
	State       string
	RequestedAt time.Time
	StartedAt   *time.Time
	EndedAt     *time.Time
}

// TableName is the speaker table.
func (Speaker) TableName() string { return "session_speakers" }

// Question states: pending until a moderator approves or rejects it.
const (
	QuestionPending  = "pending"
	QuestionApproved = "approved"
	QuestionRejected = "rejected"
)

// Question is a public question of a resident to a public session (UserID nil: the account was deleted).
type Question struct {
	ID         int64
	SessionID  int64
	UserID     *int64
	Body       string
	State      string
	CreatedAt  time.Time
	DecidedAt  *time.Time
	DecidedBy  *int64
	AnsweredAt *time.Time
}

// TableName is the question table.
func (Question) TableName() string { return "session_questions" }
