package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// The demo content lives in files, not in Go strings, so that a changed paragraph is a one-line diff and
// the German prose can be edited without touching code:
//
//	content/projects.yaml              the project slugs in the order Seed creates them
//	content/<slug>/project.yaml        the project's fields and its documents
//	content/<slug>/description.md      the project's description (Markdown)
//	content/<slug>/<dir>/v1.md, v2.md  one file per version of a document, the whole text each
//	content/<slug>/discussion.yaml     optional: the comments on the project and its documents (Comment)
//
// Every version is a complete file rather than a list of edits of the previous one: it is what the
// service stores and what a reader wants to see, and git shows the difference between v1.md and v2.md
// well enough. Unknown YAML keys and files that no project.yaml refers to are errors, so a typo fails
// TestContentIsValid instead of silently dropping content.
//
// Later kinds of demo data (kpis:, polls: in project.yaml) become a new field of Project and a new step in
// seedProject; the loader needs no other change.

//go:embed content
var contentFS embed.FS

// Project is one demo project of the city's digital strategy, read from content/<slug>/.
type Project struct {
	Slug          string     `yaml:"-"` // the name of the project's directory
	Title         string     `yaml:"title"`
	Summary       string     `yaml:"summary"`        // one or two sentences
	Description   string     `yaml:"-"`              // description.md: 3-6 paragraphs, may use headings and lists
	PlainSummary  string     `yaml:"plain_summary"`  // Leichte Sprache: very short sentences, one idea per sentence
	Status        string     `yaml:"status"`         // idea, planned, in_progress, pilot, done, paused, cancelled
	OwnerUnit     string     `yaml:"owner_unit"`     // department, city company or IT subsidiary
	Principles    []string   `yaml:"principles"`     // subset of citizen_centred, efficiency, inclusion, once_only, transparency
	ExpectedReach int64      `yaml:"expected_reach"` // users per year
	Effort        int        `yaml:"effort"`         // 1..5
	BudgetEUR     *int64     `yaml:"budget_eur"`     // absent when unknown
	StartDate     string     `yaml:"start_date"`     // "YYYY-MM-DD" or absent
	EndDate       string     `yaml:"end_date"`       // "YYYY-MM-DD" or absent
	Lotse         Lotse      `yaml:"lotse"`          // Digital-Lotse contact (fictional person)
	PreModeration bool       `yaml:"pre_moderation"` // comments of residents wait for a moderator's approval
	Documents     []Document `yaml:"documents"`
	Discussion    []Comment  `yaml:"-"` // discussion.yaml, absent when nobody has commented yet
}

// discussion is content/<slug>/discussion.yaml.
type discussion struct {
	Comments []Comment `yaml:"comments"` // in the order Seed writes them
}

// Comment is one demo comment with its replies, written through the real services as its author (By)
// would have written it. Times are relative to the seeding, so the demo never looks stale.
type Comment struct {
	By        string    `yaml:"by"`        // demo account: the part of its e-mail address before the @
	Ago       string    `yaml:"ago"`       // when, before the seeding: "12d", "3d4h", "5h" (1h to 30d)
	Kind      string    `yaml:"kind"`      // comment (default) or question; replies may not be questions
	Stance    string    `yaml:"stance"`    // pro, contra, neutral or absent
	Document  string    `yaml:"document"`  // dir of one of the project's documents: a paragraph comment
	Paragraph string    `yaml:"paragraph"` // with document: text of the paragraph in the newest version
	Body      string    `yaml:"body"`      // Markdown
	Official  bool      `yaml:"official"`  // replies only: an official response of By (an official)
	Channel   string    `yaml:"channel"`   // letter, phone or in_person: recorded by By (an official) for Submitter
	Submitter string    `yaml:"submitter"` // with channel: the sender's name as they gave it; absent is anonym
	Received  string    `yaml:"received"`  // with channel: days before the comment was recorded, "2d"
	Up        []string  `yaml:"up"`        // accounts that agree (never the author)
	Down      []string  `yaml:"down"`      // accounts that disagree
	Hidden    string    `yaml:"hidden"`    // a moderator hid it for this reason (one of moderation.HideReasons)
	Replies   []Comment `yaml:"replies"`
}

// Lotse is the Digital-Lotse contact of a demo project.
type Lotse struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"` // @example.org addresses only
}

// Document is one Markdown document of a demo project, with its versions in content/<slug>/<Dir>/.
type Document struct {
	Dir      string    `yaml:"dir"`  // directory of the version files, unique within the project
	Kind     string    `yaml:"kind"` // concept, specification, report, evaluation
	Title    string    `yaml:"title"`
	Versions []Version `yaml:"versions"` // the first is the document as created, each further one an edit
}

// Version is one version of a demo document; its text is in v<n>.md, n counting from 1.
type Version struct {
	Note     string `yaml:"note"` // the change note shown in the document's history
	Markdown string `yaml:"-"`
}

// index is content/projects.yaml.
type index struct {
	Projects []string `yaml:"projects"` // slugs; the order is the order of creation
}

// Load reads the demo projects from the content embedded in the binary.
func Load() ([]Project, error) {
	sub, err := fs.Sub(contentFS, "content")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return load(sub)
}

// load reads the demo projects from fsys, laid out as described at the top of this file.
func load(fsys fs.FS) ([]Project, error) {
	var idx index
	if err := readYAML(fsys, "projects.yaml", &idx); err != nil {
		return nil, err
	}
	listed := map[string]bool{}
	projects := make([]Project, 0, len(idx.Projects))
	for _, slug := range idx.Projects {
		if listed[slug] {
			return nil, fmt.Errorf("demo: projects.yaml: %q is listed twice", slug)
		}
		listed[slug] = true
		p, err := loadProject(fsys, slug)
		if err != nil {
			return nil, err
		}
		projects = append(projects, p)
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	for _, e := range entries {
		if e.Name() != "projects.yaml" && !listed[e.Name()] {
			return nil, fmt.Errorf("demo: %s is not listed in projects.yaml", e.Name())
		}
	}
	return projects, nil
}

// loadProject reads content/<slug>/ and checks that it holds no file that project.yaml does not refer to.
func loadProject(fsys fs.FS, slug string) (Project, error) {
	var p Project
	if err := readYAML(fsys, path.Join(slug, "project.yaml"), &p); err != nil {
		return p, err
	}
	p.Slug = slug
	used := map[string]bool{path.Join(slug, "project.yaml"): true}
	read := func(name string) (string, error) {
		used[name] = true
		return readMarkdown(fsys, name)
	}
	var err error
	if p.Description, err = read(path.Join(slug, "description.md")); err != nil {
		return p, err
	}
	dirs := map[string]bool{}
	for i := range p.Documents {
		d := &p.Documents[i]
		if d.Dir == "" || strings.ContainsAny(d.Dir, `/\.`) || dirs[d.Dir] {
			return p, fmt.Errorf("demo: %s/project.yaml: document %q needs a dir of its own (a plain name)", slug, d.Title)
		}
		dirs[d.Dir] = true
		if len(d.Versions) == 0 {
			return p, fmt.Errorf("demo: %s/project.yaml: document %q has no versions", slug, d.Title)
		}
		for j := range d.Versions {
			if d.Versions[j].Markdown, err = read(path.Join(slug, d.Dir, fmt.Sprintf("v%d.md", j+1))); err != nil {
				return p, err
			}
		}
	}
	discussionFile := path.Join(slug, "discussion.yaml")
	if _, statErr := fs.Stat(fsys, discussionFile); statErr == nil {
		used[discussionFile] = true
		var d discussion
		if err := readYAML(fsys, discussionFile, &d); err != nil {
			return p, err
		}
		for i := range d.Comments {
			if err := checkComment(&p, &d.Comments[i], nil); err != nil {
				return p, fmt.Errorf("demo: %s: comment %d: %w", discussionFile, i+1, err)
			}
		}
		p.Discussion = d.Comments
	}
	err = fs.WalkDir(fsys, slug, func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && !used[name] {
			return fmt.Errorf("demo: %s is not referred to by %s/project.yaml", name, slug)
		}
		return nil
	})
	return p, err
}

// readYAML decodes one YAML file strictly: unknown and duplicate keys are errors.
func readYAML(fsys fs.FS, name string, into any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := yaml.Load(b, into, yaml.WithKnownFields(), yaml.WithUniqueKeys()); err != nil {
		return fmt.Errorf("demo: %s: %w", name, err)
	}
	return nil
}

// readMarkdown reads a Markdown file; surrounding blank lines (such as the final newline editors add)
// are not part of the text.
func readMarkdown(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return "", fmt.Errorf("demo: %w", err)
	}
	text := strings.TrimSpace(string(b))
	if text == "" {
		return "", fmt.Errorf("demo: %s is empty", name)
	}
	return text, nil
}
