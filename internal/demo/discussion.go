package demo

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/moderation"
)

// maxAgo is the oldest a demo comment may be: the newest document versions are older (see Seed).
const maxAgo = 30 * 24 * time.Hour

var agoPattern = regexp.MustCompile(`^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$`)

// parseAgo reads "3d4h" and the like; Go's durations have no days.
func parseAgo(s string) (time.Duration, error) {
	m := agoPattern.FindStringSubmatch(s)
	if s == "" || m == nil {
		return 0, fmt.Errorf("ago %q: want days, hours and minutes like 3d4h or 45m", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			d += time.Duration(n) * unit
		}
	}
	return d, nil
}

// account returns the demo account whose e-mail address starts with name@.
func account(name string) (Account, bool) {
	for _, a := range Accounts {
		if a.Email == name+"@example.org" {
			return a, true
		}
	}
	return Account{}, false
}

// checkComment checks what the loader can check of a demo comment (parent nil: a top-level comment), so
// that a typo fails TestContentIsValid instead of the seeding. Whether the paragraph exists is checked
// by the seeding itself (TestSeed).
func checkComment(p *Project, c *Comment, parent *Comment) error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	author, ok := account(c.By)
	if !ok {
		fail("by %q is not a demo account", c.By)
	}
	c.Body = strings.TrimSpace(c.Body)
	if c.Body == "" {
		fail("body is empty")
	}
	ago, err := parseAgo(c.Ago)
	if err != nil {
		errs = append(errs, err)
	} else if ago < time.Hour || ago > maxAgo {
		fail("ago %q: must be between 1h and 30d", c.Ago)
	}
	if parent != nil {
		if pa, err := parseAgo(parent.Ago); err == nil && ago >= pa {
			fail("ago %q: a reply must be younger than its parent (%s)", c.Ago, parent.Ago)
		}
		if parent.Hidden != "" {
			fail("a hidden comment has no replies")
		}
	}
	switch c.Kind {
	case "", comments.KindComment:
	case comments.KindQuestion:
		if parent != nil {
			fail("a reply cannot be a question")
		}
	default:
		fail("kind %q: want comment or question", c.Kind)
	}
	if c.Stance != "" && !slices.Contains(model.CommentStances, c.Stance) {
		fail("stance %q: want one of %v", c.Stance, model.CommentStances)
	}
	if c.Document != "" || c.Paragraph != "" {
		if parent != nil {
			fail("a reply takes the paragraph of its parent")
		}
		if c.Paragraph == "" || !slices.ContainsFunc(p.Documents, func(d Document) bool { return d.Dir == c.Document }) {
			fail("document %q with paragraph %q: want the dir of a document of the project and a text of one of its paragraphs", c.Document, c.Paragraph)
		}
	}
	official := ok && slices.Contains(author.Roles, model.RoleOfficial)
	if p.PreModeration && ok && len(author.Roles) == 0 && c.Channel == "" {
		fail("%s is a resident: in a pre-moderated project the comment would wait for a moderator", c.By)
	}
	if c.Official && (parent == nil || !official || author.Department != p.OwnerUnit) {
		fail("official: only replies of an official of the owning department (%s)", p.OwnerUnit)
	}
	if c.Channel != "" {
		if parent != nil || !official || author.Department != p.OwnerUnit {
			fail("channel: only top-level contributions recorded by an official of the owning department (%s)", p.OwnerUnit)
		}
		if !slices.Contains([]string{"letter", "phone", "in_person"}, c.Channel) {
			fail("channel %q: want letter, phone or in_person", c.Channel)
		}
		if r, err := parseAgo(c.Received); err != nil || r > 14*24*time.Hour {
			fail("received %q: want days before the recording like 2d (at most 14d)", c.Received)
		}
	} else if c.Submitter != "" || c.Received != "" {
		fail("submitter and received belong to a contribution with a channel")
	}
	seen := map[string]bool{c.By: true}
	for _, v := range slices.Concat(c.Up, c.Down) {
		if _, ok := account(v); !ok || seen[v] {
			fail("vote of %q: want a demo account other than the author, each voting once", v)
		}
		seen[v] = true
	}
	if c.Hidden != "" && !slices.Contains(moderation.HideReasons, c.Hidden) {
		fail("hidden %q: want one of %v", c.Hidden, moderation.HideReasons)
	}
	for i := range c.Replies {
		if err := checkComment(p, &c.Replies[i], c); err != nil {
			fail("reply %d: %w", i+1, err)
		}
	}
	return errors.Join(errs...)
}
