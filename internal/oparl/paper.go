package oparl

import (
	"context"
	"net/url"
	"strconv"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// paper builds a Paper from a project (projects are public and are never deleted).
func (s *Service) paper(p *model.Project) Object {
	o := s.object(TypePaper, s.objectURL("papers", p.ID), p.CreatedAt, p.UpdatedAt)
	o["body"] = s.objectURL("bodies", bodyID)
	o["name"] = p.Title
	o["reference"] = p.Slug
	o["date"] = p.CreatedAt.UTC().Format("2006-01-02")
	o["paperType"] = "Projekt"
	o["web"] = s.base + "/projekte/" + url.PathEscape(p.Slug)
	return o
}

// Paper is a project.
func (s *Service) Paper(ctx context.Context, id int64) (Object, error) {
	p, err := s.st.OParl().Paper(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.paper(p), nil
}

// Papers lists the projects.
func (s *Service) Papers(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/papers", q, TypePaper, "", func(f store.OParlFilter) ([]Object, int64, error) {
		ps, total, err := s.st.OParl().Papers(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(ps))
		for i := range ps {
			data[i] = s.paper(&ps[i])
		}
		return data, total, nil
	})
}

// FileHTML is the downloadable document of a File: the public minutes as a complete HTML page.
func FileHTML(v *model.MinutesVersion) []byte {
	return []byte("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Protokoll, Fassung " +
		strconv.Itoa(v.Number) + "</title></head><body>\n" + v.PublicHTML + "\n</body></html>\n")
}

// file builds a File from a published minutes version (its public rendering only). A later version
// does not delete an earlier one: every version stays a File, the Meeting's resultsProtocol is the
// latest. Embedded in the Meeting it leaves out the back reference meeting.
func (s *Service) file(v *model.MinutesVersion, embedded bool) Object {
	o := s.object(TypeFile, s.objectURL("files", v.ID), v.PublishedAt, v.PublishedAt)
	o["name"] = "Protokoll, Fassung " + strconv.Itoa(v.Number)
	o["fileName"] = "protokoll-" + strconv.FormatInt(v.SessionID, 10) + "-" + strconv.Itoa(v.Number) + ".html"
	o["mimeType"] = "text/html"
	o["date"] = v.PublishedAt.UTC().Format("2006-01-02")
	o["size"] = len(FileHTML(v))
	content := s.objectURL("files", v.ID) + "/content"
	o["accessUrl"] = content
	o["downloadUrl"] = content + "?download=1"
	if !embedded {
		o["meeting"] = []string{s.objectURL("meetings", v.SessionID)}
	}
	return o
}

// File is a published public minutes version of a public session; one of a session that is no longer
// public answers as a deleted File.
func (s *Service) File(ctx context.Context, id int64) (Object, error) {
	v, err := s.st.OParl().File(ctx, id)
	if err != nil {
		return s.orGone(ctx, err, TypeFile, "files", model.OParlDeletedFile, id)
	}
	return s.file(v, false), nil
}

// FileContent loads the minutes version behind a File for its download.
func (s *Service) FileContent(ctx context.Context, id int64) (*model.MinutesVersion, error) {
	return s.st.OParl().File(ctx, id)
}

// Files lists the published public minutes versions of public sessions (and, for modified filters,
// those of sessions no longer public).
func (s *Service) Files(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/files", q, TypeFile, model.OParlDeletedFile, func(f store.OParlFilter) ([]Object, int64, error) {
		vs, total, err := s.st.OParl().Files(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(vs))
		for i := range vs {
			data[i] = s.file(&vs[i], false)
		}
		return data, total, nil
	})
}
