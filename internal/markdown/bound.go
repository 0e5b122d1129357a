package markdown

import "strings"

// Limits of what the parser is given. goldmark's cost grows with the square of the nesting depth and of
// the number of emphasis delimiters and link brackets in one paragraph, and its output with the nesting
// depth: 20,000 '>' became half a megabyte of HTML and a paragraph of "*a_" repeated took seconds. No
// real comment or document comes near these limits; beyond them the markers are escaped and show as
// the characters they are.
const (
	// MaxDepth is the deepest nesting of block quotes and list items.
	MaxDepth = 16
	// maxIndent caps the leading spaces of a line that opens a list item or quote (nesting by indentation).
	maxIndent = 3 * MaxDepth
	// maxDelims is the number of emphasis delimiters (* _ ~) per paragraph.
	maxDelims = 500
	// maxBrackets is the number of link and image brackets ([) per paragraph.
	maxBrackets = 200
	// maxBackticks is the number of backticks per paragraph.
	maxBackticks = 200
)

// bound returns src with the markers beyond the limits above escaped, so that rendering any input takes
// time and produces output roughly linear in its length. Text within the limits is returned unchanged.
// Fenced code blocks are copied as they are: their content is not parsed as Markdown.
func bound(src string) string {
	var b strings.Builder
	b.Grow(len(src) + len(src)/16)
	var fence string // the fence that opened the current code block, "" outside one
	var delims, brackets, ticks int
	for line := range strings.Lines(src) {
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(strings.TrimSpace(trimmed), fence[:1]) == "" {
				fence = ""
			}
			b.WriteString(line)
			continue
		}
		if len(line)-len(trimmed) <= 3 {
			if f := fenceOf(trimmed); f != "" {
				fence = f
				b.WriteString(line)
				continue
			}
		}
		if strings.TrimSpace(line) == "" {
			delims, brackets, ticks = 0, 0, 0 // a blank line ends the paragraph
			b.WriteString(line)
			continue
		}
		rest := boundContainers(&b, line)
		boundInline(&b, rest, &delims, &brackets, &ticks)
	}
	return b.String()
}

// fenceOf returns the fence (``` or ~~~, at least three) a line opens, or "".
func fenceOf(s string) string {
	for _, c := range []string{"`", "~"} {
		n := len(s) - len(strings.TrimLeft(s, c))
		if n >= 3 {
			if c == "`" && strings.Contains(s[n:], "`") {
				return "" // an info string with a backtick: not a fence
			}
			return strings.Repeat(c, n)
		}
	}
	return ""
}

// boundContainers copies the container markers (>, list markers) at the start of line to b, escaping
// those beyond MaxDepth and trimming the indentation of deeply indented ones. It returns the rest.
func boundContainers(b *strings.Builder, line string) string {
	depth, i := 0, 0
	for {
		j := i
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		n := markerLen(line[j:])
		if n == 0 {
			return line[i:]
		}
		indent := line[i:j]
		if len(indent) > maxIndent {
			indent = indent[:maxIndent]
		}
		b.WriteString(indent)
		depth++
		if depth > MaxDepth {
			b.WriteByte('\\')
			if line[j] >= '0' && line[j] <= '9' { // escape the '.' or ')' of an ordered marker
				b.WriteString(line[j : j+n-1])
				b.WriteByte('\\')
				b.WriteByte(line[j+n-1])
				return line[j+n:]
			}
			return line[j:]
		}
		b.WriteString(line[j : j+n])
		i = j + n
	}
}

// markerLen is the length of a block quote or list marker at the start of s (without the space after
// it), or 0.
func markerLen(s string) int {
	if s == "" {
		return 0
	}
	follows := func(k int) bool { return k == len(s) || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r' }
	switch c := s[0]; {
	case c == '>':
		return 1
	case c == '-' || c == '+' || c == '*':
		if follows(1) {
			return 1
		}
	case c >= '0' && c <= '9':
		k := 0
		for k < len(s) && k < 9 && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k < len(s) && (s[k] == '.' || s[k] == ')') && follows(k+1) {
			return k + 1
		}
	}
	return 0
}

// boundInline copies the inline text s to b, escaping emphasis delimiters, brackets and backticks
// beyond the paragraph's limits (the counters carry over the lines of one paragraph).
func boundInline(b *strings.Builder, s string, delims, brackets, ticks *int) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			b.WriteByte(c)
			if i+1 < len(s) && s[i+1] != '\n' {
				i++
				b.WriteByte(s[i])
			}
			continue
		case '*', '_', '~':
			*delims++
			if *delims > maxDelims {
				b.WriteByte('\\')
			}
		case '[':
			*brackets++
			if *brackets > maxBrackets {
				b.WriteByte('\\')
			}
		case '`':
			*ticks++
			if *ticks > maxBackticks {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
}
