// Package oparl builds the OParl 1.1 objects (https://oparl.org/spezifikation/) of the public part of
// the Digitalrat's sessions: one System, one Body (the city) with its LegislativeTerm, the Digitalrat as
// Organization, council members who agreed as Person with their Membership, public sessions as Meeting
// with their AgendaItems and Location, projects as Paper and the published public minutes as File.
// Non-public sessions, their items and minutes never appear; what was shown and is gone answers as a
// deleted object (id, type, created, modified, deleted: true). One file per group of object types.
package oparl

import (
	"context"
	"errors"
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
	TypeLegislative  = Version + "LegislativeTerm"
	TypeMembership   = Version + "Membership"
	TypeLocation     = Version + "Location"
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
	License   string // URL of the licence of all the data, stated on the System; empty: none
}

// Service builds the objects from the store.
type Service struct {
	st       *store.Store
	base     string // PUBLIC_URL without a trailing slash
	bodyName string
	license  string
}

// New returns the service.
func New(st *store.Store, o Options) *Service {
	base := o.PublicURL
	for len(base) > 0 && base[len(base)-1] == '/' {
		base = base[:len(base)-1]
	}
	return &Service{st: st, base: base, bodyName: o.BodyName, license: o.License}
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

// gone is a deleted object: OParl 1.1 keeps id, type and created, sets modified to the time of deletion
// and deleted to true, and drops every other attribute.
func (s *Service) gone(typ, kind string, d *model.OParlDeleted) Object {
	return Object{"id": s.objectURL(kind, d.ObjectID), "type": typ, "created": stamp(d.CreatedAt),
		"modified": stamp(d.DeletedAt), "deleted": true}
}

// orGone answers a main object that is not visible: the deleted object when it was shown once, else
// apperr.ErrNotFound (a session that never was public stays unknown).
func (s *Service) orGone(ctx context.Context, err error, typ, path, kind string, id int64) (Object, error) {
	if !errors.Is(err, apperr.ErrNotFound) {
		return nil, err
	}
	d, derr := s.st.OParl().Deleted(ctx, kind, id)
	if derr != nil {
		return nil, derr
	}
	return s.gone(typ, path, d), nil
}

// page answers a page of a list: the visible objects (from live, by id) and, when the client asks for
// changes (modified_since or modified_until), after them the deleted objects of kind, so that a client
// that keeps its copy current learns of every deletion (OParl 1.1: the deleted object "beim Updaten eines
// Client-Datenbestandes aktualisiert wird, wenn das normale Update über die … Filter erfolgt").
func (s *Service) page(ctx context.Context, path string, q Query, typ, kind string,
	live func(store.OParlFilter) ([]Object, int64, error)) (*List, error) {
	f := q.filter()
	data, total, err := live(f)
	if err != nil {
		return nil, err
	}
	if kind != "" && (q.ModifiedSince != nil || q.ModifiedUntil != nil) {
		df := f
		df.Offset = max(0, f.Offset-int(total))
		df.Limit = f.Limit - len(data)
		gone, n, err := s.st.OParl().DeletedList(ctx, kind, df)
		if err != nil {
			return nil, err
		}
		for i := range gone {
			data = append(data, s.gone(typ, path[1:], &gone[i]))
		}
		total += n
	}
	return s.list(path, q, data, total), nil
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
		v.Set("elementsPerPage", strconv.Itoa(q.Limit))
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

var errNotFound = apperr.ErrNotFound
