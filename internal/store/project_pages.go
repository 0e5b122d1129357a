package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ProjectsVersion is what a cached project list or project page is checked against. Every write that
// changes what they show moves one of its parts:
//   - Events: the newest outbox event — of any topic for lists, of the project's topic and its documents'
//     topics for a project page. Project create and update, supports and every change of a comment's
//     visibility (the comment counts: create, approve, hide, remove, restore, withdraw) append one.
//   - Authors: content_versions 'authors' (triggers on users): an account's deletion takes back its
//     supports without an event.
//   - Evaluations: content_versions 'evaluations' (triggers on evaluations and their scores, migration
//     00024): the priority score.
//   - Cycle: the evaluation cycle current at the time of the check (the score is the current cycle's; a
//     cycle opening moves it without any write).
//
// ProjectID is the project of a page (0: no project has the slug; always 0 for lists). Writers are the
// event writers in flight, as in PageVersion: a build waits for them (Events.WaitWriters).
type ProjectsVersion struct {
	ProjectID   int64
	Events      int64
	Authors     int64
	Evaluations int64
	Cycle       int64
	Writers     string // not part of the version (see Same)
}

// Same reports whether two versions are the same version.
func (v ProjectsVersion) Same(o ProjectsVersion) bool {
	return v.ProjectID == o.ProjectID && v.Events == o.Events && v.Authors == o.Authors &&
		v.Evaluations == o.Evaluations && v.Cycle == o.Cycle
}

// projectsVersionTail are the parts of a ProjectsVersion besides the events (one statement: one snapshot).
const projectsVersionTail = `(SELECT cv.version FROM content_versions cv WHERE cv.scope = 'authors'),
	(SELECT cv.version FROM content_versions cv WHERE cv.scope = 'evaluations'),
	(SELECT c.id FROM evaluation_cycles c WHERE c.opens_at <= @now ORDER BY c.opens_at DESC, c.id DESC LIMIT 1), %s`

// listsVersionSQL: the newest event is a backward probe of the events' primary key.
const listsVersionSQL = `SELECT 0, (SELECT MAX(e.id) FROM events e), ` + projectsVersionTail

// projectVersionSQL: as pageVersionSQL, a probe of events_topic_idx for the project and each document.
const projectVersionSQL = `SELECT p.id, (SELECT MAX(e.id) FROM events e WHERE e.topic = 'project:' || p.slug),
	(SELECT MAX((SELECT MAX(e.id) FROM events e WHERE e.topic = 'document:' || d.id)) FROM documents d WHERE d.project_id = p.id),
	` + projectsVersionTail + `
	FROM projects p WHERE p.slug = @slug`

// ListsVersion returns the version of every cached project list at now.
func (s *Projects) ListsVersion(ctx context.Context, now time.Time) (ProjectsVersion, error) {
	var v ProjectsVersion
	var events, authors, evals, cycle sql.NullInt64
	err := s.db.WithContext(ctx).Raw(fmt.Sprintf(listsVersionSQL, s.writersColumn()),
		map[string]any{"now": now, "key": outboxWriterKey}).Row().Scan(&v.ProjectID, &events, &authors, &evals, &cycle, &v.Writers)
	if err != nil {
		return ProjectsVersion{}, fmt.Errorf("store: project lists version: %w", err)
	}
	v.Events, v.Authors, v.Evaluations, v.Cycle = events.Int64, authors.Int64, evals.Int64, cycle.Int64
	return v, nil
}

// PageVersion returns the version of the cached page of the project slug at now; ProjectID 0 when there
// is no such project.
func (s *Projects) PageVersion(ctx context.Context, slug string, now time.Time) (ProjectsVersion, error) {
	var v ProjectsVersion
	var project, docs, authors, evals, cycle sql.NullInt64
	err := s.db.WithContext(ctx).Raw(fmt.Sprintf(projectVersionSQL, s.writersColumn()),
		map[string]any{"slug": slug, "now": now, "key": outboxWriterKey}).
		Row().Scan(&v.ProjectID, &project, &docs, &authors, &evals, &cycle, &v.Writers)
	if err == sql.ErrNoRows {
		return ProjectsVersion{}, nil
	}
	if err != nil {
		return ProjectsVersion{}, fmt.Errorf("store: project page version: %w", err)
	}
	v.Events, v.Authors, v.Evaluations, v.Cycle = max(project.Int64, docs.Int64), authors.Int64, evals.Int64, cycle.Int64
	return v, nil
}

// writersColumn is the column of the event writers in flight (PostgreSQL; see Events.Settled).
func (s *Projects) writersColumn() string {
	if s.db.Dialector.Name() == "postgres" {
		return "array_to_string(ARRAY(" + writersSQL + "), ',')"
	}
	return "''"
}
