package sessions

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Minutes of a session. The draft is a list of sections: "header" (the session, its attendance and
// whatever session-wide extras there are) and one "item:<id>" per agenda item. Moderators edit the
// Markdown bodies; titles and the confidential flag always come from the agenda. A publication renders
// two texts from the same sections: the internal one (everything) and the public one, in which a
// confidential item is reduced to its heading — generated here, so an editor who forgets to remove a
// confidential text does not leak it.

// SectionHeader is the key of the session's header section.
const SectionHeader = "header"

var (
	errMinutesOpen = apperr.New(apperr.ErrConflict, "session_not_closed",
		"Minutes are published once the session is closed.")
	errMinutesSection = func(key string) error {
		return apperr.Invalid("sections", "unknown", "names no section of these minutes: "+key)
	}
)

// MinutesExtra is a section the minutes draft takes from elsewhere (poll results, approved questions):
// ItemID nil puts it into the header, otherwise into the item's section (and so out of the public
// version for a confidential item).
type MinutesExtra struct {
	ItemID  *int64
	Heading string
	Body    string // Markdown
}

// MinutesExtras returns the extra sections of a session's minutes draft.
type MinutesExtras func(ctx context.Context, st *store.Store, sessionID int64) ([]MinutesExtra, error)

// AddMinutesExtras registers a source of extra minutes sections (called at start-up, before serving).
func (s *Service) AddMinutesExtras(fn MinutesExtras) { s.extras = append(s.extras, fn) }

// Section is one section of the minutes.
type Section struct {
	Key          string `json:"key"`
	Title        string `json:"title"`
	ItemID       *int64 `json:"item_id,omitempty"`
	Confidential bool   `json:"confidential"`
	Body         string `json:"body"`
}

// Draft is the minutes draft of a session: Stored false while nobody edited the generated one.
type Draft struct {
	Version   int
	Stored    bool
	Sections  []Section
	UpdatedAt *time.Time
	Markdown  string // the internal rendering of the sections
	HTML      string
}

// MinutesPermissions are what the reader may do with the minutes.
type MinutesPermissions struct {
	Edit    bool `json:"edit"`
	Publish bool `json:"publish"`
}

// MinutesVersion is a published version as its reader sees it: Internal is nil outside the council
// audience.
type MinutesVersion struct {
	Number      int
	PublishedAt time.Time
	Public      Rendering
	Internal    *Rendering
}

// Rendering is one text of a published version.
type Rendering struct {
	Markdown string
	HTML     string
}

// Minutes is GET /sessions/{id}/minutes: the draft (council audience only) and the latest published
// version.
type Minutes struct {
	SessionID   int64
	Draft       *Draft
	Latest      *MinutesVersion
	Permissions MinutesPermissions
}

func itemKey(id int64) string { return "item:" + strconv.FormatInt(id, 10) }

// notesPrefix starts the key of the section with the moderator's notes of an item ("notes:<id>"),
// which follows the item's section and is left out of the public version.
const notesPrefix = "notes:"

func notesKey(id int64) string { return notesPrefix + strconv.FormatInt(id, 10) }

func clock(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.UTC().Format("15:04")
}

func duration(from, to *time.Time) string {
	if from == nil || to == nil {
		return "–"
	}
	d := to.Sub(*from).Round(time.Second)
	return fmt.Sprintf("%d:%02d min", int(d.Minutes()), int(d.Seconds())%60)
}

var speakerKinds = map[string]string{"speech": "Wortmeldung", "pro": "Für", "contra": "Gegen", "point_of_order": "Geschäftsordnung"}

// generate drafts the sections from what happened in the session.
func (s *Service) generate(ctx context.Context, st *store.Store, se *model.Session, items []model.AgendaItem) ([]Section, error) {
	att, err := s.attendance(ctx, st, se)
	if err != nil {
		return nil, err
	}
	var extras []MinutesExtra
	for _, fn := range s.extras {
		more, err := fn(ctx, st, se.ID)
		if err != nil {
			return nil, err
		}
		extras = append(extras, more...)
	}
	var h strings.Builder
	fmt.Fprintf(&h, "Sitzung am %s UTC", se.StartsAt.UTC().Format("02.01.2006, 15:04"))
	if se.Location != "" {
		fmt.Fprintf(&h, ", %s", se.Location)
	}
	fmt.Fprintf(&h, "  \nBeginn: %s UTC, Ende: %s UTC\n\n", clock(se.StartedAt), clock(se.ClosedAt))
	fmt.Fprintf(&h, "### Anwesenheit\n\n%d von %d Mitgliedern anwesend (beschlussfähig ab %d): %s.\n\n",
		att.Quorum.Present, att.Quorum.CouncilSize, att.Quorum.Required, map[bool]string{true: "beschlussfähig", false: "nicht beschlussfähig"}[att.Quorum.Reached])
	for _, m := range att.Members {
		fmt.Fprintf(&h, "- %s (ab %s UTC)\n", m.DisplayName, clock(&m.CheckedInAt))
	}
	writeExtras(&h, extras, nil)
	out := []Section{{Key: SectionHeader, Title: se.Title, Body: strings.TrimSpace(h.String())}}
	for _, it := range items {
		rows, err := st.Sessions().Speakers(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Aufgerufen: %s UTC, erledigt: %s UTC\n\n", clock(it.StartedAt), clock(it.EndedAt))
		if it.Description != "" {
			fmt.Fprintf(&b, "%s\n\n", it.Description)
		}
		spoken := slices.DeleteFunc(slices.Clone(rows), func(r store.SpeakerRow) bool { return r.StartedAt == nil })
		slices.SortStableFunc(spoken, func(a, b store.SpeakerRow) int { return a.StartedAt.Compare(*b.StartedAt) })
		if len(spoken) > 0 {
			b.WriteString("### Redeliste\n\n")
			for i, r := range spoken {
				name := "(gelöschtes Konto)"
				if r.DisplayName != nil {
					name = *r.DisplayName
				}
				fmt.Fprintf(&b, "%d. %s (%s), %s UTC, Redezeit %s\n", i+1, name, speakerKinds[r.Kind], clock(r.StartedAt),
					duration(r.StartedAt, r.EndedAt))
			}
			b.WriteString("\n")
		}
		id := it.ID
		writeExtras(&b, extras, &id)
		if it.Decision != "" {
			fmt.Fprintf(&b, "### Beschluss\n\n%s\n", it.Decision)
		}
		out = append(out, Section{Key: itemKey(it.ID), Title: it.Title, ItemID: &id, Confidential: it.Confidential,
			Body: strings.TrimSpace(b.String())})
		// The moderator's notes are a section of their own, which the public version never contains
		// (whatever an editor puts into it), whether the item is confidential or not.
		if it.Notes != "" {
			out = append(out, Section{Key: notesKey(it.ID), Title: "Notizen", ItemID: &id, Confidential: true, Body: it.Notes})
		}
	}
	return out, nil
}

func writeExtras(b *strings.Builder, extras []MinutesExtra, itemID *int64) {
	for _, e := range extras {
		if (e.ItemID == nil) != (itemID == nil) || (itemID != nil && *e.ItemID != *itemID) {
			continue
		}
		fmt.Fprintf(b, "\n### %s\n\n%s\n\n", e.Heading, strings.TrimSpace(e.Body))
	}
}

// render joins sections into one Markdown text; public drops the bodies of confidential items and the
// moderator's notes.
func render(sections []Section, public bool) string {
	var b strings.Builder
	n := 0
	for _, sec := range sections {
		if sec.Key == SectionHeader {
			fmt.Fprintf(&b, "# Niederschrift: %s\n\n%s\n\n", sec.Title, sec.Body)
			continue
		}
		if strings.HasPrefix(sec.Key, notesPrefix) {
			if !public {
				fmt.Fprintf(&b, "### Notizen\n\n%s\n\n", sec.Body)
			}
			continue
		}
		n++
		fmt.Fprintf(&b, "## TOP %d: %s\n\n", n, sec.Title)
		if public && sec.Confidential {
			b.WriteString("*Nicht öffentlicher Tagesordnungspunkt.*\n\n")
			continue
		}
		fmt.Fprintf(&b, "%s\n\n", sec.Body)
	}
	return strings.TrimSpace(b.String()) + "\n"
}

// draft returns the current draft: the stored sections merged with the current agenda (titles and
// confidentiality from the agenda; items without a stored section get a generated one).
func (s *Service) draft(ctx context.Context, st *store.Store, se *model.Session) (*Draft, error) {
	items, err := st.Sessions().Items(ctx, se.ID)
	if err != nil {
		return nil, err
	}
	gen, err := s.generate(ctx, st, se, items)
	if err != nil {
		return nil, err
	}
	row, err := st.Minutes().Draft(ctx, se.ID)
	if err != nil {
		return nil, err
	}
	d := &Draft{Version: 1, Sections: gen}
	if row != nil {
		var stored []Section
		if err := json.Unmarshal([]byte(row.Sections), &stored); err != nil {
			return nil, fmt.Errorf("sessions: minutes draft: %w", err)
		}
		bodies := make(map[string]string, len(stored))
		for _, sec := range stored {
			bodies[sec.Key] = sec.Body
		}
		for i := range d.Sections {
			if b, ok := bodies[d.Sections[i].Key]; ok {
				d.Sections[i].Body = b
			}
		}
		at := row.UpdatedAt
		d.Version, d.Stored, d.UpdatedAt = row.Version, true, &at
	}
	d.Markdown = render(d.Sections, false)
	d.HTML = markdown.Render(d.Markdown)
	return d, nil
}

func toVersion(u *model.User, v *model.MinutesVersion) *MinutesVersion {
	out := &MinutesVersion{Number: v.Number, PublishedAt: v.PublishedAt,
		Public: Rendering{Markdown: v.PublicMarkdown, HTML: v.PublicHTML}}
	if access.CanSeeSessionNotes(u) {
		out.Internal = &Rendering{Markdown: v.InternalMarkdown, HTML: v.InternalHTML}
	}
	return out
}

// Minutes returns the minutes of a session: the draft for the council audience, the latest published
// version for everyone who may see the session.
func (s *Service) Minutes(ctx context.Context, u *model.User, id int64) (*Minutes, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	run := access.CanRunSession(u)
	out := &Minutes{SessionID: id, Permissions: MinutesPermissions{Edit: run, Publish: run && se.State == model.SessionClosed}}
	if access.CanSeeSessionNotes(u) {
		if out.Draft, err = s.draft(ctx, s.st, se); err != nil {
			return nil, err
		}
	}
	versions, err := s.st.Minutes().Versions(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(versions) > 0 {
		out.Latest = toVersion(u, &versions[0])
	}
	return out, nil
}

// SectionEdit is the new body of one section.
type SectionEdit struct {
	Key  string
	Body string
}

// SaveDraft replaces the bodies of the named sections if ifMatch (0: header missing) is the draft's
// version; sections not named keep theirs.
func (s *Service) SaveDraft(ctx context.Context, u *model.User, id int64, ifMatch int, edits []SectionEdit) (*Draft, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if ifMatch == 0 {
		return nil, errIfMatchMissing
	}
	var out *Draft
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cur, err := s.draft(ctx, tx, se)
		if err != nil {
			return err
		}
		if cur.Version != ifMatch {
			return errStale
		}
		ve := &apperr.ValidationError{}
		for _, e := range edits {
			i := slices.IndexFunc(cur.Sections, func(sec Section) bool { return sec.Key == e.Key })
			if i < 0 {
				return errMinutesSection(e.Key)
			}
			cur.Sections[i].Body = text(ve, "sections", e.Body, false, 100000)
		}
		if err := ve.OrNil(); err != nil {
			return err
		}
		raw, err := json.Marshal(cur.Sections)
		if err != nil {
			return err
		}
		row := &model.MinutesDraft{SessionID: id, Version: cur.Version + 1, Sections: string(raw), UpdatedBy: &u.ID,
			UpdatedAt: s.timestamp()}
		ok, err := tx.Minutes().SaveDraft(ctx, row, cur.Version)
		if err != nil {
			return err
		}
		if !ok {
			return errStale
		}
		out, err = s.draft(ctx, tx, se)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Publish publishes the current draft of a closed session as a new version.
func (s *Service) Publish(ctx context.Context, u *model.User, id int64) (*MinutesVersion, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if se.State != model.SessionClosed {
		return nil, errMinutesOpen
	}
	var v *model.MinutesVersion
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		d, err := s.draft(ctx, tx, se)
		if err != nil {
			return err
		}
		pub := render(d.Sections, true)
		v = &model.MinutesVersion{SessionID: id, PublicMarkdown: pub, PublicHTML: markdown.Render(pub),
			InternalMarkdown: d.Markdown, InternalHTML: d.HTML, PublishedBy: &u.ID, PublishedAt: s.timestamp()}
		if err := tx.Minutes().AddVersion(ctx, v); err != nil {
			return err
		}
		return appendMinutes(ctx, tx, se, v)
	})
	if err != nil {
		return nil, err
	}
	return toVersion(u, v), nil
}

// MinutesVersions lists the published versions of a session's minutes, newest first.
func (s *Service) MinutesVersions(ctx context.Context, u *model.User, id int64) ([]MinutesVersion, error) {
	if _, err := s.load(ctx, u, id); err != nil {
		return nil, err
	}
	list, err := s.st.Minutes().Versions(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]MinutesVersion, len(list))
	for i := range list {
		out[i] = *toVersion(u, &list[i])
	}
	slices.SortFunc(out, func(a, b MinutesVersion) int { return cmp.Compare(b.Number, a.Number) })
	return out, nil
}

// MinutesVersion returns one published version.
func (s *Service) MinutesVersion(ctx context.Context, u *model.User, id int64, number int) (*MinutesVersion, error) {
	if _, err := s.load(ctx, u, id); err != nil {
		return nil, err
	}
	v, err := s.st.Minutes().Version(ctx, id, number)
	if err != nil {
		return nil, err
	}
	return toVersion(u, v), nil
}
