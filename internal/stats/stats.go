// Package stats holds the participation figures the cockpit shows: comments by channel and kind, and the
// response times of questions.
package stats

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// AnsweredWithin is the response time the share of promptly answered questions counts.
const AnsweredWithin = 14 * 24 * time.Hour

// Service is the statistics service.
type Service struct{ st *store.Store }

// New returns the statistics service.
func New(st *store.Store) *Service { return &Service{st: st} }

// ResponseTimes are the response-time figures of questions, of one project or overall.
type ResponseTimes struct {
	Project               *string  `json:"project"`
	Questions             int      `json:"questions"`
	Answered              int      `json:"answered"`
	Open                  int      `json:"open"`                    // questions without an official answer yet
	MedianResponseSeconds *int64   `json:"median_response_seconds"` // null without answered questions
	AnsweredWithin14Days  *float64 `json:"answered_within_14_days"` // share of all questions; null without questions
}

// ResponseTimes computes the response times of published questions: the time from a question to its first
// official response, its median over answered questions, and the share of questions answered within 14
// days. slug "" means all projects.
func (s *Service) ResponseTimes(ctx context.Context, slug string) (*ResponseTimes, error) {
	out := &ResponseTimes{}
	var projectID int64
	if slug != "" {
		p, err := s.st.Projects().BySlug(ctx, slug)
		if err != nil {
			return nil, err
		}
		projectID = p.ID
		out.Project = &p.Slug
	}
	rows, err := s.st.Stats().QuestionTimes(ctx, projectID)
	if err != nil {
		return nil, err
	}
	times := make([]QuestionTime, len(rows))
	for i, r := range rows {
		times[i] = QuestionTime{CreatedAt: r.CreatedAt, FirstResponseAt: r.FirstResponseAt}
	}
	out.fill(times)
	return out, nil
}

// QuestionTime is when a question was asked and first answered (nil: not yet).
type QuestionTime = store.QuestionTime

// fill computes the figures of the given questions.
func (out *ResponseTimes) fill(rows []QuestionTime) {
	out.summarise(len(rows), Durations(rows))
}

// Durations are the response times of the answered ones of the given questions.
func Durations(rows []QuestionTime) []time.Duration {
	var times []time.Duration
	for _, r := range rows {
		if r.FirstResponseAt != nil {
			times = append(times, r.FirstResponseAt.Sub(r.CreatedAt))
		}
	}
	return times
}

// summarise computes the figures of questions questions of which those answered took times (sorted here).
func (out *ResponseTimes) summarise(questions int, times []time.Duration) {
	within := 0
	for _, d := range times {
		if d <= AnsweredWithin {
			within++
		}
	}
	out.Questions = questions
	out.Answered = len(times)
	out.Open = out.Questions - out.Answered
	if n := len(times); n > 0 {
		slices.Sort(times)
		m := times[n/2]
		if n%2 == 0 {
			m = (times[n/2-1] + times[n/2]) / 2
		}
		sec := int64(m / time.Second)
		out.MedianResponseSeconds = &sec
	}
	if out.Questions > 0 {
		share := float64(within) / float64(out.Questions)
		out.AnsweredWithin14Days = &share
	}
}

// ProjectResponseTimes are the response-time figures of one project, with its title and owner unit.
type ProjectResponseTimes struct {
	ResponseTimes
	Title     string `json:"title"`
	OwnerUnit string `json:"owner_unit"`
}

// DepartmentResponseTimes are the response-time figures of the projects of one owner unit (department).
type DepartmentResponseTimes struct {
	ResponseTimes
	Department string `json:"department"`
	Projects   int    `json:"projects"` // how many of its projects have questions
}

// ResponseTimesByProject computes the figures of every project with published questions, ordered by
// title. Only aggregates: no question, no name.
func (s *Service) ResponseTimesByProject(ctx context.Context) ([]ProjectResponseTimes, error) {
	rows, err := s.st.Stats().QuestionTimesByProject(ctx)
	if err != nil {
		return nil, err
	}
	out := []ProjectResponseTimes{}
	for i := 0; i < len(rows); {
		j := i
		var qs []QuestionTime
		for ; j < len(rows) && rows[j].Slug == rows[i].Slug; j++ {
			qs = append(qs, rows[j].QuestionTime)
		}
		slug := rows[i].Slug
		p := ProjectResponseTimes{ResponseTimes: ResponseTimes{Project: &slug}, Title: rows[i].Title, OwnerUnit: rows[i].OwnerUnit}
		p.fill(qs)
		out = append(out, p)
		i = j
	}
	return out, nil
}

// ResponseTimesByDepartment computes the figures per owner unit of the projects, ordered by name.
func (s *Service) ResponseTimesByDepartment(ctx context.Context) ([]DepartmentResponseTimes, error) {
	rows, err := s.st.Stats().QuestionTimesByProject(ctx)
	if err != nil {
		return nil, err
	}
	return byDepartment(rows), nil
}

// byDepartment groups question times by the owner unit of their projects, ordered by name.
func byDepartment(rows []store.ProjectQuestionTime) []DepartmentResponseTimes {
	byUnit := map[string][]QuestionTime{}
	projects := map[string]map[string]bool{}
	for _, r := range rows {
		byUnit[r.OwnerUnit] = append(byUnit[r.OwnerUnit], r.QuestionTime)
		if projects[r.OwnerUnit] == nil {
			projects[r.OwnerUnit] = map[string]bool{}
		}
		projects[r.OwnerUnit][r.Slug] = true
	}
	out := make([]DepartmentResponseTimes, 0, len(byUnit))
	for unit, qs := range byUnit {
		d := DepartmentResponseTimes{Department: unit, Projects: len(projects[unit])}
		d.fill(qs)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Department < out[j].Department })
	return out
}

// Participation counts published comments by channel and by kind, of one project or overall.
type Participation struct {
	Project   *string        `json:"project"`
	Total     int            `json:"total"`
	ByChannel map[string]int `json:"by_channel"`
	ByKind    map[string]int `json:"by_kind"`
}

// Participation counts the published, undeleted comments of the project slug ("" for all projects).
func (s *Service) Participation(ctx context.Context, slug string) (*Participation, error) {
	out := &Participation{ByChannel: map[string]int{}, ByKind: map[string]int{}}
	for _, ch := range model.CommentChannels {
		out.ByChannel[ch] = 0
	}
	for _, k := range model.CommentKinds {
		out.ByKind[k] = 0
	}
	var projectID int64
	if slug != "" {
		p, err := s.st.Projects().BySlug(ctx, slug)
		if err != nil {
			return nil, err
		}
		projectID = p.ID
		out.Project = &p.Slug
	}
	rows, err := s.st.Stats().Participation(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out.Total += r.N
		out.ByChannel[r.Channel] += r.N
		out.ByKind[r.Kind] += r.N
	}
	return out, nil
}
