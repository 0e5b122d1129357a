package stats

import "github.com/digitalrat/digitalrat/internal/store"

// Overview computes the response times overall (as ResponseTimes without project) and per department
// (as ResponseTimesByDepartment) from the question times with their projects, for the cockpit, which
// keeps the question times per project and recounts only the projects an event touched.
func Overview(rows []store.ProjectQuestionTime) (*ResponseTimes, []DepartmentResponseTimes) {
	all := make([]QuestionTime, len(rows))
	for i := range rows {
		all[i] = rows[i].QuestionTime
	}
	overall := &ResponseTimes{}
	overall.fill(all)
	return overall, byDepartment(rows)
}
