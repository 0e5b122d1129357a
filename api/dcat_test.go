package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/digitalrat/digitalrat/internal/model"
)

const (
	dcat   = "http://www.w3.org/ns/dcat#"
	dct    = "http://purl.org/dc/terms/"
	rdfTyp = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
)

// rdfGraph is a set of triples "s p o", objects written as <iri> or "literal"@lang / "literal"^^<type>.
type rdfGraph map[string]bool

// objects returns the objects of s p.
func (g rdfGraph) objects(s, p string) []string {
	var out []string
	prefix := "<" + s + "> <" + p + "> "
	for t := range g {
		if o, ok := strings.CutPrefix(t, prefix); ok {
			out = append(out, o)
		}
	}
	sort.Strings(out)
	return out
}

// subjects returns the subjects of type class.
func (g rdfGraph) subjects(class string) []string {
	var out []string
	suffix := " <" + rdfTyp + "> <" + class + ">"
	for t := range g {
		if s, ok := strings.CutSuffix(t, suffix); ok {
			out = append(out, strings.Trim(s, "<>"))
		}
	}
	sort.Strings(out)
	return out
}

// parseJSONLD turns JSON-LD into triples with json-gold (a JSON-LD 1.1 processor).
func parseJSONLD(t *testing.T, b []byte) rdfGraph {
	t.Helper()
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	opts := ld.NewJsonLdOptions("")
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	g := rdfGraph{}
	for _, q := range out.(*ld.RDFDataset).GetQuads("@default") {
		g[nodeString(q.Subject)+" "+nodeString(q.Predicate)+" "+nodeString(q.Object)] = true
	}
	return g
}

func nodeString(n ld.Node) string {
	switch v := n.(type) {
	case ld.IRI:
		return "<" + v.Value + ">"
	case ld.Literal:
		s := `"` + v.Value + `"`
		switch {
		case v.Language != "":
			return s + "@" + v.Language
		case v.Datatype != "" && v.Datatype != "http://www.w3.org/2001/XMLSchema#string":
			return s + "^^<" + v.Datatype + ">"
		}
		return s
	}
	return n.GetValue()
}

var ntripleLine = regexp.MustCompile(`^(<[^>]*>) (<[^>]*>) (.*) \.$`)

// parseTurtle turns Turtle into triples with rapper (Debian's raptor2-utils).
func parseTurtle(t *testing.T, b []byte) rdfGraph {
	t.Helper()
	if _, err := exec.LookPath("rapper"); err != nil {
		if os.Getenv("REQUIRE_E2E") == "1" {
			t.Fatal("rapper (raptor2-utils) is missing and REQUIRE_E2E=1: install it with apt-get install raptor2-utils")
		}
		t.Skip("rapper (Debian's raptor2-utils) is not installed: the Turtle is not parsed; .ci/run installs it")
	}
	cmd := exec.Command("rapper", "-q", "-i", "turtle", "-o", "ntriples", "-", "http://base.invalid/")
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rapper rejects the Turtle: %v\n%s\n%s", err, stderr.String(), b)
	}
	g := rdfGraph{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		m := ntripleLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unexpected N-Triples line %q", line)
		}
		o := m[3]
		if strings.HasPrefix(o, `"`) { // N-Triples escapes non-ASCII as \uXXXX; compare the decoded text
			o = unescapeNTriples(t, o)
		}
		g[m[1]+" "+m[2]+" "+o] = true
	}
	return g
}

func unescapeNTriples(t *testing.T, o string) string {
	end := strings.LastIndex(o, `"`)
	var s string
	if err := json.Unmarshal([]byte(o[:end+1]), &s); err != nil {
		t.Fatalf("literal %s: %v", o, err)
	}
	return `"` + s + `"` + o[end+1:]
}

// checkCatalogue checks the properties DCAT-AP.de 2.0 requires and recommends.
func checkCatalogue(t *testing.T, g rdfGraph, base, license string) {
	t.Helper()
	cats := g.subjects(dcat + "Catalog")
	if len(cats) != 1 {
		t.Fatalf("catalogues %v", cats)
	}
	cat := cats[0]
	need := func(s, p string, n int) []string {
		t.Helper()
		o := g.objects(s, p)
		if len(o) < n {
			t.Errorf("%s has %d of %s, want at least %d", s, len(o), p, n)
		}
		return o
	}
	german := func(s, p string) {
		t.Helper()
		for _, o := range need(s, p, 1) {
			if !strings.HasSuffix(o, "@de") {
				t.Errorf("%s %s %s is not German", s, p, o)
			}
		}
	}
	german(cat, dct+"title")
	german(cat, dct+"description")
	pub := need(cat, dct+"publisher", 1)
	if len(pub) == 1 {
		need(strings.Trim(pub[0], "<>"), "http://xmlns.com/foaf/0.1/name", 1)
	}
	need(cat, dct+"license", 1)
	datasets := need(cat, dcat+"dataset", 7)
	for _, name := range []string{"kpis", "measurements"} {
		if !slices.ContainsFunc(datasets, func(d string) bool { return strings.HasSuffix(d, "#"+name+">") }) {
			t.Errorf("dataset %s not in the catalogue: %v", name, datasets)
		}
	}
	if got := g.subjects(dcat + "Dataset"); len(got) != len(datasets) {
		t.Errorf("datasets %v, listed %v", got, datasets)
	}
	for _, d := range datasets {
		d = strings.Trim(d, "<>")
		german(d, dct+"title")
		german(d, dct+"description")
		need(d, "http://dcat-ap.de/def/dcatde/contributorID", 1)
		need(d, dct+"publisher", 1)
		cp := need(d, dcat+"contactPoint", 1)
		if len(cp) == 1 {
			need(strings.Trim(cp[0], "<>"), "http://www.w3.org/2006/vcard/ns#fn", 1)
		}
		need(d, dcat+"theme", 1)
		need(d, dcat+"keyword", 1)
		if strings.HasSuffix(d, "#projects") || strings.HasSuffix(d, "#comments") || strings.HasSuffix(d, "#kpis") ||
			strings.HasSuffix(d, "#measurements") {
			need(d, dct+"modified", 1)
		}
		for _, dist := range need(d, dcat+"distribution", 2) {
			dist = strings.Trim(dist, "<>")
			access := need(dist, dcat+"accessURL", 1)
			need(dist, dcat+"downloadURL", 1)
			need(dist, dct+"format", 1)
			need(dist, dcat+"mediaType", 1)
			if l := g.objects(dist, dct+"license"); len(l) != 1 || l[0] != "<"+license+">" {
				t.Errorf("%s licence %v, want %s", dist, l, license)
			}
			if len(access) == 1 && !strings.HasPrefix(access[0], "<"+base+"/api/v1/export/") {
				t.Errorf("%s accessURL %s", dist, access[0])
			}
		}
	}
}

func TestDCATCatalogue(t *testing.T) {
	t.Parallel()
	license := "http://dcat-ap.de/def/licenses/cc-by/4.0"
	e := newEnvWith(t, map[string]string{"PUBLIC_URL": "https://daten.example.org", "OPENDATA_LICENSE": license,
		"OPENDATA_CONTRIBUTOR_ID": "http://dcat-ap.de/def/contributors/beispielstadt", "OPARL_BODY_NAME": "Stadt Beispiel",
		"OPENDATA_REGIONAL_KEY": "146120000000"})
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	p := e.createProject(admin, projectInput("dcat"))
	e.postComment(resident, p.Slug, map[string]any{"body": "Gut so."})
	k := e.createKPI(admin, p.Slug, kpiInput("Online-Anteil"))
	e.measure(admin, k.ID, map[string]any{"value": 12, "measured_at": "2026-03-01", "source": "Statistikstelle"})

	get := func(path, accept, wantType string) []byte {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"Accept": accept}})
		if res.Code != http.StatusOK || res.Header.Get("Content-Type") != wantType {
			t.Fatalf("%s (Accept %q): %d %s", path, accept, res.Code, res.Header.Get("Content-Type"))
		}
		return res.Body
	}
	jsonld := parseJSONLD(t, get("/api/v1/dcat/catalog.jsonld", "", "application/ld+json; charset=utf-8"))
	checkCatalogue(t, jsonld, "https://daten.example.org", license)
	if c := jsonld.objects("https://daten.example.org/api/v1/dcat/catalog#projects", "http://dcat-ap.de/def/dcatde/contributorID"); len(c) != 1 ||
		c[0] != "<http://dcat-ap.de/def/contributors/beispielstadt>" {
		t.Errorf("contributorID %v", c)
	}
	for _, p := range []string{"politicalGeocodingURI", "politicalGeocodingLevelURI"} {
		want := map[string]string{"politicalGeocodingURI": "<http://dcat-ap.de/def/politicalGeocoding/regionalKey/146120000000>",
			"politicalGeocodingLevelURI": "<http://dcat-ap.de/def/politicalGeocoding/Level/municipality>"}[p]
		if c := jsonld.objects("https://daten.example.org/api/v1/dcat/catalog#kpis", "http://dcat-ap.de/def/dcatde/"+p); len(c) != 1 || c[0] != want {
			t.Errorf("%s %v, want %s", p, c, want)
		}
	}
	negotiated := parseJSONLD(t, get("/api/v1/dcat/catalog", "application/ld+json", "application/ld+json; charset=utf-8"))
	if len(negotiated) != len(jsonld) {
		t.Errorf("negotiated JSON-LD has %d triples, .jsonld %d", len(negotiated), len(jsonld))
	}
	get("/api/v1/dcat/catalog", "", "text/turtle; charset=utf-8")

	turtle := parseTurtle(t, get("/api/v1/dcat/catalog.ttl", "", "text/turtle; charset=utf-8"))
	checkCatalogue(t, turtle, "https://daten.example.org", license)
	if negotiated := parseTurtle(t, get("/api/v1/dcat/catalog", "text/turtle", "text/turtle; charset=utf-8")); len(negotiated) != len(turtle) {
		t.Errorf("negotiated Turtle has %d triples, .ttl %d", len(negotiated), len(turtle))
	}
	// both serialisations say the same
	for tr := range jsonld {
		if !turtle[tr] {
			t.Errorf("only in JSON-LD: %s", tr)
		}
	}
	for tr := range turtle {
		if !jsonld[tr] {
			t.Errorf("only in Turtle: %s", tr)
		}
	}
}

// TestDCATDefaultLicence: without OPENDATA_LICENSE the data are under Datenlizenz Deutschland –
// Namensnennung 2.0.
func TestDCATDefaultLicence(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res := e.do(req{method: http.MethodGet, path: "/api/v1/dcat/catalog.jsonld"})
	g := parseJSONLD(t, res.Body)
	if l := g.objects("http://localhost:8080/api/v1/dcat/catalog#comments-csv", dct+"license"); len(l) != 1 ||
		l[0] != "<http://dcat-ap.de/def/licenses/dl-by-de/2.0>" {
		t.Errorf("licence %v", l)
	}
}
