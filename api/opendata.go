package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/opendata"
)

// exportTypes are the media types of the export formats.
var exportTypes = map[string]string{
	opendata.FormatCSV:  "text/csv; charset=utf-8",
	opendata.FormatJSON: "application/json; charset=utf-8",
}

// exportDataset streams one dataset in one format (GET /api/v1/export/<name>.<format>).
func (h *Handler) exportDataset(name, format string) gin.HandlerFunc {
	return h.handle(func(c *gin.Context) error {
		// A full export reads a whole table: RATE_EXPORTS bounds how often one client address may ask.
		if err := h.limiter.Take(c.Request.Context(), h.exportRule, c.ClientIP()); err != nil {
			return err
		}
		w := &exportWriter{c: c, contentType: exportTypes[format], filename: "digitalrat-" + name + "." + format}
		err := h.opendata.Export(c.Request.Context(), name, format, w)
		if err != nil && !w.started {
			return err
		}
		if err != nil {
			// The status and the first rows are out: all that is left is to stop. The client gets a
			// truncated body (a CSV without its last lines, a JSON array without its closing bracket).
			h.log.Error("export broke off", "dataset", name, "format", format, "error", err.Error())
			c.Abort()
			return nil
		}
		w.start()
		return nil
	})
}

// exportWriter sends the headers with the first bytes of the body, so that an error before them (the
// first batch is buffered, see opendata) still becomes a problem response.
type exportWriter struct {
	c           *gin.Context
	contentType string
	filename    string
	started     bool
}

func (w *exportWriter) start() {
	if w.started {
		return
	}
	w.started = true
	hd := w.c.Writer.Header()
	hd.Set("Content-Type", w.contentType)
	hd.Set("Content-Disposition", `attachment; filename="`+w.filename+`"`)
	hd.Set("Access-Control-Allow-Origin", "*") // public data, read without credentials
	w.c.Status(http.StatusOK)
	w.c.Writer.WriteHeaderNow()
}

func (w *exportWriter) Write(p []byte) (int, error) {
	w.start()
	return w.c.Writer.Write(p)
}

// atomType is the media type of the Atom feeds.
const atomType = "application/atom+xml; charset=utf-8"

// projectsFeed is GET /feeds/projects.atom.
func (h *Handler) projectsFeed(c *gin.Context) error {
	b, err := h.opendata.ProjectsFeed(c.Request.Context())
	if err != nil {
		return err
	}
	c.Header("Access-Control-Allow-Origin", "*")
	c.Data(http.StatusOK, atomType, b)
	return nil
}

// projectFeed is GET /feeds/projects/{slug}.atom.
func (h *Handler) projectFeed(c *gin.Context) error {
	slug, ok := strings.CutSuffix(c.Param("file"), ".atom")
	if !ok || slug == "" {
		return apperr.ErrNotFound
	}
	b, err := h.opendata.ProjectFeed(c.Request.Context(), slug)
	if err != nil {
		return err
	}
	c.Header("Access-Control-Allow-Origin", "*")
	c.Data(http.StatusOK, atomType, b)
	return nil
}

// Media types of the catalogue.
const (
	turtleType = "text/turtle; charset=utf-8"
	jsonLDType = "application/ld+json; charset=utf-8"
)

// catalogue is GET /api/v1/dcat/catalog (Turtle or JSON-LD by Accept) and its .ttl and .jsonld forms.
func (h *Handler) catalogue(format string) gin.HandlerFunc {
	return h.handle(func(c *gin.Context) error {
		f := format
		if f == "" {
			c.Header("Vary", "Accept")
			// JSON-LD for clients that ask for it or for JSON; Turtle, the DCAT-AP reference form, otherwise.
			switch c.NegotiateFormat("text/turtle", "application/ld+json", "application/json") {
			case "application/ld+json", "application/json":
				f = "jsonld"
			default:
				f = "ttl"
			}
		}
		var (
			b   []byte
			err error
			ct  = turtleType
		)
		if f == "jsonld" {
			ct = jsonLDType
			b, err = h.opendata.CatalogueJSONLD(c.Request.Context())
		} else {
			b, err = h.opendata.CatalogueTurtle(c.Request.Context())
		}
		if err != nil {
			return err
		}
		c.Header("Access-Control-Allow-Origin", "*")
		c.Data(http.StatusOK, ct, b)
		return nil
	})
}
