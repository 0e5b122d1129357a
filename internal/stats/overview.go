package stats

import (
	"sort"
	"time"
)

// ProjectQuestions are the question figures of one project with published questions: how many, and the
// response times of those answered (see Durations).
type ProjectQuestions struct {
	Slug      string
	OwnerUnit string
	Questions int
	Times     []time.Duration
}

// Overview computes the response times overall (as ResponseTimes without project) and per department
// (as ResponseTimesByDepartment) from the question figures of each project, for the cockpit, which keeps
// them per project and recounts only the projects an event touched. Projects without questions are skipped.
func Overview(projects []ProjectQuestions) (*ResponseTimes, []DepartmentResponseTimes) {
	type unit struct {
		questions, projects int
		times               []time.Duration
	}
	overall, questions := &ResponseTimes{}, 0
	var all []time.Duration
	units := map[string]*unit{}
	for _, p := range projects {
		if p.Questions == 0 {
			continue
		}
		questions += p.Questions
		all = append(all, p.Times...)
		u := units[p.OwnerUnit]
		if u == nil {
			u = &unit{}
			units[p.OwnerUnit] = u
		}
		u.questions += p.Questions
		u.projects++
		u.times = append(u.times, p.Times...)
	}
	overall.summarise(questions, all)
	out := make([]DepartmentResponseTimes, 0, len(units))
	for name, u := range units {
		d := DepartmentResponseTimes{Department: name, Projects: u.projects}
		d.summarise(u.questions, u.times)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Department < out[j].Department })
	return overall, out
}
