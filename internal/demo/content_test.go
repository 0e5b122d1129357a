package demo

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	listItemPattern = regexp.MustCompile(`^\s*([-*+]|\d+\.)\s+`)
)

var (
	allStatuses   = []string{"idea", "planned", "in_progress", "pilot", "done", "paused", "cancelled"}
	allPrinciples = []string{"citizen_centred", "efficiency", "inclusion", "once_only", "transparency"}
	allKinds      = []string{"concept", "specification", "report", "evaluation"}
)

// blocks splits Markdown into blocks the way the document model sees them:
// every heading and every list item is a block, consecutive other lines form a paragraph.
func blocks(md string) []string {
	var out []string
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, strings.Join(para, "\n"))
			para = nil
		}
	}
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			flush()
		case strings.HasPrefix(trimmed, "#"), listItemPattern.MatchString(line):
			flush()
			out = append(out, trimmed)
		default:
			para = append(para, trimmed)
		}
	}
	flush()
	return out
}

// multisetMinus returns the blocks of a that are not matched by a block of b.
func multisetMinus(a, b []string) []string {
	count := map[string]int{}
	for _, s := range b {
		count[s]++
	}
	var out []string
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestContentIsValid(t *testing.T) {
	if len(Projects) < 12 {
		t.Fatalf("want at least 12 projects, got %d", len(Projects))
	}

	statuses := map[string]int{}
	principles := map[string]int{}
	owners := map[string]int{}
	slugs := map[string]bool{}
	revisions := 0

	for _, p := range Projects {
		name := p.Slug
		if !slugPattern.MatchString(p.Slug) || len(p.Slug) > 60 {
			t.Errorf("%q: invalid slug", p.Slug)
		}
		if slugs[p.Slug] {
			t.Errorf("%q: duplicate slug", p.Slug)
		}
		slugs[p.Slug] = true

		if p.Title == "" || p.Summary == "" || p.Description == "" || p.PlainSummary == "" || p.OwnerUnit == "" {
			t.Errorf("%s: title, summary, description, plain summary and owner are required", name)
		}
		if !contains(allStatuses, p.Status) {
			t.Errorf("%s: unknown status %q", name, p.Status)
		}
		statuses[p.Status]++
		owners[p.OwnerUnit]++

		if len(p.Principles) == 0 {
			t.Errorf("%s: no principles", name)
		}
		seen := map[string]bool{}
		for _, pr := range p.Principles {
			if !contains(allPrinciples, pr) {
				t.Errorf("%s: unknown principle %q", name, pr)
			}
			if seen[pr] {
				t.Errorf("%s: duplicate principle %q", name, pr)
			}
			seen[pr] = true
			principles[pr]++
		}

		if p.Effort < 1 || p.Effort > 5 {
			t.Errorf("%s: effort %d not in 1..5", name, p.Effort)
		}
		if p.ExpectedReach < 200 || p.ExpectedReach > 400000 {
			t.Errorf("%s: expected reach %d not in 200..400000", name, p.ExpectedReach)
		}
		if p.Status == "idea" && p.BudgetEUR != nil {
			t.Errorf("%s: ideas have no budget", name)
		}
		if p.BudgetEUR != nil && *p.BudgetEUR <= 0 {
			t.Errorf("%s: budget must be positive", name)
		}
		var start, end time.Time
		for _, d := range []struct {
			value string
			into  *time.Time
		}{{p.StartDate, &start}, {p.EndDate, &end}} {
			if d.value == "" {
				continue
			}
			parsed, err := time.Parse("2006-01-02", d.value)
			if err != nil {
				t.Errorf("%s: bad date %q", name, d.value)
			}
			*d.into = parsed
		}
		if !start.IsZero() && !end.IsZero() && end.Before(start) {
			t.Errorf("%s: end date before start date", name)
		}
		if p.LotseName == "" || !strings.HasSuffix(p.LotseEmail, "@example.org") {
			t.Errorf("%s: Lotse needs a name and an @example.org address, got %q", name, p.LotseEmail)
		}

		if len(p.Documents) < 1 || len(p.Documents) > 2 {
			t.Errorf("%s: want 1-2 documents, got %d", name, len(p.Documents))
		}
		for _, text := range []string{p.Description, p.Summary, p.PlainSummary} {
			if strings.Contains(text, "`") {
				t.Errorf("%s: text contains a backtick", name)
			}
		}
		for _, d := range p.Documents {
			doc := name + "/" + d.Title
			if !contains(allKinds, d.Kind) {
				t.Errorf("%s: unknown document kind %q", doc, d.Kind)
			}
			if d.Title == "" {
				t.Errorf("%s: document without title", name)
			}
			if n := len(blocks(d.Markdown)); n < 4 {
				t.Errorf("%s: want at least 4 blocks, got %d", doc, n)
			}
			if strings.Contains(d.Markdown+d.Revision, "`") {
				t.Errorf("%s: Markdown contains a backtick", doc)
			}
			if d.Revision == "" {
				continue
			}
			revisions++
			if d.Revision == d.Markdown {
				t.Errorf("%s: revision equals the original", doc)
			}
			// One paragraph changed, one added, everything else identical.
			orig, rev := blocks(d.Markdown), blocks(d.Revision)
			if len(rev) != len(orig)+1 {
				t.Errorf("%s: revision has %d blocks, want %d", doc, len(rev), len(orig)+1)
			}
			if removed := multisetMinus(orig, rev); len(removed) != 1 {
				t.Errorf("%s: revision should change exactly one block, %d original blocks are gone", doc, len(removed))
			}
			if added := multisetMinus(rev, orig); len(added) != 2 {
				t.Errorf("%s: revision should change one block and add one, got %d new blocks", doc, len(added))
			}
		}
	}

	for _, s := range allStatuses {
		if statuses[s] == 0 {
			t.Errorf("status %q does not occur", s)
		}
	}
	for _, pr := range allPrinciples {
		if principles[pr] < 2 {
			t.Errorf("principle %q occurs in %d projects, want several", pr, principles[pr])
		}
	}
	if owners["Bürgeramt"] < 4 {
		t.Errorf("Bürgeramt owns %d projects, want at least 4", owners["Bürgeramt"])
	}
	if revisions < 5 {
		t.Errorf("want at least 5 documents with a revision, got %d", revisions)
	}
}
