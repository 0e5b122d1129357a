// Package projects holds projects (Vorhaben), their public change history and their versioned documents.
package projects

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Service is the projects service.
type Service struct {
	st    *store.Store
	now   func() time.Time
	lists *listCache // anonymous project lists (pagecache.go)
	pages *pageCache // anonymous project pages
}

// New returns the projects service.
func New(st *store.Store, now func() time.Time) *Service {
	s := &Service{st: st, now: now}
	s.lists, s.pages = newListCache(s), newPageCache(s)
	return s
}

// timestamp is now, truncated to what PostgreSQL stores, so that values read back compare equal to the
// ones written (keyset cursors depend on it).
func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Input are the fields of a new project.
type Input struct {
	Slug          string
	Title         string
	Summary       string
	Description   string
	PlainSummary  string
	Status        string
	OwnerUnit     string
	Principles    []string
	ExpectedReach int64
	Effort        int
	BudgetEUR     *int64
	StartDate     string // "YYYY-MM-DD" or ""
	EndDate       string
	LotseName     string
	LotseEmail    string
	CommentsOpen  bool
	PreModeration bool
}

// Nullable is a PATCH field that may be absent (Set false), null (Value nil) or a value.
type Nullable[T any] struct {
	Set   bool
	Value *T
}

// Patch holds the fields a PATCH changes; nil (or unset) fields stay as they are. The slug is immutable.
type Patch struct {
	Title         *string
	Summary       *string
	Description   *string
	PlainSummary  *string
	Status        *string
	OwnerUnit     *string
	Principles    *[]string
	ExpectedReach *int64
	Effort        *int
	BudgetEUR     Nullable[int64]
	StartDate     Nullable[string]
	EndDate       Nullable[string]
	LotseName     *string
	LotseEmail    *string
	CommentsOpen  *bool
	PreModeration *bool
}

// Apply writes the set fields of the patch into p.
func (pt *Patch) Apply(p *model.Project) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&p.Title, pt.Title)
	set(&p.Summary, pt.Summary)
	if pt.Description != nil {
		p.Description = *pt.Description
	}
	set(&p.PlainSummary, pt.PlainSummary)
	set(&p.Status, pt.Status)
	set(&p.OwnerUnit, pt.OwnerUnit)
	if pt.Principles != nil {
		p.Principles = model.NewPrincipleSet(*pt.Principles...)
	}
	if pt.ExpectedReach != nil {
		p.ExpectedReach = *pt.ExpectedReach
	}
	if pt.Effort != nil {
		p.Effort = *pt.Effort
	}
	if pt.BudgetEUR.Set {
		p.BudgetEUR = pt.BudgetEUR.Value
	}
	if pt.StartDate.Set {
		p.StartDate = deref(pt.StartDate.Value)
	}
	if pt.EndDate.Set {
		p.EndDate = deref(pt.EndDate.Value)
	}
	set(&p.LotseName, pt.LotseName)
	set(&p.LotseEmail, pt.LotseEmail)
	if pt.CommentsOpen != nil {
		p.CommentsOpen = *pt.CommentsOpen
	}
	if pt.PreModeration != nil {
		p.PreModeration = *pt.PreModeration
	}
}

func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}

// ListFilter selects and orders a list of projects. Empty fields do not filter.
type ListFilter struct {
	Status    string
	Principle string
	Owner     string
	Query     string // case-insensitive substring of title or summary
	Sort      string // one of store.ProjectSorts; "" is the first
}

// checkList checks the filter values against the allowed values and sets the default sort.
func checkList(f ListFilter) (ListFilter, error) {
	ve := &apperr.ValidationError{}
	if f.Status != "" && !slices.Contains(model.ProjectStatuses, f.Status) {
		ve.Add("status", "oneof", "must be one of: "+strings.Join(model.ProjectStatuses, ", "))
	}
	if f.Principle != "" && !slices.Contains(model.Principles, f.Principle) {
		ve.Add("principle", "oneof", "must be one of: "+strings.Join(model.Principles, ", "))
	}
	if f.Sort == "" {
		f.Sort = store.ProjectSorts[0]
	}
	if !slices.Contains(store.ProjectSorts, f.Sort) {
		ve.Add("sort", "oneof", "must be one of: "+strings.Join(store.ProjectSorts, ", "))
	}
	if utf8.RuneCountInString(f.Query) > 200 {
		ve.Add("q", "max", "must be at most 200 characters")
	}
	if utf8.RuneCountInString(f.Owner) > 200 {
		ve.Add("owner", "max", "must be at most 200 characters")
	}
	return f, ve.OrNil()
}

// List returns one page of projects. Filter values are checked against the allowed values.
func (s *Service) List(ctx context.Context, f ListFilter, page paging.Page) ([]model.Project, string, error) {
	f, err := checkList(f)
	if err != nil {
		return nil, "", err
	}
	cycle, err := s.st.Evaluations().CurrentCycleID(ctx, s.now())
	if err != nil {
		return nil, "", err
	}
	return s.listAt(ctx, f, cycle, page)
}

// listAt reads one page of projects of a checked filter with the priority scores of cycle.
func (s *Service) listAt(ctx context.Context, f ListFilter, cycle int64, page paging.Page) ([]model.Project, string, error) {
	list, next, err := s.st.Projects().List(ctx, store.ProjectFilter{Status: f.Status, Principle: f.Principle, Owner: f.Owner,
		Query: f.Query, Sort: f.Sort, Cycle: cycle}, page)
	if err != nil {
		return nil, "", err
	}
	ptrs := make([]*model.Project, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	if err := s.fillCommentCounts(ctx, ptrs...); err != nil {
		return nil, "", err
	}
	return list, next, nil
}

// fillCommentCounts sets CommentCount of every project with one grouped query (no query per project).
// A counter column kept in the comment transactions would save this query, but every status change
// (create, approve, hide, restore, remove, withdraw, delete, account erasure) would have to keep it right;
// the grouped query over an index cannot drift.
func (s *Service) fillCommentCounts(ctx context.Context, ps ...*model.Project) error {
	ids := make([]int64, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	counts, err := s.st.Comments().CountByProject(ctx, ids)
	if err != nil {
		return err
	}
	for i := range ps {
		ps[i].CommentCount = counts[ps[i].ID]
	}
	return nil
}

// withScore sets the priority score (supports and evaluations of the current cycle included) of p, as the
// list computes it.
func (s *Service) withScore(ctx context.Context, p *model.Project) (*model.Project, error) {
	cycle, err := s.st.Evaluations().CurrentCycleID(ctx, s.now())
	if err != nil {
		return nil, err
	}
	scores, err := s.st.Projects().Scores(ctx, cycle, []int64{p.ID})
	if err != nil {
		return nil, err
	}
	p.PriorityTotal = scores[p.ID]
	return p, nil
}

// OwnerCount is an owner unit with the number of its projects.
type OwnerCount struct {
	OwnerUnit string
	Projects  int
}

// Owners lists the owner units with their number of projects (for filters and the cockpit).
func (s *Service) Owners(ctx context.Context) ([]OwnerCount, error) {
	rows, err := s.st.Projects().Owners(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OwnerCount, len(rows))
	for i, r := range rows {
		out[i] = OwnerCount{OwnerUnit: r.OwnerUnit, Projects: r.Projects}
	}
	return out, nil
}

// Get loads a project by slug.
func (s *Service) Get(ctx context.Context, slug string) (*model.Project, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := s.fillCommentCounts(ctx, p); err != nil {
		return nil, err
	}
	return s.withScore(ctx, p)
}

// Change is one changed field in the public history of a project, with the display name of its author
// (nil when the account is gone).
type Change struct {
	ID        int64
	Version   int
	Field     string
	OldValue  string
	NewValue  string
	ActorName *string
	CreatedAt time.Time
}

// History returns one page of the public history of a project, newest first.
func (s *Service) History(ctx context.Context, slug string, page paging.Page) ([]Change, string, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	rows, next, err := s.st.Projects().History(ctx, p.ID, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]Change, len(rows))
	for i, r := range rows {
		out[i] = Change{ID: r.ID, Version: r.Version, Field: r.Field, OldValue: r.OldValue, NewValue: r.NewValue,
			ActorName: r.ActorName, CreatedAt: r.CreatedAt}
	}
	return out, next, nil
}

var errForbiddenDepartment = apperr.New(apperr.ErrForbidden, "forbidden_department",
	"Officials may only manage projects of their own department.")

// Create creates a project and its first history row.
func (s *Service) Create(ctx context.Context, u *model.User, in Input) (*model.Project, error) {
	now := s.timestamp()
	p := &model.Project{
		Slug: strings.TrimSpace(in.Slug), Title: strings.TrimSpace(in.Title), Summary: strings.TrimSpace(in.Summary),
		Description: in.Description, PlainSummary: strings.TrimSpace(in.PlainSummary), Status: in.Status,
		OwnerUnit: strings.TrimSpace(in.OwnerUnit), Principles: model.NewPrincipleSet(in.Principles...),
		ExpectedReach: in.ExpectedReach, Effort: in.Effort, BudgetEUR: in.BudgetEUR,
		StartDate: in.StartDate, EndDate: in.EndDate, LotseName: strings.TrimSpace(in.LotseName),
		LotseEmail: strings.TrimSpace(in.LotseEmail), CommentsOpen: in.CommentsOpen, PreModeration: in.PreModeration,
		Version: 1, CreatedBy: &u.ID, CreatedAt: now, UpdatedAt: now,
	}
	ve := &apperr.ValidationError{}
	validateSlug(ve, p.Slug)
	validateProject(ve, p, in.Principles)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	p.PriorityScore = priority(p)
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		st := tx.Projects()
		// The request's Idempotency-Key commits with the project or not at all; first, so that a
		// concurrent request with the same key meets the key (409) rather than the slug.
		if err := idempotency.RecordWrite(ctx, tx, "project:"+p.Slug); err != nil {
			return err
		}
		if taken, err := st.SlugTaken(ctx, p.Slug); err != nil {
			return err
		} else if taken {
			return errSlugTaken
		}
		if err := st.Create(ctx, p); err != nil {
			if store.IsDuplicate(err) {
				return errSlugTaken
			}
			return err
		}
		if err := st.SetPrinciples(ctx, p.ID, p.PrincipleList()); err != nil {
			return err
		}
		change := model.ProjectChange{ProjectID: p.ID, UserID: &u.ID, Version: 1, Field: "created", NewValue: p.Title, CreatedAt: now}
		if err := st.AddChanges(ctx, []model.ProjectChange{change}); err != nil {
			return err
		}
		_, err := events.Append(tx, "project:"+p.Slug, eventProjectCreated, map[string]any{"slug": p.Slug, "version": p.Version})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.withScore(ctx, p)
}

var errSlugTaken = apperr.Invalid("slug", "taken", "is already used by another project")

var errStale = apperr.New(apperr.ErrPreconditionFailed, "version_mismatch",
	"The resource was changed in the meantime; reload it and apply your change again.")

var errIfMatchMissing = apperr.New(apperr.ErrPreconditionNeeded, "if_match_required",
	"Send If-Match with the version your change is based on.")

// checkVersion compares the If-Match version (0 when the header is missing) with the current one. The
// store repeats the comparison atomically in its UPDATE; this early check saves the work of a stale edit.
func checkVersion(ifMatch, current int) error {
	if ifMatch == 0 {
		return errIfMatchMissing
	}
	if ifMatch != current {
		return errStale
	}
	return nil
}

// Update applies a patch to the project if ifMatch (0 when the header is missing) is its current version.
// Every changed field becomes one history row, written in the same transaction as the change.
func (s *Service) Update(ctx context.Context, u *model.User, slug string, ifMatch int, pt Patch) (*model.Project, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	if err := checkVersion(ifMatch, p.Version); err != nil {
		return nil, err
	}
	before := *p
	pt.Apply(p)
	principles := p.PrincipleList()
	if pt.Principles != nil {
		principles = *pt.Principles
	}
	ve := &apperr.ValidationError{}
	validateProject(ve, p, principles)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	if pt.OwnerUnit != nil && !access.CanManageProject(u, p.OwnerUnit) {
		// An official may not hand a project over to another department.
		return nil, errForbiddenDepartment
	}
	p.PriorityScore = priority(p)
	diffs := diff(&before, p)
	if len(diffs) == 0 {
		if err := s.fillCommentCounts(ctx, &before); err != nil {
			return nil, err
		}
		return &before, nil
	}
	now := s.timestamp()
	p.Version = before.Version + 1
	p.UpdatedAt = now
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		st := tx.Projects()
		ok, err := st.UpdateVersioned(ctx, p, before.Version)
		if err != nil {
			return err
		}
		if !ok {
			return errStale
		}
		if !before.Principles.Equal(p.Principles) {
			if err := st.SetPrinciples(ctx, p.ID, p.PrincipleList()); err != nil {
				return err
			}
		}
		changes := make([]model.ProjectChange, len(diffs))
		fields := make([]string, len(diffs))
		for i, d := range diffs {
			changes[i] = model.ProjectChange{ProjectID: p.ID, UserID: &u.ID, Version: p.Version, Field: d.field,
				OldValue: d.old, NewValue: d.new, CreatedAt: now}
			fields[i] = d.field
		}
		if err := st.AddChanges(ctx, changes); err != nil {
			return err
		}
		_, err = events.Append(tx, "project:"+p.Slug, eventProjectUpdated,
			map[string]any{"slug": p.Slug, "version": p.Version, "fields": fields})
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.fillCommentCounts(ctx, p); err != nil {
		return nil, err
	}
	return s.withScore(ctx, p)
}

// priority is the prioritisation score: expected reach per unit of effort.
func priority(p *model.Project) int64 {
	if p.Effort < 1 {
		return 0
	}
	return p.ExpectedReach / int64(p.Effort)
}

type fieldDiff struct{ field, old, new string }

// diff lists the changed fields of a project under their JSON names.
func diff(a, b *model.Project) []fieldDiff {
	budget := func(v *int64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatInt(*v, 10)
	}
	pairs := []fieldDiff{
		{"title", a.Title, b.Title},
		{"summary", a.Summary, b.Summary},
		{"description", a.Description, b.Description},
		{"plain_summary", a.PlainSummary, b.PlainSummary},
		{"status", a.Status, b.Status},
		{"owner_unit", a.OwnerUnit, b.OwnerUnit},
		{"principles", a.Principles.String(), b.Principles.String()},
		{"expected_reach", strconv.FormatInt(a.ExpectedReach, 10), strconv.FormatInt(b.ExpectedReach, 10)},
		{"effort", strconv.Itoa(a.Effort), strconv.Itoa(b.Effort)},
		{"budget_eur", budget(a.BudgetEUR), budget(b.BudgetEUR)},
		{"start_date", a.StartDate, b.StartDate},
		{"end_date", a.EndDate, b.EndDate},
		{"lotse.name", a.LotseName, b.LotseName},
		{"lotse.email", a.LotseEmail, b.LotseEmail},
		{"comments_open", strconv.FormatBool(a.CommentsOpen), strconv.FormatBool(b.CommentsOpen)},
		{"pre_moderation", strconv.FormatBool(a.PreModeration), strconv.FormatBool(b.PreModeration)},
	}
	var out []fieldDiff
	for _, d := range pairs {
		if d.old != d.new {
			out = append(out, d)
		}
	}
	return out
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validateSlug(ve *apperr.ValidationError, slug string) {
	switch {
	case slug == "":
		ve.Add("slug", "required", "is required")
	case len(slug) < 3 || len(slug) > 60:
		ve.Add("slug", "length", "must be 3 to 60 characters")
	case !slugPattern.MatchString(slug):
		ve.Add("slug", "format", "may contain only lowercase letters a-z, digits and single hyphens between them")
	}
}

// validateProject checks every field of p; principles are checked as given so errors can name an index.
func validateProject(ve *apperr.ValidationError, p *model.Project, principles []string) {
	text := func(field, v string, min, max int) {
		n := utf8.RuneCountInString(v)
		switch {
		case min > 0 && n == 0:
			ve.Add(field, "required", "is required")
		case n > max:
			ve.Add(field, "max", fmt.Sprintf("must be at most %d characters", max))
		}
	}
	text("title", p.Title, 1, 200)
	text("summary", p.Summary, 0, 1000)
	text("description", p.Description, 0, 100000)
	text("plain_summary", p.PlainSummary, 0, 5000)
	text("owner_unit", p.OwnerUnit, 1, 200)
	text("lotse.name", p.LotseName, 0, 200)
	if !slices.Contains(model.ProjectStatuses, p.Status) {
		ve.Add("status", "oneof", "must be one of: "+strings.Join(model.ProjectStatuses, ", "))
	}
	seen := map[string]bool{}
	for i, pr := range principles {
		field := fmt.Sprintf("principles[%d]", i)
		switch {
		case !slices.Contains(model.Principles, pr):
			ve.Add(field, "oneof", "must be one of: "+strings.Join(model.Principles, ", "))
		case seen[pr]:
			ve.Add(field, "unique", "must not repeat a principle")
		}
		seen[pr] = true
	}
	if p.ExpectedReach < 0 || p.ExpectedReach > 1_000_000_000 {
		ve.Add("expected_reach", "range", "must be between 0 and 1000000000")
	}
	if p.Effort < 1 || p.Effort > 5 {
		ve.Add("effort", "range", "must be between 1 and 5")
	}
	if p.BudgetEUR != nil && (*p.BudgetEUR < 0 || *p.BudgetEUR > 1_000_000_000_000) {
		ve.Add("budget_eur", "range", "must be between 0 and 1000000000000")
	}
	var start, end time.Time
	for _, d := range []struct {
		field, value string
		into         *time.Time
	}{{"start_date", p.StartDate, &start}, {"end_date", p.EndDate, &end}} {
		if d.value == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.value)
		if err != nil {
			ve.Add(d.field, "datetime", "must be a date in the form YYYY-MM-DD")
			continue
		}
		*d.into = t
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		ve.Add("end_date", "after_start", "must not be before start_date")
	}
	if p.LotseEmail != "" && !validEmail(p.LotseEmail) {
		ve.Add("lotse.email", "email", "must be an email address")
	}
	if utf8.RuneCountInString(p.LotseEmail) > 254 {
		ve.Add("lotse.email", "max", "must be at most 254 characters")
	}
}

func validEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	return at > 0 && at < len(e)-3 && strings.Contains(e[at:], ".") && !strings.ContainsAny(e, " \t\r\n<>,;\"'()[]\\")
}
