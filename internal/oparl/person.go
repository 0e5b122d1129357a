package oparl

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

var affiliationLabel = map[string]string{"politics": "Politik", "science": "Wissenschaft", "business": "Wirtschaft",
	"civil_society": "Zivilgesellschaft"}

// person shows a council member's display name and affiliation and their membership in the
// Digitalrat, nothing else.
func (s *Service) person(u *model.User) Object {
	o := s.object(TypePerson, s.objectURL("persons", u.ID), u.CreatedAt, u.UpdatedAt)
	o["body"] = s.objectURL("bodies", bodyID)
	o["name"] = u.DisplayName
	status := []string{}
	if l, ok := affiliationLabel[u.Affiliation]; ok {
		status = append(status, l)
	}
	o["status"] = status
	o["membership"] = []Object{s.membership(u, true)}
	return o
}

// Person is a council member who agreed to appear; one who appeared and no longer does (consent
// withdrawn, council role or account gone) is a deleted Person.
func (s *Service) Person(ctx context.Context, id int64) (Object, error) {
	u, err := s.st.OParl().Person(ctx, id)
	if err != nil {
		return s.orGone(ctx, err, TypePerson, "persons", model.OParlDeletedPerson, id)
	}
	return s.person(u), nil
}

// Persons lists the council members who agreed to appear (and, for modified filters, those gone).
func (s *Service) Persons(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/persons", q, TypePerson, model.OParlDeletedPerson, func(f store.OParlFilter) ([]Object, int64, error) {
		users, total, err := s.st.OParl().Persons(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(users))
		for i := range users {
			data[i] = s.person(&users[i])
		}
		return data, total, nil
	})
}

// membership is a council member's membership in the Digitalrat (one per member, with the member's
// id). Embedded in the Person it leaves out the back reference person. A membership is a sub-object:
// when its member disappears it disappears too (OParl 1.1 needs no deleted sub-objects), and the
// Organization that lists it counts as modified.
func (s *Service) membership(u *model.User, embedded bool) Object {
	o := s.object(TypeMembership, s.objectURL("memberships", u.ID), u.CreatedAt, u.UpdatedAt)
	if !embedded {
		o["person"] = s.objectURL("persons", u.ID)
	}
	o["organization"] = s.objectURL("organizations", orgID)
	o["role"] = "Mitglied"
	o["votingRight"] = true
	return o
}

// Membership is the membership of a council member who appears.
func (s *Service) Membership(ctx context.Context, id int64) (Object, error) {
	u, err := s.st.OParl().Person(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.membership(u, false), nil
}

// Memberships lists the memberships of the council members who appear.
func (s *Service) Memberships(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/memberships", q, TypeMembership, "", func(f store.OParlFilter) ([]Object, int64, error) {
		users, total, err := s.st.OParl().Persons(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(users))
		for i := range users {
			data[i] = s.membership(&users[i], false)
		}
		return data, total, nil
	})
}
