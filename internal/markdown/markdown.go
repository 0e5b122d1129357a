// Package markdown renders user Markdown into sanitised HTML and splits documents into blocks.
//
// Two layers keep the output inert: goldmark runs without raw HTML (it omits HTML and drops dangerous
// link targets), and bluemonday then allows only a small set of elements and http, https and mailto links.
package markdown

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Block kinds.
const (
	KindParagraph = "paragraph"
	KindHeading   = "heading"
	KindListItem  = "list_item"
	KindQuote     = "quote"
	KindCode      = "code"
)

// Block is one top-level block of a document: a paragraph, heading, quote, code block or list item.
type Block struct {
	Kind   string
	Source string // normalised text (trimmed, whitespace collapsed) the hash is computed from
	HTML   string // sanitised HTML of the block alone
}

// Hash identifies the block's content: sha256 of kind and normalised source.
func (b Block) Hash() string {
	sum := sha256.Sum256([]byte(b.Kind + "\x00" + b.Source))
	return hex.EncodeToString(sum[:])
}

// md is safe for concurrent use; without html.WithUnsafe raw HTML is omitted.
var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))

var policy = func() *bluemonday.Policy {
	// Built from scratch rather than from UGCPolicy, which allows images from any host.
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.RequireNoFollowOnLinks(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "em", "strong",
		"del", "s", "sub", "sup")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+-]{1,30}$`)).OnElements("code")
	p.AllowElements("code")
	p.AllowLists()
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowTables()
	return p
}()

// sanitize cleans rendered HTML and marks links as user content.
func sanitize(html string) string {
	out := policy.Sanitize(html)
	// Attribute values in bluemonday's output are escaped, so this only matches the attribute it added.
	return strings.ReplaceAll(out, `rel="nofollow"`, `rel="nofollow ugc"`)
}

// Render converts a whole Markdown text into sanitised HTML. Nesting and delimiter runs beyond the
// limits of bound are escaped first, so the time and output size stay proportional to the input.
func Render(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(bound(src)), &buf); err != nil {
		return ""
	}
	return sanitize(buf.String())
}

// Blocks splits Markdown at its top-level blocks: each paragraph, heading, block quote, code block and
// table is one block, and each top-level list item is one (nested lists stay inside their item).
// Thematic breaks, link reference definitions and raw HTML carry no text and are left out.
func Blocks(src string) []Block {
	source := []byte(bound(src))
	doc := md.Parser().Parse(text.NewReader(source))
	var out []Block
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch node := n.(type) {
		case *ast.Heading:
			out = append(out, block(KindHeading, strings.Repeat("#", node.Level)+" "+rawText(source, n), render(source, n)))
		case *ast.Paragraph:
			out = append(out, block(KindParagraph, rawText(source, n), render(source, n)))
		case *ast.Blockquote:
			out = append(out, block(KindQuote, rawText(source, n), render(source, n)))
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			out = append(out, block(KindCode, rawText(source, n), render(source, n)))
		case *ast.List:
			i := 0
			for item := node.FirstChild(); item != nil; item = item.NextSibling() {
				open := "<ul>\n"
				if node.IsOrdered() {
					open = "<ol>\n"
					if start := node.Start + i; start != 1 {
						open = fmt.Sprintf("<ol start=\"%d\">\n", start)
					}
				}
				closeTag := "</ul>\n"
				if node.IsOrdered() {
					closeTag = "</ol>\n"
				}
				html := sanitize(open + renderRaw(source, item) + closeTag)
				out = append(out, block(KindListItem, rawText(source, item), html))
				i++
			}
		default:
			if n.Kind().String() == "Table" {
				out = append(out, block(KindParagraph, rawText(source, n), render(source, n)))
			}
		}
	}
	return out
}

func block(kind, raw, html string) Block {
	return Block{Kind: kind, Source: Normalize(raw), HTML: html}
}

// Normalize trims text and collapses every run of whitespace into one space.
func Normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

func render(source []byte, n ast.Node) string { return sanitize(renderRaw(source, n)) }

func renderRaw(source []byte, n ast.Node) string {
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, source, n); err != nil {
		return ""
	}
	return buf.String()
}

// rawText is the source text spanned by the lines of n and its descendants.
func rawText(source []byte, n ast.Node) string {
	start, stop := -1, -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		lines := c.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			if start < 0 || seg.Start < start {
				start = seg.Start
			}
			if seg.Stop > stop {
				stop = seg.Stop
			}
		}
		return ast.WalkContinue, nil
	})
	if start < 0 || stop < start {
		return ""
	}
	return string(source[start:stop])
}
