package sessions

import (
	"context"
	"fmt"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// HistoryFieldCouncilDecision is the project history field of a statement of the Digitalrat.
const HistoryFieldCouncilDecision = "council_decision"

// recordDecision makes the decision of an agenda item that links a project a statement of the Digitalrat
// on that project, at the moment the decision text is set (PATCH of the item): a published comment of
// kind council_decision and a row of the project's public history (field council_decision, the earlier
// decision as old value). Setting the same text again writes nothing; a changed text is a new statement
// (the earlier one stays, the history shows the change). Decisions of confidential items and empty
// decisions are not published.
func (s *Service) recordDecision(ctx context.Context, tx *store.Store, u *model.User, se *model.Session, it *model.AgendaItem) error {
	if it.ProjectID == nil || it.Decision == "" || it.Confidential {
		return nil
	}
	last, err := tx.Minutes().LastDecision(ctx, it.ID, *it.ProjectID)
	if err != nil {
		return err
	}
	if last != nil && last.Decision == it.Decision {
		return nil
	}
	p, err := tx.Projects().ByID(ctx, *it.ProjectID)
	if err != nil {
		return err
	}
	now := s.timestamp()
	body := fmt.Sprintf("%s\n\n*Beschluss des Digitalrats, Sitzung „%s“ vom %s, Tagesordnungspunkt „%s“.*",
		it.Decision, se.Title, se.StartsAt.UTC().Format("02.01.2006"), it.Title)
	c := &model.Comment{ProjectID: p.ID, AuthorID: &u.ID, Body: body, BodyHTML: markdown.Render(body),
		Kind: model.CommentKindCouncilDecision, Channel: comments.ChannelOnline, Status: model.CommentPublished,
		CreatedAt: now, UpdatedAt: now}
	if err := tx.Comments().Create(ctx, c); err != nil {
		return err
	}
	old := ""
	if last != nil {
		old = last.Decision
	}
	if err := tx.Minutes().AddDecision(ctx, &model.CouncilDecision{ItemID: it.ID, ProjectID: p.ID, CommentID: &c.ID,
		Decision: it.Decision, CreatedAt: now}); err != nil {
		return err
	}
	if err := tx.Projects().AddChanges(ctx, []model.ProjectChange{{ProjectID: p.ID, UserID: &u.ID, Version: p.Version,
		Field: HistoryFieldCouncilDecision, OldValue: old, NewValue: it.Decision, CreatedAt: now}}); err != nil {
		return err
	}
	row, err := tx.Comments().Row(ctx, c.ID, u.ID)
	if err != nil {
		return err
	}
	return comments.AppendEvent(tx, c, p.Slug, comments.EventCreated, comments.NodeOf(row).View)
}
