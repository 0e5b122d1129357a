package markdown

import (
	"strings"
	"testing"
	"time"
)

// docLimit is the longest document text (characters) the API accepts.
const docLimit = 500_000

// repeatTo repeats unit until the text is about n bytes long.
func repeatTo(unit string, n int) string { return strings.Repeat(unit, n/len(unit)) }

// pathological are inputs that took seconds to minutes of CPU, or blew up the output, before the
// limits of bound: deep nesting, long delimiter runs, and the same at the limit in many paragraphs.
var pathological = map[string]string{
	"deep quotes":                   repeatTo(">", docLimit),
	"deep inline lists":             repeatTo("- ", docLimit),
	"deep ordered lists":            repeatTo("1. ", docLimit),
	"quotes and lists":              repeatTo("> - ", docLimit),
	"lists by indentation":          indentedLists(docLimit),
	"emphasis delimiters":           repeatTo("*a_", docLimit),
	"emphasis openers":              repeatTo("*a ", docLimit),
	"link openers":                  repeatTo("[a](", docLimit),
	"image openers":                 repeatTo("![", docLimit),
	"brackets":                      repeatTo("[", docLimit),
	"backticks of every length":     backtickRuns(docLimit),
	"mixed delimiters":              repeatTo("*_[`~", docLimit),
	"paragraphs at the delim limit": repeatTo(strings.Repeat("*a_", maxDelims/2)+"\n\n", docLimit),
	"paragraphs at the link limit":  repeatTo(strings.Repeat("[a](", maxBrackets)+"\n\n", docLimit),
	"table with empty cells":        "|" + strings.Repeat("|", 1000) + "\n|" + strings.Repeat("-|", 1000) + "\n" + repeatTo(strings.Repeat("|", 1000)+"\n", docLimit-3000),
	"comment-sized emphasis":        repeatTo("*a_", 10_000),
}

func indentedLists(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("  ", i%2000) + "- a\n")
	}
	return b.String()
}

func backtickRuns(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("`", i%3000) + "a")
	}
	return b.String()
}

// timed renders and logs how long it took. There is no deadline in the test (timings on a shared CI
// machine under the race detector vary tenfold): before the limits some of these inputs took minutes to
// hours, which the test binary's own timeout catches; the figures are in the -v log.
func timed(t *testing.T, what string, fn func() int) int {
	t.Helper()
	start := time.Now()
	n := fn()
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
	return n
}

func TestPathologicalInputsRenderBounded(t *testing.T) {
	for name, src := range pathological {
		t.Run(name, func(t *testing.T) {
			out := timed(t, "Render", func() int { return len(Render(src)) })
			// Output stays linear in the input: the worst legitimate case is an empty table cell ("|"
			// becomes "<td></td>").
			if limit := 12*len(src) + 4096; out > limit {
				t.Fatalf("%d bytes of input rendered to %d bytes (limit %d)", len(src), out, limit)
			}
			timed(t, "Blocks", func() int { return len(Blocks(src)) })
		})
	}
}

func TestBoundLeavesOrdinaryTextAlone(t *testing.T) {
	for _, src := range []string{
		"# Title\n\nSome *emphasis*, __strong__, ~~struck~~ and `code` with a [link](https://example.org).\n",
		"> quote\n> > nested\n\n- a\n  - b\n    1. c\n",
		"```go\nfunc main() { x := a*b*c }\n```\n",
		"| a | b |\n|---|---|\n| *x* | `y` |\n",
		"Escaped \\* stars \\[ and \\` ticks.\n",
		strings.Repeat("> ", MaxDepth) + "deepest allowed\n",
	} {
		if got := bound(src); got != src {
			t.Errorf("bound changed %q into %q", src, got)
		}
	}
}

func TestBoundEscapesBeyondTheLimits(t *testing.T) {
	deep := strings.Repeat("> ", MaxDepth+3) + "x"
	if got := Render(deep); strings.Count(got, "<blockquote>") != MaxDepth {
		t.Fatalf("nesting beyond %d: %d block quotes", MaxDepth, strings.Count(got, "<blockquote>"))
	}
	lists := strings.Repeat("- ", MaxDepth+3) + "x"
	if got := Render(lists); strings.Count(got, "<ul>") != MaxDepth {
		t.Fatalf("list nesting beyond %d: %d lists", MaxDepth, strings.Count(got, "<ul>"))
	}
	// Inside a fenced code block nothing is escaped, however many delimiters it has.
	code := "```\n" + strings.Repeat("*_[`", 1000) + "\n```\n"
	if got := bound(code); got != code {
		t.Fatal("bound changed a fenced code block")
	}
	// A paragraph beyond the delimiter limit keeps its text.
	many := strings.Repeat("a*", maxDelims+10)
	if got := Render(many); strings.Count(got, "*") < 10 {
		t.Fatalf("escaped delimiters lost: %.200s", got)
	}
}
