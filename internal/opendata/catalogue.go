package opendata

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// The catalogue describes the datasets in DCAT-AP.de 2.0 (http://dcat-ap.de/def/dcatde/2.0/): a
// dcat:Catalog, one dcat:Dataset per dataset and one dcat:Distribution per format, with the mandatory
// and the recommended properties — German titles and descriptions, publisher, contact point, licence
// (dct:license from the dcat-ap.de licence vocabulary, with the attribution text the "by" licences ask
// for), dcatde:contributorID, modification dates, formats and media types, access and download URLs. It
// is built as a list of triples and written as Turtle or JSON-LD, so both always say the same.

// Namespaces of the catalogue.
const (
	nsDCAT    = "http://www.w3.org/ns/dcat#"
	nsDCT     = "http://purl.org/dc/terms/"
	nsDCATDE  = "http://dcat-ap.de/def/dcatde/"
	nsDCATAP  = "http://data.europa.eu/r5r/"
	nsFOAF    = "http://xmlns.com/foaf/0.1/"
	nsVCARD   = "http://www.w3.org/2006/vcard/ns#"
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXSD     = "http://www.w3.org/2001/XMLSchema#"
	euFile    = "http://publications.europa.eu/resource/authority/file-type/"
	euTheme   = "http://publications.europa.eu/resource/authority/data-theme/"
	euLang    = "http://publications.europa.eu/resource/authority/language/"
	euAvail   = "http://data.europa.eu/r5r/availability/"
	ianaMedia = "https://www.iana.org/assignments/media-types/"
	geocoding = "http://dcat-ap.de/def/politicalGeocoding/"
)

// prefixes are the prefixes both serialisations declare, in this order.
var prefixes = [][2]string{{"dcat", nsDCAT}, {"dct", nsDCT}, {"dcatde", nsDCATDE}, {"dcatap", nsDCATAP},
	{"foaf", nsFOAF}, {"vcard", nsVCARD}, {"rdf", nsRDF}, {"xsd", nsXSD}}

// term is an IRI or a literal (with a language tag or a datatype).
type term struct {
	iri, lit, lang, datatype string
}

func iri(v string) term   { return term{iri: v} }
func text(v string) term  { return term{lit: v, lang: "de"} }
func plain(v string) term { return term{lit: v} }
func dateTime(t time.Time) term {
	return term{lit: t.UTC().Format(time.RFC3339), datatype: nsXSD + "dateTime"}
}
func (t term) isIRI() bool             { return t.iri != "" }
func triple3(s, p string, o term) trpl { return trpl{s, p, o} }

type trpl struct {
	s, p string
	o    term
}

// formats are the distributions of every dataset.
var formats = []struct{ ext, euType, media, title string }{
	{FormatCSV, "CSV", "text/csv", "CSV"},
	{FormatJSON, "JSON", "application/json", "JSON"},
}

// catalogue returns the triples of the catalogue; the newest change of every dataset is asked of the
// database.
func (s *Service) catalogue(ctx context.Context) ([]trpl, error) {
	base := strings.TrimRight(s.opt.PublicURL, "/")
	cat := base + "/api/v1/dcat/catalog"
	publisher, contact := cat+"#publisher", cat+"#contact"
	contributor := s.opt.ContributorID
	if contributor == "" {
		contributor = base + "/"
	}
	g := []trpl{
		triple3(cat, nsRDF+"type", iri(nsDCAT+"Catalog")),
		triple3(cat, nsDCT+"title", text("Offene Daten des Digitalrats")),
		triple3(cat, nsDCT+"description", text("Offene Daten der Beteiligungsplattform zur Digitalstrategie: "+
			"Vorhaben, Beiträge und amtliche Antworten, Ergebnisse von Abstimmungen und Bewertungen sowie die "+
			"öffentlichen Sitzungen des Digitalrats.")),
		triple3(cat, nsDCT+"publisher", iri(publisher)),
		triple3(cat, nsFOAF+"homepage", iri(base+"/")),
		triple3(cat, nsDCT+"language", iri(euLang+"DEU")),
		triple3(cat, nsDCT+"license", iri(s.opt.License)),
		triple3(cat, nsDCAT+"themeTaxonomy", iri(strings.TrimSuffix(euTheme, "/"))),
		triple3(publisher, nsRDF+"type", iri(nsFOAF+"Organization")),
		triple3(publisher, nsFOAF+"name", text(s.publisher())),
		triple3(publisher, nsFOAF+"homepage", iri(base+"/")),
		triple3(contact, nsRDF+"type", iri(nsVCARD+"Organization")),
		triple3(contact, nsVCARD+"fn", text(s.publisher())),
		triple3(contact, nsVCARD+"hasURL", iri(base+"/impressum")),
	}
	var newest *time.Time
	for _, d := range s.sets {
		modified, err := s.st.OpenData().LastChange(ctx, d.Name)
		if err != nil {
			return nil, err
		}
		if modified != nil && (newest == nil || modified.After(*newest)) {
			newest = modified
		}
		ds := cat + "#" + d.Name // fragments of the catalogue: every IRI in it resolves to it
		g = append(g,
			triple3(cat, nsDCAT+"dataset", iri(ds)),
			triple3(ds, nsRDF+"type", iri(nsDCAT+"Dataset")),
			triple3(ds, nsDCT+"title", text(d.Title)),
			triple3(ds, nsDCT+"description", text(d.Description)),
			triple3(ds, nsDCT+"identifier", plain(ds)),
			triple3(ds, nsDCATDE+"contributorID", iri(contributor)),
			triple3(ds, nsDCT+"publisher", iri(publisher)),
			triple3(ds, nsDCAT+"contactPoint", iri(contact)),
			triple3(ds, nsDCAT+"theme", iri(euTheme+"GOVE")),
			triple3(ds, nsDCT+"language", iri(euLang+"DEU")),
			triple3(ds, nsDCAT+"landingPage", iri(base+"/")),
			triple3(ds, nsDCT+"accrualPeriodicity", iri("http://publications.europa.eu/resource/authority/frequency/CONT")),
		)
		if k := s.opt.RegionalKey; k != "" {
			place := geocoding + "regionalKey/" + k
			g = append(g,
				triple3(ds, nsDCATDE+"politicalGeocodingLevelURI", iri(geocoding+"Level/municipality")),
				triple3(ds, nsDCATDE+"politicalGeocodingURI", iri(place)),
				triple3(ds, nsDCT+"spatial", iri(place)),
			)
		}
		for _, kw := range d.keywords() {
			g = append(g, triple3(ds, nsDCAT+"keyword", text(kw)))
		}
		if modified != nil {
			g = append(g, triple3(ds, nsDCT+"modified", dateTime(*modified)))
		}
		for _, f := range formats {
			url := base + "/api/v1/export/" + d.Name + "." + f.ext
			dist := ds + "-" + f.ext
			g = append(g,
				triple3(ds, nsDCAT+"distribution", iri(dist)),
				triple3(dist, nsRDF+"type", iri(nsDCAT+"Distribution")),
				triple3(dist, nsDCT+"title", text(d.Title+" ("+f.title+")")),
				triple3(dist, nsDCT+"description", text(d.Title+" als "+f.title+", bei jedem Abruf vollständig "+
					"aus der Datenbank erzeugt.")),
				triple3(dist, nsDCAT+"accessURL", iri(url)),
				triple3(dist, nsDCAT+"downloadURL", iri(url)),
				triple3(dist, nsDCT+"format", iri(euFile+f.euType)),
				triple3(dist, nsDCAT+"mediaType", iri(ianaMedia+f.media)),
				triple3(dist, nsDCT+"license", iri(s.opt.License)),
				triple3(dist, nsDCATDE+"licenseAttributionByText", text(s.publisher()+", Digitalrat")),
				triple3(dist, nsDCATAP+"availability", iri(euAvail+"STABLE")),
			)
			if modified != nil {
				g = append(g, triple3(dist, nsDCT+"modified", dateTime(*modified)))
			}
		}
	}
	if newest != nil {
		g = append(g, triple3(cat, nsDCT+"modified", dateTime(*newest)))
	}
	return g, nil
}

// keywords of a dataset for dcat:keyword.
func (d Dataset) keywords() []string {
	k := map[string][]string{
		"projects":     {"Digitalisierung", "Vorhaben", "Digitalstrategie"},
		"comments":     {"Bürgerbeteiligung", "Kommentare", "Verwaltung"},
		"polls":        {"Abstimmungen", "Bürgerbeteiligung", "Digitalrat"},
		"evaluations":  {"Bewertung", "Evaluation", "Digitalrat"},
		"sessions":     {"Sitzungen", "Digitalrat", "Tagesordnung"},
		"kpis":         {"Kennzahlen", "Digitalisierungscockpit", "Digitalstrategie"},
		"measurements": {"Messwerte", "Kennzahlen", "Digitalisierungscockpit"},
	}[d.Name]
	return k
}

// CatalogueTurtle is the catalogue as Turtle (RDF 1.1).
func (s *Service) CatalogueTurtle(ctx context.Context) ([]byte, error) {
	g, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, p := range prefixes {
		b.WriteString("@prefix " + p[0] + ": <" + p[1] + "> .\n")
	}
	// One block per subject, in the order subjects first appear.
	var order []string
	bySubject := map[string][]trpl{}
	for _, t := range g {
		if bySubject[t.s] == nil {
			order = append(order, t.s)
		}
		bySubject[t.s] = append(bySubject[t.s], t)
	}
	g = g[:0]
	for _, sub := range order {
		g = append(g, bySubject[sub]...)
	}
	subject := ""
	for _, t := range g {
		if t.s != subject {
			if subject != "" {
				b.WriteString(" .\n")
			}
			subject = t.s
			b.WriteString("\n<" + t.s + ">\n    " + turtleName(t.p) + " " + turtleTerm(t.o))
			continue
		}
		b.WriteString(" ;\n    " + turtleName(t.p) + " " + turtleTerm(t.o))
	}
	if subject != "" {
		b.WriteString(" .\n")
	}
	return []byte(b.String()), nil
}

var localName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// turtleName writes an IRI as a prefixed name where it can, else in angle brackets.
func turtleName(v string) string {
	if v == nsRDF+"type" {
		return "a"
	}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(v, p[1]); ok && localName.MatchString(rest) {
			return p[0] + ":" + rest
		}
	}
	return "<" + v + ">"
}

func turtleTerm(t term) string {
	if t.isIRI() {
		return turtleName(t.iri)
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	out := `"` + r.Replace(t.lit) + `"`
	switch {
	case t.lang != "":
		out += "@" + t.lang
	case t.datatype != "":
		out += "^^" + turtleName(t.datatype)
	}
	return out
}

// CatalogueJSONLD is the catalogue as JSON-LD 1.1: a @graph of node objects with the prefixes as context.
func (s *Service) CatalogueJSONLD(ctx context.Context) ([]byte, error) {
	g, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	context := map[string]string{}
	for _, p := range prefixes {
		context[p[0]] = p[1]
	}
	var nodes []map[string]any
	index := map[string]map[string]any{}
	for _, t := range g {
		n := index[t.s]
		if n == nil {
			n = map[string]any{"@id": t.s}
			index[t.s] = n
			nodes = append(nodes, n)
		}
		if t.p == nsRDF+"type" {
			n["@type"] = append(asList(n["@type"]), compact(t.o.iri))
			continue
		}
		var v map[string]any
		switch {
		case t.o.isIRI():
			v = map[string]any{"@id": t.o.iri}
		case t.o.lang != "":
			v = map[string]any{"@value": t.o.lit, "@language": t.o.lang}
		case t.o.datatype != "":
			v = map[string]any{"@value": t.o.lit, "@type": t.o.datatype}
		default:
			v = map[string]any{"@value": t.o.lit}
		}
		key := compact(t.p)
		n[key] = append(asList(n[key]), v)
	}
	return json.MarshalIndent(map[string]any{"@context": context, "@graph": nodes}, "", "  ")
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	return nil
}

// compact writes an IRI as a compact IRI of the context where it can.
func compact(v string) string {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(v, p[1]); ok && localName.MatchString(rest) {
			return p[0] + ":" + rest
		}
	}
	return v
}
