package access

import "github.com/digitalrat/digitalrat/internal/model"

// PollManagers is the route rule of poll writes: verified officials, moderators and admins; the owning
// department of an official is checked by the service (CanManagePoll).
var PollManagers = Rule{Name: "poll_managers", check: func(u *model.User) error {
	if err := verified(u); err != nil {
		return err
	}
	if !IsOfficial(u) && !CanModerate(u) {
		return ErrForbidden
	}
	return nil
}}

// CanManagePoll reports whether u may create, edit, open and close polls on a project owned by
// ownerUnit: officials of the owning department, moderators and admins.
func CanManagePoll(u *model.User, ownerUnit string) bool {
	return IsVerified(u) && (CanManageProject(u, ownerUnit) || CanModerate(u))
}

// CanSeePoll reports whether u may see a poll in state: drafts only those who manage it.
func CanSeePoll(u *model.User, ownerUnit, state string) bool {
	return state != model.PollDraft || CanManagePoll(u, ownerUnit)
}

// InPollAudience reports whether u belongs to a poll's audience: public polls every verified account,
// council polls verified council members (who must also be in the poll's snapshot, see CanVote).
func InPollAudience(u *model.User, audience string) bool {
	if !IsVerified(u) {
		return false
	}
	return audience == model.PollPublic || IsCouncil(u)
}

// CanVote reports whether u may cast a ballot: in the audience and, for council polls, in the snapshot
// of members taken when the poll opened.
func CanVote(u *model.User, audience string, inSnapshot bool) bool {
	return InPollAudience(u, audience) && (audience == model.PollPublic || inSnapshot)
}

// PollPermissions are what u may do with one poll.
type PollPermissions struct {
	Edit  bool `json:"edit"`
	Open  bool `json:"open"`
	Close bool `json:"close"`
	Vote  bool `json:"vote"`
}

// PollFacts are what the poll rules look at.
type PollFacts struct {
	OwnerUnit  string // of the subject's project
	Audience   string
	State      string
	InSnapshot bool // u is in the council snapshot
	Voted      bool // u voted already
}

// ForPoll returns the permissions of u on a poll.
func ForPoll(u *model.User, f PollFacts) PollPermissions {
	manage := CanManagePoll(u, f.OwnerUnit)
	return PollPermissions{
		Edit:  manage && f.State == model.PollDraft,
		Open:  manage && f.State == model.PollDraft,
		Close: manage && f.State == model.PollOpen,
		Vote:  f.State == model.PollOpen && !f.Voted && CanVote(u, f.Audience, f.InSnapshot),
	}
}
