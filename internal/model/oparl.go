package model

import "time"

// OParl kinds of deleted objects (table oparl_deleted, written by the triggers of migration 00021).
const (
	OParlDeletedMeeting = "meeting"
	OParlDeletedFile    = "file"
	OParlDeletedPerson  = "person"
)

// OParlDeleted is an OParl main object that was served once and is gone: a session made non-public (its
// Meeting and the Files of its minutes) or a council member who no longer appears (Person).
type OParlDeleted struct {
	Kind      string
	ObjectID  int64
	CreatedAt time.Time
	DeletedAt time.Time
}

// TableName is the table of the deleted OParl objects.
func (OParlDeleted) TableName() string { return "oparl_deleted" }
