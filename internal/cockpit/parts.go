package cockpit

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/stats"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/supports"
)

// maxEvents bounds the events read to tell what changed; after more, everything is built again.
const maxEvents = 500

// changes are the parts of the cockpit that new events (or the clock) may have changed.
type changes struct {
	all        bool // everything, from all rows
	clock      bool // the parts that follow the clock or may change unannounced: projects, KPIs, supports, evaluation
	projects   bool // a project was created or changed: every part that shows projects, and the departments
	kpis       bool
	supports   bool
	evaluation bool
	comments   bool            // the comment figures of all projects
	slugs      map[string]bool // the comment figures of these projects ("project:<slug>" topics)
	documents  map[int64]bool  // and of the projects of these documents ("document:<id>" topics)
	projectIDs map[int64]bool  // resolved from slugs and documents
}

// classify reads the events after..upto and records what they may have changed. Event types it does not
// know build everything again, so a new kind of change is never missed, only costly.
func (s *Service) classify(ctx context.Context, after, upto int64, ch *changes) error {
	evs, err := s.st.Cockpit().EventsBetween(ctx, after, upto, maxEvents+1)
	if err != nil {
		return err
	}
	if len(evs) > maxEvents {
		ch.all = true
		return nil
	}
	for _, ev := range evs {
		classifyEvent(ev, ch)
	}
	return nil
}

// classifyEvent records what one event may have changed.
func classifyEvent(ev store.EventRef, ch *changes) {
	switch {
	case ev.Type == comments.EventVotes:
		// Votes move a comment's score, which the cockpit does not show.
	case strings.HasPrefix(ev.Type, "comment."):
		// Created, updated (an answer sets its question's first response), hidden, removed, withdrawn,
		// deleted: the comment figures of its project. Comments on a document have the document's topic.
		kind, id, _ := strings.Cut(ev.Topic, ":")
		switch kind {
		case "project":
			if ch.slugs == nil {
				ch.slugs = map[string]bool{}
			}
			ch.slugs[id] = true
		case "document":
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				ch.comments = true
				return
			}
			if ch.documents == nil {
				ch.documents = map[int64]bool{}
			}
			ch.documents[n] = true
		default:
			ch.comments = true
		}
	case ev.Type == supports.EventSupports:
		ch.supports = true
	case strings.HasPrefix(ev.Type, "kpi."):
		ch.kpis = true
	case ev.Type == "project.created" || ev.Type == "project.updated":
		ch.projects = true
	case strings.HasPrefix(ev.Type, "document."), strings.HasPrefix(ev.Type, "session."),
		strings.HasPrefix(ev.Type, "poll."), strings.HasPrefix(ev.Type, "notification."),
		strings.HasPrefix(ev.Type, "moderation."):
		// Documents, council sessions, polls, notifications and the moderators' queue are not in the
		// cockpit; a moderation decision writes a comment event of its own.
	default:
		ch.all = true
	}
}

// apply rebuilds the changed parts into s.parts.
func (s *Service) apply(ctx context.Context, ch *changes) error {
	if ch.all {
		ch.projects, ch.comments = true, true
	}
	if ch.projects || ch.clock {
		ch.kpis, ch.supports, ch.evaluation = true, true, true
	}
	var steps []func(context.Context, *Cockpit) error
	if ch.projects || ch.clock {
		steps = append(steps, s.projects)
	}
	if ch.kpis {
		steps = append(steps, s.kpiFigures)
	}
	if ch.supports {
		steps = append(steps, s.supports)
	}
	if ch.evaluation {
		steps = append(steps, s.evaluation)
	}
	for _, step := range steps {
		if err := step(ctx, &s.parts); err != nil {
			return err
		}
	}
	return s.commentParts(ctx, ch)
}

// commentFigures are the comment figures per project, kept so that a comment event recounts one project.
type commentFigures struct {
	projects  map[int64]store.ProjectUnit
	bySlug    map[string]int64
	counts    map[int64][]store.ProjectMonthChannelCount
	questions map[int64]int             // the number of published questions of the projects with any
	times     map[int64][]time.Duration // the response times of their answered ones
}

// loadProjects reads the projects the comment figures are grouped by.
func (f *commentFigures) loadProjects(ctx context.Context, st *store.Store) error {
	rows, err := st.Cockpit().ProjectUnits(ctx)
	if err != nil {
		return err
	}
	f.projects, f.bySlug = make(map[int64]store.ProjectUnit, len(rows)), make(map[string]int64, len(rows))
	for _, r := range rows {
		f.projects[r.ID], f.bySlug[r.Slug] = r, r.ID
	}
	return nil
}

// commentParts recounts the comment figures of the projects that changed (or of all) and sums them up
// into participation and response times.
func (s *Service) commentParts(ctx context.Context, ch *changes) error {
	if s.counts == nil || s.counts.counts == nil {
		ch.comments = true // the first build, or the first failed half-way
	}
	if !ch.comments && !ch.projects && len(ch.slugs) == 0 && len(ch.documents) == 0 {
		return nil
	}
	if ch.comments || ch.projects {
		if s.counts == nil {
			s.counts = &commentFigures{}
		}
		if err := s.counts.loadProjects(ctx, s.st); err != nil {
			return err
		}
	}
	var ids []int64 // nil: all projects
	if !ch.comments {
		resolved, err := s.resolve(ctx, ch)
		if err != nil {
			return err
		}
		if resolved {
			ids = make([]int64, 0, len(ch.projectIDs))
			for id := range ch.projectIDs {
				ids = append(ids, id)
			}
			slices.Sort(ids)
		}
	}
	if ids == nil || len(ids) > 0 {
		if err := s.recount(ctx, ids); err != nil {
			return err
		}
	}
	s.sum()
	return nil
}

// resolve finds the projects of the changed slugs and documents; false when one is not found (a project
// renamed since, a document deleted): then all projects are recounted.
func (s *Service) resolve(ctx context.Context, ch *changes) (bool, error) {
	ch.projectIDs = map[int64]bool{}
	missing := false
	for slug := range ch.slugs {
		if id, ok := s.counts.bySlug[slug]; ok {
			ch.projectIDs[id] = true
		} else {
			missing = true
		}
	}
	if len(ch.documents) > 0 {
		docs := make([]int64, 0, len(ch.documents))
		for id := range ch.documents {
			docs = append(docs, id)
		}
		byDoc, err := s.st.Cockpit().DocumentProjects(ctx, docs)
		if err != nil {
			return false, err
		}
		missing = missing || len(byDoc) < len(docs)
		for _, p := range byDoc {
			ch.projectIDs[p] = true
		}
	}
	for id := range ch.projectIDs {
		if _, ok := s.counts.projects[id]; !ok {
			missing = true // a project created since the projects were read
		}
	}
	if missing {
		if err := s.counts.loadProjects(ctx, s.st); err != nil {
			return false, err
		}
	}
	return !missing, nil
}

// recount reads the comment figures of the given projects (nil: of all) and replaces theirs.
func (s *Service) recount(ctx context.Context, ids []int64) error {
	counts, err := s.st.Cockpit().ParticipationByProject(ctx, ids)
	if err != nil {
		return err
	}
	times, err := s.st.Cockpit().QuestionTimesOf(ctx, ids)
	if err != nil {
		return err
	}
	f := s.counts
	if ids == nil {
		f.counts, f.questions, f.times = map[int64][]store.ProjectMonthChannelCount{}, map[int64]int{}, map[int64][]time.Duration{}
	} else {
		for _, id := range ids {
			delete(f.counts, id)
			delete(f.questions, id)
			delete(f.times, id)
		}
	}
	for _, c := range counts {
		f.counts[c.ProjectID] = append(f.counts[c.ProjectID], c)
	}
	for _, t := range times {
		f.questions[t.ProjectID]++
		if t.FirstResponseAt != nil {
			// The response time as stats.Durations takes it.
			f.times[t.ProjectID] = append(f.times[t.ProjectID], t.FirstResponseAt.Sub(t.CreatedAt))
		}
	}
	return nil
}

// sum adds up the comment figures of all projects into participation and response times.
func (s *Service) sum() {
	f := s.counts
	p := Participation{ByChannel: zeroes(model.CommentChannels)}
	months := map[string]*Month{}
	for _, rows := range f.counts {
		for _, r := range rows {
			m := months[r.Month]
			if m == nil {
				m = &Month{Month: r.Month, ByChannel: zeroes(model.CommentChannels)}
				months[r.Month] = m
			}
			m.ByChannel[r.Channel] += r.N
			m.Total += r.N
			p.ByChannel[r.Channel] += r.N
			p.Total += r.N
		}
	}
	for _, m := range months {
		p.ByMonth = append(p.ByMonth, *m)
	}
	slices.SortFunc(p.ByMonth, func(a, b Month) int { return strings.Compare(a.Month, b.Month) })
	s.parts.Participation = p

	qs := make([]stats.ProjectQuestions, 0, len(f.questions))
	for id, n := range f.questions {
		pr := f.projects[id]
		qs = append(qs, stats.ProjectQuestions{Slug: pr.Slug, OwnerUnit: pr.OwnerUnit, Questions: n, Times: f.times[id]})
	}
	overall, byDept := stats.Overview(qs)
	s.parts.ResponseTimes = ResponseTimes{Overall: *overall, ByDepartment: byDept}
}
