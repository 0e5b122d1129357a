package demo

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
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
	projects, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) < 12 {
		t.Fatalf("want at least 12 projects, got %d", len(projects))
	}

	statuses := map[string]int{}
	principles := map[string]int{}
	owners := map[string]int{}
	slugs := map[string]bool{}
	revisions := 0

	for _, p := range projects {
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
		if p.Lotse.Name == "" || !strings.HasSuffix(p.Lotse.Email, "@example.org") {
			t.Errorf("%s: Lotse needs a name and an @example.org address, got %q", name, p.Lotse.Email)
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
			if n := len(blocks(d.Versions[0].Markdown)); n < 4 {
				t.Errorf("%s: want at least 4 blocks, got %d", doc, n)
			}
			for i, v := range d.Versions {
				if v.Note == "" {
					t.Errorf("%s: version %d has no change note", doc, i+1)
				}
				if strings.Contains(v.Markdown, "`") {
					t.Errorf("%s: Markdown of version %d contains a backtick", doc, i+1)
				}
			}
			if len(d.Versions) > 1 {
				revisions++
			}
			for i := 1; i < len(d.Versions); i++ {
				prev, next := d.Versions[i-1].Markdown, d.Versions[i].Markdown
				if next == prev {
					t.Errorf("%s: version %d equals version %d", doc, i+1, i)
				}
				// One paragraph changed, one added, everything else identical.
				orig, rev := blocks(prev), blocks(next)
				if len(rev) != len(orig)+1 {
					t.Errorf("%s: version %d has %d blocks, want %d", doc, i+1, len(rev), len(orig)+1)
				}
				if removed := multisetMinus(orig, rev); len(removed) != 1 {
					t.Errorf("%s: version %d should change exactly one block, %d blocks of the previous version are gone", doc, i+1, len(removed))
				}
				if added := multisetMinus(rev, orig); len(added) != 2 {
					t.Errorf("%s: version %d should change one block and add one, got %d new blocks", doc, i+1, len(added))
				}
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

// TestLoadRejectsMistakes shows that typos in the content fail instead of silently dropping content.
func TestLoadRejectsMistakes(t *testing.T) {
	valid := func() fstest.MapFS {
		return fstest.MapFS{
			"projects.yaml":    {Data: []byte("projects: [p]\n")},
			"p/project.yaml":   {Data: []byte("title: T\nstart_date: 2026-01-02\ndocuments:\n  - dir: d\n    title: D\n    versions:\n      - note: Erste Fassung\n      - note: Zweite\n")},
			"p/description.md": {Data: []byte("\nBeschreibung\n\n")},
			"p/d/v1.md":        {Data: []byte("Eins\n")},
			"p/d/v2.md":        {Data: []byte("Zwei\n")},
		}
	}
	disc := func(comment string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("comments:\n  - " + comment + "\n")}
	}
	f := valid()
	f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    document: d\n    paragraph: Zwei\n    body: |\n      Gut.\n    up: [council]\n    replies: [{by: council, ago: 1d, body: Ja.}]")
	got, err := load(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Discussion) != 1 || got[0].Discussion[0].Body != "Gut." || len(got[0].Discussion[0].Replies) != 1 {
		t.Fatalf("discussion loaded as %+v", got[0].Discussion)
	}
	got, err = load(valid())
	if err != nil {
		t.Fatal(err)
	}
	want := []Project{{Slug: "p", Title: "T", StartDate: "2026-01-02", Description: "Beschreibung",
		Documents: []Document{{Dir: "d", Title: "D", Versions: []Version{{Note: "Erste Fassung", Markdown: "Eins"}, {Note: "Zweite", Markdown: "Zwei"}}}}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded %+v\nwant %+v", got, want)
	}

	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
	}{
		{"unknown key", func(f fstest.MapFS) { f["p/project.yaml"] = &fstest.MapFile{Data: []byte("title: T\ntitel: T\n")} }},
		{"duplicate key", func(f fstest.MapFS) { f["p/project.yaml"] = &fstest.MapFile{Data: []byte("title: T\ntitle: U\n")} }},
		{"unknown key in a document", func(f fstest.MapFS) {
			f["p/project.yaml"] = &fstest.MapFile{Data: []byte("title: T\ndocuments:\n  - dir: d\n    kinds: report\n    versions: [{note: x}, {note: y}]\n")}
		}},
		{"missing version file", func(f fstest.MapFS) { delete(f, "p/d/v2.md") }},
		{"version file without a version", func(f fstest.MapFS) { f["p/d/v3.md"] = &fstest.MapFile{Data: []byte("Drei\n")} }},
		{"stray file", func(f fstest.MapFS) { f["p/notes.md"] = &fstest.MapFile{Data: []byte("x\n")} }},
		{"empty Markdown", func(f fstest.MapFS) { f["p/d/v1.md"] = &fstest.MapFile{Data: []byte("\n")} }},
		{"missing description", func(f fstest.MapFS) { delete(f, "p/description.md") }},
		{"unlisted project", func(f fstest.MapFS) { f["q/project.yaml"] = &fstest.MapFile{Data: []byte("title: Q\n")} }},
		{"listed twice", func(f fstest.MapFS) { f["projects.yaml"] = &fstest.MapFile{Data: []byte("projects: [p, p]\n")} }},
		{"comment by an unknown account", func(f fstest.MapFS) { f["p/discussion.yaml"] = disc("by: nobody\n    ago: 2d\n    body: x") }},
		{"comment without body", func(f fstest.MapFS) { f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d") }},
		{"comment in the future", func(f fstest.MapFS) { f["p/discussion.yaml"] = disc("by: resident\n    ago: 40d\n    body: x") }},
		{"unknown key in a comment", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    votes: 3")
		}},
		{"reply older than its parent", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    replies: [{by: council, ago: 3d, body: y}]")
		}},
		{"official response of a resident", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    replies: [{by: resident, ago: 1d, official: true, body: y}]")
		}},
		{"author votes", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    up: [resident]")
		}},
		{"paragraph of an unknown document", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    document: e\n    paragraph: Zwei")
		}},
		{"unknown hide reason", func(f fstest.MapFS) {
			f["p/discussion.yaml"] = disc("by: resident\n    ago: 2d\n    body: x\n    hidden: rude")
		}},
		{"listed without directory", func(f fstest.MapFS) { f["projects.yaml"] = &fstest.MapFile{Data: []byte("projects: [p, q]\n")} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := valid()
			tc.change(f)
			if _, err := load(f); err == nil {
				t.Error("no error")
			}
		})
	}
}
