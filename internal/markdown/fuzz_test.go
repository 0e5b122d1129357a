package markdown

import (
	"flag"
	"strings"
	"testing"
	"time"
)

// maxRenderTime is the most one fuzz input may take to render (generous: fuzzing runs on every core).
const maxRenderTime = 2 * time.Second

// FuzzRender renders arbitrary text (repeated, to reach the sizes where superlinear behaviour shows) and
// fails when one input takes longer than maxRenderTime, produces unbounded output, or lets markup through
// that the policy forbids.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"*a_", "> - ", "[a](", "`", "1. ", "| a |\n|---|\n", "![x](", "<script>", "~~a~~", "  - a\n"} {
		f.Add(s, uint16(1000))
	}
	f.Fuzz(func(t *testing.T, unit string, times uint16) {
		if len(unit) == 0 || len(unit) > 64 {
			return
		}
		src := strings.Repeat(unit, int(times)%20_000+1)
		if len(src) > 200_000 {
			src = src[:200_000]
		}
		start := time.Now()
		out := Render(src)
		blocks := Blocks(src)
		// The time bound holds while fuzzing; plain (and -race) runs of the seed corpus only check the rest,
		// TestPathologicalInputsRenderBounded covers time there with a generous deadline.
		if d := time.Since(start); fuzzing() && d > maxRenderTime {
			t.Fatalf("%d bytes of %q took %v", len(src), unit, d)
		}
		if len(out) > 12*len(src)+4096 {
			t.Fatalf("%d bytes rendered to %d", len(src), len(out))
		}
		for _, s := range append([]string{out}, blockHTML(blocks)...) {
			l := strings.ToLower(s)
			if strings.Contains(l, "<script") || strings.Contains(l, "javascript:") || strings.Contains(l, " onerror=") {
				t.Fatalf("unsafe output for %q: %.300s", unit, s)
			}
		}
	})
}

// fuzzing reports whether the test binary runs with -fuzz.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

func blockHTML(bs []Block) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.HTML
	}
	return out
}
