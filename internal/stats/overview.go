package stats

import "context"

// ResponseTimesOverview computes the response times overall and per department (as ResponseTimes with
// slug "" and ResponseTimesByDepartment) from one read of the questions, for the cockpit.
func (s *Service) ResponseTimesOverview(ctx context.Context) (*ResponseTimes, []DepartmentResponseTimes, error) {
	rows, err := s.st.Stats().QuestionTimesByProject(ctx)
	if err != nil {
		return nil, nil, err
	}
	all := make([]QuestionTime, len(rows))
	for i := range rows {
		all[i] = rows[i].QuestionTime
	}
	overall := &ResponseTimes{}
	overall.fill(all)
	return overall, byDepartment(rows), nil
}
