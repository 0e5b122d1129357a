// Package oparl builds the OParl 1.1 objects (https://oparl.org/spezifikation/) of the public part of
// the Digitalrat's sessions: one System, one Body (the city), the Digitalrat as Organization, council
// members who agreed as Person, public sessions as Meeting with their AgendaItems, projects as Paper and
// the published public minutes as File. Non-public sessions, their items and minutes never appear.
package oparl

import (
	"context"
	"math"
	"net/url"
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Version is the OParl version served, as the System object names it.
const Version = "https://schema.oparl.org/1.1/"

// Object types.
const (
	TypeSystem       = Version + "System"
	TypeBody         = Version + "Body"
	TypeOrganization = Version + "Organization"
	TypePerson       = Version + "Person"
	TypeMeeting      = Version + "Meeting"
	TypeAgendaItem   = Version + "AgendaItem"
	TypePaper        = Version + "Paper"
	TypeFile         = Version + "File"
)

// Prefix is the path of the interface below PUBLIC_URL.
const Prefix = "/oparl/v1"

// DefaultLimit and MaxLimit bound the elements per page of a list.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Options configure the service.
type Options struct {
	PublicURL string // origin (and optional path) all ids are built from
	BodyName  string // the name of the Body, the city
}

// Service builds the objects from the store.
type Service struct {
	st       *store.Store
	base     string // PUBLIC_URL without a trailing slash
	bodyName string
}

// New returns the service.
func New(st *store.Store, o Options) *Service {
	base := o.PublicURL
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return &Service{st: st, base: base, bodyName: o.BodyName}
}

// URL is the absolute URL of an interface path such as "/meetings/1".
func (s *Service) URL(path string) string { return s.base + Prefix + path }

func (s *Service) objectURL(kind string, id int64) string {
	return s.URL("/" + kind + "/" + strconv.FormatInt(id, 10))
}

// Object is one OParl object: the common fields and the type's own, flattened into one JSON object.
type Object map[string]any

func (s *Service) object(typ, id string, created, modified time.Time) Object {
	return Object{"id": id, "type": typ, "created": stamp(created), "modified": stamp(modified), "deleted": false}
}

// stamp formats a time as OParl wants it: ISO 8601 with time zone (fractions of a second only where
// the stored time has them, so that the modified filters agree with what the objects say).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// List is a page of an OParl list.
type List struct {
	Data       []Object   `json:"data"`
	Pagination Pagination `json:"pagination"`
	Links      Links      `json:"links"`
}

// Pagination describes the page of a list.
type Pagination struct {
	TotalElements   int64 `json:"totalElements"`
	ElementsPerPage int   `json:"elementsPerPage"`
	CurrentPage     int   `json:"currentPage"`
	TotalPages      int   `json:"totalPages"`
}

// Links are the URLs of the neighbouring pages; prev and next are left out on the first and last page.
type Links struct {
	First string `json:"first"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last"`
	Self  string `json:"self"`
}

// Query is a parsed list request: its filters, page and size.
type Query struct {
	CreatedSince, CreatedUntil   *time.Time
	ModifiedSince, ModifiedUntil *time.Time
	Page, Limit                  int
}

func (q Query) filter() store.OParlFilter {
	return store.OParlFilter{CreatedSince: q.CreatedSince, CreatedUntil: q.CreatedUntil, ModifiedSince: q.ModifiedSince,
		ModifiedUntil: q.ModifiedUntil, Offset: (q.Page - 1) * q.Limit, Limit: q.Limit}
}

// pageURL is the URL of page n of the list at path with the query's filters and size.
func (s *Service) pageURL(path string, q Query, n int) string {
	v := url.Values{}
	put := func(k string, t *time.Time) {
		if t != nil {
			v.Set(k, t.UTC().Format(time.RFC3339Nano))
		}
	}
	put("created_since", q.CreatedSince)
	put("created_until", q.CreatedUntil)
	put("modified_since", q.ModifiedSince)
	put("modified_until", q.ModifiedUntil)
	if q.Limit != DefaultLimit {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	v.Set("page", strconv.Itoa(n))
	return s.URL(path) + "?" + v.Encode()
}

func (s *Service) list(path string, q Query, data []Object, total int64) *List {
	pages := int(math.Ceil(float64(total) / float64(q.Limit)))
	if pages < 1 {
		pages = 1
	}
	l := &List{Data: data, Pagination: Pagination{TotalElements: total, ElementsPerPage: q.Limit, CurrentPage: q.Page, TotalPages: pages},
		Links: Links{First: s.pageURL(path, q, 1), Last: s.pageURL(path, q, pages), Self: s.pageURL(path, q, q.Page)}}
	if q.Page > 1 {
		l.Links.Prev = s.pageURL(path, q, min(q.Page-1, pages))
	}
	if q.Page < pages {
		l.Links.Next = s.pageURL(path, q, q.Page+1)
	}
	if l.Data == nil {
		l.Data = []Object{}
	}
	return l
}

// since is the created time of the System, Body and Organization.
func (s *Service) since(ctx context.Context) (time.Time, error) {
	t, err := s.st.OParl().Since(ctx)
	if err != nil || !t.IsZero() {
		return t, err
	}
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil
}

// System is the entry object.
func (s *Service) System(ctx context.Context) (Object, error) {
	t, err := s.since(ctx)
	if err != nil {
		return nil, err
	}
	o := s.object(TypeSystem, s.URL("/system"), t, t)
	o["oparlVersion"] = Version
	o["otherOparlVersions"] = []string{}
	o["body"] = s.URL("/bodies")
	o["name"] = "Digitalrat"
	o["website"] = s.base + "/"
	o["product"] = "https://github.com/digitalrat/digitalrat"
	o["vendor"] = "https://github.com/digitalrat"
	return o, nil
}

const bodyID = 1 // the single Body
const orgID = 1  // the single Organization, the Digitalrat

// Body is the city.
func (s *Service) Body(ctx context.Context, id int64) (Object, error) {
	if id != bodyID {
		return nil, errNotFound
	}
	t, err := s.since(ctx)
	if err != nil {
		return nil, err
	}
	o := s.object(TypeBody, s.objectURL("bodies", bodyID), t, t)
	o["system"] = s.URL("/system")
	o["name"] = s.bodyName
	o["website"] = s.base + "/"
	o["organization"] = s.URL("/organizations")
	o["person"] = s.URL("/persons")
	o["meeting"] = s.URL("/meetings")
	o["paper"] = s.URL("/papers")
	o["agendaItem"] = s.URL("/agenda-items")
	o["file"] = s.URL("/files")
	o["legislativeTerm"] = []Object{}
	o["web"] = s.base + "/"
	return o, nil
}

// Bodies lists the Body.
func (s *Service) Bodies(ctx context.Context, q Query) (*List, error) {
	b, err := s.Body(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	return s.single("/bodies", q, b)
}

// single pages a list of one object that the filters may exclude.
func (s *Service) single(path string, q Query, o Object) (*List, error) {
	c, _ := time.Parse(time.RFC3339Nano, o["created"].(string))
	m, _ := time.Parse(time.RFC3339Nano, o["modified"].(string))
	keep := (q.CreatedSince == nil || !c.Before(*q.CreatedSince)) && (q.CreatedUntil == nil || !c.After(*q.CreatedUntil)) &&
		(q.ModifiedSince == nil || !m.Before(*q.ModifiedSince)) && (q.ModifiedUntil == nil || !m.After(*q.ModifiedUntil))
	var data []Object
	var total int64
	if keep {
		total = 1
		if q.Page == 1 {
			data = []Object{o}
		}
	}
	return s.list(path, q, data, total), nil
}

// Organization is the Digitalrat.
func (s *Service) Organization(ctx context.Context, id int64) (Object, error) {
	if id != orgID {
		return nil, errNotFound
	}
	t, err := s.since(ctx)
	if err != nil {
		return nil, err
	}
	o := s.object(TypeOrganization, s.objectURL("organizations", orgID), t, t)
	o["body"] = s.objectURL("bodies", bodyID)
	o["name"] = "Digitalrat"
	o["shortName"] = "Digitalrat"
	o["organizationType"] = "Gremium"
	o["classification"] = "Beirat"
	o["meeting"] = s.URL("/meetings")
	o["web"] = s.base + "/sitzungen"
	return o, nil
}

// Organizations lists the Organization.
func (s *Service) Organizations(ctx context.Context, q Query) (*List, error) {
	o, err := s.Organization(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return s.single("/organizations", q, o)
}

var affiliationLabel = map[string]string{"politics": "Politik", "science": "Wissenschaft", "business": "Wirtschaft",
	"civil_society": "Zivilgesellschaft"}

// person shows a council member's display name and affiliation, nothing else.
func (s *Service) person(u *model.User) Object {
	o := s.object(TypePerson, s.objectURL("persons", u.ID), u.CreatedAt, u.UpdatedAt)
	o["body"] = s.objectURL("bodies", bodyID)
	o["name"] = u.DisplayName
	status := []string{}
	if l, ok := affiliationLabel[u.Affiliation]; ok {
		status = append(status, l)
	}
	o["status"] = status
	return o
}

// Person is a council member who agreed to appear.
func (s *Service) Person(ctx context.Context, id int64) (Object, error) {
	u, err := s.st.OParl().Person(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.person(u), nil
}

// Persons lists the council members who agreed to appear.
func (s *Service) Persons(ctx context.Context, q Query) (*List, error) {
	users, total, err := s.st.OParl().Persons(ctx, q.filter())
	if err != nil {
		return nil, err
	}
	data := make([]Object, len(users))
	for i := range users {
		data[i] = s.person(&users[i])
	}
	return s.list("/persons", q, data, total), nil
}

var meetingState = map[string]string{model.SessionScheduled: "terminiert", model.SessionLive: "läuft",
	model.SessionClosed: "durchgeführt"}

// meeting builds a Meeting with its agenda items and its latest published public minutes; it was
// modified when the session, an item or the minutes last changed.
func (s *Service) meeting(m *model.Session, items []model.AgendaItem, minutes []model.MinutesVersion) Object {
	modified := m.UpdatedAt
	for _, it := range items {
		if it.UpdatedAt.After(modified) {
			modified = it.UpdatedAt
		}
	}
	for _, v := range minutes {
		if v.PublishedAt.After(modified) {
			modified = v.PublishedAt
		}
	}
	o := s.object(TypeMeeting, s.objectURL("meetings", m.ID), m.CreatedAt, modified)
	o["name"] = m.Title
	o["meetingState"] = meetingState[m.State]
	o["cancelled"] = false
	o["start"] = stamp(m.StartsAt)
	if m.ClosedAt != nil {
		o["end"] = stamp(*m.ClosedAt)
	}
	o["organization"] = []string{s.objectURL("organizations", orgID)}
	ai := make([]Object, 0, len(items))
	for i := range items {
		ai = append(ai, s.agendaItem(&items[i]))
	}
	o["agendaItem"] = ai
	if len(minutes) > 0 {
		o["resultsProtocol"] = s.file(&minutes[len(minutes)-1])
	}
	o["web"] = s.base + "/sitzungen/" + strconv.FormatInt(m.ID, 10)
	return o
}

func (s *Service) meetings(ctx context.Context, ms []model.Session) ([]Object, error) {
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	items, err := s.st.OParl().ItemsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	minutes, err := s.st.OParl().MinutesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	byItems := map[int64][]model.AgendaItem{}
	for _, it := range items {
		byItems[it.SessionID] = append(byItems[it.SessionID], it)
	}
	byMinutes := map[int64][]model.MinutesVersion{}
	for _, v := range minutes {
		byMinutes[v.SessionID] = append(byMinutes[v.SessionID], v)
	}
	out := make([]Object, len(ms))
	for i := range ms {
		out[i] = s.meeting(&ms[i], byItems[ms[i].ID], byMinutes[ms[i].ID])
	}
	return out, nil
}

// Meeting is a public session.
func (s *Service) Meeting(ctx context.Context, id int64) (Object, error) {
	m, err := s.st.OParl().Meeting(ctx, id)
	if err != nil {
		return nil, err
	}
	out, err := s.meetings(ctx, []model.Session{*m})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// Meetings lists the public sessions.
func (s *Service) Meetings(ctx context.Context, q Query) (*List, error) {
	ms, total, err := s.st.OParl().Meetings(ctx, q.filter())
	if err != nil {
		return nil, err
	}
	data, err := s.meetings(ctx, ms)
	if err != nil {
		return nil, err
	}
	return s.list("/meetings", q, data, total), nil
}

// agendaItem builds an AgendaItem; a confidential item shows its title only.
func (s *Service) agendaItem(it *model.AgendaItem) Object {
	o := s.object(TypeAgendaItem, s.objectURL("agenda-items", it.ID), it.CreatedAt, it.UpdatedAt)
	o["meeting"] = s.objectURL("meetings", it.SessionID)
	o["number"] = strconv.Itoa(it.Position)
	o["order"] = it.Position
	o["name"] = it.Title
	o["public"] = !it.Confidential
	if !it.Confidential {
		if it.Description != "" {
			o["digitalrat:description"] = it.Description
		}
		if it.Decision != "" {
			o["resolutionText"] = it.Decision
		}
		if it.ProjectID != nil {
			o["digitalrat:paper"] = s.objectURL("papers", *it.ProjectID)
		}
	}
	if it.StartedAt != nil {
		o["start"] = stamp(*it.StartedAt)
	}
	if it.EndedAt != nil {
		o["end"] = stamp(*it.EndedAt)
	}
	return o
}

// AgendaItem is an agenda item of a public session.
func (s *Service) AgendaItem(ctx context.Context, id int64) (Object, error) {
	it, err := s.st.OParl().AgendaItem(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.agendaItem(it), nil
}

// AgendaItems lists the agenda items of public sessions.
func (s *Service) AgendaItems(ctx context.Context, q Query) (*List, error) {
	items, total, err := s.st.OParl().AgendaItems(ctx, q.filter())
	if err != nil {
		return nil, err
	}
	data := make([]Object, len(items))
	for i := range items {
		data[i] = s.agendaItem(&items[i])
	}
	return s.list("/agenda-items", q, data, total), nil
}

// paper builds a Paper from a project.
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
	ps, total, err := s.st.OParl().Papers(ctx, q.filter())
	if err != nil {
		return nil, err
	}
	data := make([]Object, len(ps))
	for i := range ps {
		data[i] = s.paper(&ps[i])
	}
	return s.list("/papers", q, data, total), nil
}

// FileHTML is the downloadable document of a File: the public minutes as a complete HTML page.
func FileHTML(v *model.MinutesVersion) []byte {
	return []byte("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>Protokoll, Fassung " +
		strconv.Itoa(v.Number) + "</title></head><body>\n" + v.PublicHTML + "\n</body></html>\n")
}

// file builds a File from a published minutes version (its public rendering only).
func (s *Service) file(v *model.MinutesVersion) Object {
	o := s.object(TypeFile, s.objectURL("files", v.ID), v.PublishedAt, v.PublishedAt)
	o["name"] = "Protokoll, Fassung " + strconv.Itoa(v.Number)
	o["fileName"] = "protokoll-" + strconv.FormatInt(v.SessionID, 10) + "-" + strconv.Itoa(v.Number) + ".html"
	o["mimeType"] = "text/html"
	o["date"] = v.PublishedAt.UTC().Format("2006-01-02")
	o["size"] = len(FileHTML(v))
	content := s.objectURL("files", v.ID) + "/content"
	o["accessUrl"] = content
	o["downloadUrl"] = content + "?download=1"
	o["meeting"] = []string{s.objectURL("meetings", v.SessionID)}
	return o
}

// File is a published public minutes version of a public session.
func (s *Service) File(ctx context.Context, id int64) (Object, error) {
	v, err := s.st.OParl().File(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.file(v), nil
}

// FileContent loads the minutes version behind a File for its download.
func (s *Service) FileContent(ctx context.Context, id int64) (*model.MinutesVersion, error) {
	return s.st.OParl().File(ctx, id)
}

// Files lists the published public minutes versions of public sessions.
func (s *Service) Files(ctx context.Context, q Query) (*List, error) {
	vs, total, err := s.st.OParl().Files(ctx, q.filter())
	if err != nil {
		return nil, err
	}
	data := make([]Object, len(vs))
	for i := range vs {
		data[i] = s.file(&vs[i])
	}
	return s.list("/files", q, data, total), nil
}

var errNotFound = apperr.ErrNotFound
