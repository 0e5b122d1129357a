package access

import (
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// The permissions objects below travel with API resources (`permissions`), so that clients show only
// what the current user may do instead of re-deriving the rules. The server checks every request again.

// UserPermissions are what a user may do beyond a single resource (on GET /me).
type UserPermissions struct {
	CreateProject   bool `json:"create_project"`
	Moderate        bool `json:"moderate"`
	AnswerQuestions bool `json:"answer_questions"`
	AdministerUsers bool `json:"administer_users"`
}

// ForUser returns the permissions of u.
func ForUser(u *model.User) UserPermissions {
	return UserPermissions{
		CreateProject:   CanCreateProject(u),
		Moderate:        IsVerified(u) && CanModerate(u),
		AnswerQuestions: IsVerified(u) && IsOfficial(u),
		AdministerUsers: IsAdmin(u),
	}
}

// ProjectPermissions are what u may do with one project.
type ProjectPermissions struct {
	Edit               bool `json:"edit"`
	AddDocument        bool `json:"add_document"`
	RecordContribution bool `json:"record_contribution"`
	Comment            bool `json:"comment"`
	Support            bool `json:"support"`
	CreatePoll         bool `json:"create_poll"`
	ManageKPIs         bool `json:"manage_kpis"` // create KPIs and record measurements
}

// ForProject returns the permissions of u on a project owned by ownerUnit.
func ForProject(u *model.User, ownerUnit string, commentsOpen bool) ProjectPermissions {
	manage := IsVerified(u) && CanManageProject(u, ownerUnit)
	return ProjectPermissions{Edit: manage, AddDocument: manage, RecordContribution: manage,
		Comment: IsVerified(u) && commentsOpen, Support: CanSupport(u),
		CreatePoll: CanManagePoll(u, ownerUnit), ManageKPIs: CanManageKPIs(u, ownerUnit)}
}

// DocumentPermissions are what u may do with one document.
type DocumentPermissions struct {
	AddVersion bool `json:"add_version"`
}

// ForDocument returns the permissions of u on a document of a project owned by ownerUnit.
func ForDocument(u *model.User, ownerUnit string) DocumentPermissions {
	return DocumentPermissions{AddVersion: IsVerified(u) && CanManageProject(u, ownerUnit)}
}

// CommentPermissions are what u may do with one comment.
type CommentPermissions struct {
	Edit     bool `json:"edit"`
	Delete   bool `json:"delete"`
	Vote     bool `json:"vote"`
	Flag     bool `json:"flag"`
	Appeal   bool `json:"appeal"`
	Respond  bool `json:"respond"`
	Take     bool `json:"take"`
	Moderate bool `json:"moderate"`
}

// CommentFacts are what the comment rules look at.
type CommentFacts struct {
	AuthorID       *int64
	Status         string // published, pending, hidden, removed
	Deleted        bool
	Kind           string // comment, question, official_response, council_decision
	QuestionStatus string // questions: open, in_progress, answered
	CreatedAt      time.Time
	OwnerUnit      string // of the comment's project
}

// ForComment returns the permissions of u on a comment, at now, with the authors' edit window.
func ForComment(u *model.User, f CommentFacts, now time.Time, editWindow time.Duration) CommentPermissions {
	if !IsVerified(u) {
		return CommentPermissions{}
	}
	own := IsAuthor(u, f.AuthorID)
	live := !f.Deleted && f.Status != model.CommentHidden && f.Status != model.CommentRemoved
	published := live && f.Status == model.CommentPublished
	manage := CanManageProject(u, f.OwnerUnit)
	statement := f.Kind == model.CommentKindCouncilDecision // changes only through a new decision
	return CommentPermissions{
		Edit:     own && live && now.Sub(f.CreatedAt) <= editWindow && !statement,
		Delete:   own && !f.Deleted && !statement,
		Vote:     published && !own,
		Flag:     published && !own,
		Appeal:   own && f.Status == model.CommentHidden,
		Respond:  published && manage && f.Kind != "official_response" && f.Kind != model.CommentKindCouncilDecision,
		Take:     published && manage && f.Kind == "question" && f.QuestionStatus == "open",
		Moderate: CanModerate(u),
	}
}
