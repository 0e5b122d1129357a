package model

import "time"

// CommentKindCouncilDecision is the kind of a statement of the Digitalrat on a project: the decision of
// an agenda item that links the project (written by the sessions service, never by a client).
const CommentKindCouncilDecision = "council_decision"

// MinutesDraft is the editable draft of a session's minutes: Sections is JSON (see sessions.Section).
type MinutesDraft struct {
	SessionID int64 `gorm:"primaryKey;autoIncrement:false"`
	Version   int
	Sections  string
	UpdatedBy *int64
	UpdatedAt time.Time
}

// TableName is the drafts table.
func (MinutesDraft) TableName() string { return "session_minutes_drafts" }

// MinutesVersion is one published version of a session's minutes; it never changes.
type MinutesVersion struct {
	ID               int64
	SessionID        int64
	Number           int
	PublicMarkdown   string
	PublicHTML       string `gorm:"column:public_html"`
	InternalMarkdown string
	InternalHTML     string `gorm:"column:internal_html"`
	PublishedBy      *int64
	PublishedAt      time.Time
}

// TableName is the versions table.
func (MinutesVersion) TableName() string { return "session_minutes_versions" }

// CouncilDecision records the statement (a council_decision comment) written for a decision text of an
// agenda item on its project.
type CouncilDecision struct {
	ID        int64
	ItemID    int64
	ProjectID int64
	CommentID *int64
	Decision  string
	CreatedAt time.Time
}
