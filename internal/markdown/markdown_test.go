package markdown

import (
	"strings"
	"testing"
)

func TestRenderIsInert(t *testing.T) {
	tests := []struct {
		name, in string
		forbid   []string
		want     string
	}{
		{"script tag", "Hallo <script>alert(1)</script> Welt", []string{"<script", "alert(1)</"}, "Hallo"},
		{"javascript link", "[x](javascript:alert(1))", []string{"javascript:", "href"}, "x"},
		{"img onerror", `<img src=x onerror="alert(1)">`, []string{"<img", "onerror"}, ""},
		{"markdown image", "![bild](https://evil.example/x.png)", []string{"<img"}, ""},
		{"data link", `<a href="data:text/html,<script>alert(1)</script>">d</a>`, []string{"data:", "<script"}, ""},
		{"data markdown link", "[d](data:text/html;base64,PHNjcmlwdD4=)", []string{"data:", "href"}, "d"},
		{"vbscript link", "[v](vbscript:msgbox)", []string{"vbscript:", "href"}, "v"},
		{"style attribute", `<p style="x">a</p>`, []string{"style"}, ""},
		{"https link", "[ok](https://example.org/a)", nil, `<a href="https://example.org/a" rel="nofollow ugc">ok</a>`},
		{"mailto link", "[m](mailto:a@example.org)", nil, `href="mailto:a@example.org"`},
		{"linkify", "siehe https://example.org", nil, `rel="nofollow ugc"`},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", nil, "<td>1</td>"},
		{"strikethrough", "~~weg~~", nil, "<del>weg</del>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Render(tc.in)
			for _, f := range tc.forbid {
				if strings.Contains(strings.ToLower(got), strings.ToLower(f)) {
					t.Errorf("Render(%q) = %q contains %q", tc.in, got, f)
				}
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("Render(%q) = %q, want it to contain %q", tc.in, got, tc.want)
			}
			for _, b := range Blocks(tc.in) {
				for _, f := range tc.forbid {
					if strings.Contains(strings.ToLower(b.HTML), strings.ToLower(f)) {
						t.Errorf("block %q contains %q", b.HTML, f)
					}
				}
			}
		})
	}
}

func TestBlocks(t *testing.T) {
	src := "## Titel\n\nErster   Absatz\nmit zwei Zeilen.\n\n- eins\n- zwei\n  - verschachtelt\n\n3. drei\n4. vier\n\n> Zitat\n> weiter\n\n```\ncode\n```\n\n---\n\nLetzter Absatz."
	got := Blocks(src)
	want := []struct{ kind, source, html string }{
		{KindHeading, "## Titel", "<h2>Titel</h2>"},
		{KindParagraph, "Erster Absatz mit zwei Zeilen.", "<p>Erster"},
		{KindListItem, "eins", "<ul>\n<li>eins</li>\n</ul>"},
		{KindListItem, "zwei - verschachtelt", "<li>verschachtelt</li>"},
		{KindListItem, "drei", `<ol start="3">`},
		{KindListItem, "vier", `<ol start="4">`},
		{KindQuote, "Zitat > weiter", "<blockquote>"},
		{KindCode, "code", "<pre><code>code"},
		{KindParagraph, "Letzter Absatz.", "<p>Letzter Absatz.</p>"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d blocks, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		t.Run(w.source, func(t *testing.T) {
			b := got[i]
			if b.Kind != w.kind || b.Source != w.source || !strings.Contains(b.HTML, w.html) {
				t.Errorf("block %d = %+v, want kind %s source %q html containing %q", i, b, w.kind, w.source, w.html)
			}
		})
	}
}

func TestHashIgnoresWhitespaceButNotKind(t *testing.T) {
	a := Blocks("Ein  Absatz\nhier.")[0]
	b := Blocks("  Ein Absatz hier.  ")[0]
	if a.Hash() != b.Hash() {
		t.Error("whitespace changes the hash")
	}
	c := Blocks("- Ein Absatz hier.")[0]
	if a.Hash() == c.Hash() {
		t.Error("a list item and a paragraph with the same text share a hash")
	}
	d := Blocks("### Ein Absatz hier.")[0]
	e := Blocks("## Ein Absatz hier.")[0]
	if d.Hash() == e.Hash() {
		t.Error("heading level does not change the hash")
	}
}
