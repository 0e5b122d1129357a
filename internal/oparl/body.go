package oparl

import (
	"context"
	"strconv"
	"time"
)

const bodyID = 1 // the single Body
const orgID = 1  // the single Organization, the Digitalrat
const termID = 1 // the single LegislativeTerm, the Digitalrat's current term

// since is the created time of the System, Body, Organization and LegislativeTerm: when the
// installation began (its first account).
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
	o["web"] = s.base + "/"
	if s.license != "" {
		// OParl 1.1 strongly recommends stating the licence once, on the System, for every object.
		o["license"] = s.license
	}
	return o, nil
}

// Body is the city. It links the external lists of every object type served, and embeds its
// LegislativeTerm (OParl 1.1 requires legislativeTerm as an array of objects).
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
	o["oparlSince"] = stamp(t)
	o["organization"] = s.URL("/organizations")
	o["person"] = s.URL("/persons")
	o["meeting"] = s.URL("/meetings")
	o["paper"] = s.URL("/papers")
	o["agendaItem"] = s.URL("/agenda-items")
	o["file"] = s.URL("/files")
	o["membership"] = s.URL("/memberships")
	o["locationList"] = s.URL("/locations")
	o["legislativeTermList"] = s.URL("/legislative-terms")
	o["legislativeTerm"] = []Object{s.term(t, true)}
	o["classification"] = "Stadt"
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

// term is the Digitalrat's current term, from the start of the installation on and open-ended (the
// Digitalrat has no elections; its members serve until they leave). Embedded in the Body it leaves out
// the back reference body, as the spec says for embedded objects.
func (s *Service) term(since time.Time, embedded bool) Object {
	o := s.object(TypeLegislative, s.objectURL("legislative-terms", termID), since, since)
	if !embedded {
		o["body"] = s.objectURL("bodies", bodyID)
	}
	o["name"] = "Amtszeit des Digitalrats seit " + strconv.Itoa(since.Year())
	o["startDate"] = since.UTC().Format("2006-01-02")
	return o
}

// LegislativeTerm is the Digitalrat's current term.
func (s *Service) LegislativeTerm(ctx context.Context, id int64) (Object, error) {
	if id != termID {
		return nil, errNotFound
	}
	t, err := s.since(ctx)
	if err != nil {
		return nil, err
	}
	return s.term(t, false), nil
}

// LegislativeTerms lists the LegislativeTerm.
func (s *Service) LegislativeTerms(ctx context.Context, q Query) (*List, error) {
	o, err := s.LegislativeTerm(ctx, termID)
	if err != nil {
		return nil, err
	}
	return s.single("/legislative-terms", q, o)
}

// Organization is the Digitalrat. It lists the memberships of the members who appear, so it counts
// as modified when one of them changed, joined or left (OParl 1.1 on modified: a change of the member
// list the object carries is a change of the object).
func (s *Service) Organization(ctx context.Context, id int64) (Object, error) {
	if id != orgID {
		return nil, errNotFound
	}
	t, err := s.since(ctx)
	if err != nil {
		return nil, err
	}
	changed, err := s.st.OParl().MembersChanged(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := s.st.OParl().PersonIDs(ctx)
	if err != nil {
		return nil, err
	}
	o := s.object(TypeOrganization, s.objectURL("organizations", orgID), t, later(t, changed))
	o["body"] = s.objectURL("bodies", bodyID)
	o["name"] = "Digitalrat – " + s.bodyName // name and shortName "SOLLEN nicht identisch sein"
	o["shortName"] = "Digitalrat"
	o["organizationType"] = "Gremium"
	o["classification"] = "Beirat"
	members := make([]string, len(ids))
	for i, id := range ids {
		members[i] = s.objectURL("memberships", id)
	}
	o["membership"] = members
	o["meeting"] = s.URL("/meetings")
	o["startDate"] = t.UTC().Format("2006-01-02")
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

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
