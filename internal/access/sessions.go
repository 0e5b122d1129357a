package access

import (
	"math"

	"github.com/digitalrat/digitalrat/internal/model"
)

// CanSeeSession reports whether u may see a session of the given visibility at all: public sessions
// everyone, non-public ones council members, moderators, officials and admins. Everyone else gets a 404
// for a non-public session, never a 403: its existence is not revealed.
func CanSeeSession(u *model.User, visibility string) bool {
	return visibility == model.SessionPublic || CanSeeCouncilMatters(u)
}

// SessionAudience is the audience of the live events of a session of the given visibility (see
// InAudience): everyone who may follow the topic for public sessions, the council audience otherwise, so
// every event is checked against the visibility again on delivery and replay.
func SessionAudience(visibility string) string {
	if visibility == model.SessionPublic {
		return ""
	}
	return AudienceCouncil
}

// CanRunSession reports whether u may create, edit, start and close sessions, manage their agenda and
// speaker lists and mark attendance: verified moderators and admins.
func CanRunSession(u *model.User) bool { return IsVerified(u) && CanModerate(u) }

// CanTakePart reports whether u may check in and request to speak: verified council members.
func CanTakePart(u *model.User) bool { return IsVerified(u) && IsCouncil(u) }

// CanSeeSessionNotes reports whether u may read the moderator's notes of agenda items and the content
// of confidential items: council members, moderators, officials and admins.
func CanSeeSessionNotes(u *model.User) bool { return CanSeeCouncilMatters(u) }

// SessionPermissions are what u may do with one session.
type SessionPermissions struct {
	Edit           bool `json:"edit"`
	Start          bool `json:"start"`
	Close          bool `json:"close"`
	ManageAgenda   bool `json:"manage_agenda"`
	ManageSpeaker  bool `json:"manage_speakers"`
	MarkAttendance bool `json:"mark_attendance"`
	CheckIn        bool `json:"check_in"`
	RequestSpeech  bool `json:"request_speech"`
	// ModerateQuestions: see the pending public questions (and session.question_pending) and decide them.
	ModerateQuestions bool `json:"moderate_questions"`
}

// ForSession returns the permissions of u on a session in state.
func ForSession(u *model.User, state string) SessionPermissions {
	run := CanRunSession(u)
	open := state != model.SessionClosed
	live := state == model.SessionLive
	return SessionPermissions{
		Edit:              run && open,
		Start:             run && state == model.SessionScheduled,
		Close:             run && live,
		ManageAgenda:      run && open,
		ManageSpeaker:     run && live,
		MarkAttendance:    run && open,
		CheckIn:           CanTakePart(u) && open,
		RequestSpeech:     CanTakePart(u) && live,
		ModerateQuestions: run,
	}
}

// QuorumRequired is the number of members that must be present in a council of size for a quorum of
// fraction q: more than q × size, all of them for q = 1.
func QuorumRequired(size int, q float64) int {
	// The epsilon keeps fractions like 2/3 of 9 at 6 despite floating point.
	return min(int(math.Floor(float64(size)*q+1e-9))+1, size)
}
