// Package opendata publishes what everybody may read as open data: the exports of projects, comments,
// poll and evaluation results and public sessions as CSV and JSON, the Atom feeds of the projects and (in
// catalogue.go) their DCAT-AP.de catalogue. The public rules live in the store's queries
// (store.OpenData); this package names the datasets, their columns and how a cell is written.
package opendata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/store"
)

// batchSize is how many rows an export reads per query: the memory of an export is one batch.
const batchSize = 500

// Formats of the exports.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// Row is one record of a dataset, its values in the order of the dataset's columns. A value is a string
// (text, neutralised in CSV), *string, int, int64, *int, *int64, float64, *float64, bool, time.Time,
// *time.Time, []string or nil.
type Row []any

// Dataset is one exported table. Adding a dataset is one function that returns it (see datasets.go) and
// one entry in All.
type Dataset struct {
	Name        string   // the file name without extension: /api/v1/export/<Name>.csv|json
	Title       string   // German, for the catalogue
	Description string   // German, for the catalogue
	Columns     []string // names of the CSV header and the JSON keys
	// rows calls emit for every row, in batches from st; it stops at the first error of emit.
	rows func(ctx context.Context, st *store.Store, emit func(Row) error) error
}

// Options configure the service.
type Options struct {
	PublicURL string // absolute base of links in the feeds and the catalogue
	Publisher string // who publishes the data (the city); "Digitalrat" when empty
	// ContributorID is the dcatde:contributorID of the datasets (the data provider's URI in the
	// dcat-ap.de contributor vocabulary); the public URL when empty.
	ContributorID string
	// RegionalKey is the city's Amtlicher Regionalschlüssel (12 digits): the datasets then name the city as
	// their political geocoding (dcatde:politicalGeocodingURI, level municipality) and dct:spatial.
	RegionalKey string
	// License is the URI of the licence of the data in the dcat-ap.de licence vocabulary.
	License string
}

// DefaultLicense is Datenlizenz Deutschland – Namensnennung – Version 2.0.
const DefaultLicense = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"

// Service serves the open data.
type Service struct {
	st   *store.Store
	opt  Options
	now  func() time.Time
	sets []Dataset
}

// New returns the service.
func New(st *store.Store, now func() time.Time, o Options) *Service {
	if o.License == "" {
		o.License = DefaultLicense
	}
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	return &Service{st: st, opt: o, now: now, sets: All()}
}

// All lists the datasets in catalogue order. Adding a dataset: a function in datasets.go, listed here.
func All() []Dataset {
	return []Dataset{projectsDataset(), commentsDataset(), pollsDataset(), evaluationsDataset(), sessionsDataset(),
		kpisDataset(), measurementsDataset()}
}

// Datasets lists the datasets of the service in catalogue order.
func (s *Service) Datasets() []Dataset { return append([]Dataset{}, s.sets...) }

// Dataset finds a dataset by name.
func (s *Service) Dataset(name string) (Dataset, error) {
	for _, d := range s.sets {
		if d.Name == name {
			return d, nil
		}
	}
	return Dataset{}, fmt.Errorf("opendata: dataset %q: %w", name, apperr.ErrNotFound)
}

// Export writes the dataset in format to w, streaming: one batch of rows is read, written and dropped
// at a time. An error after the first bytes reached w can no longer become an error response; callers
// that buffer (see api) know by whether w was written to.
func (s *Service) Export(ctx context.Context, name, format string, w io.Writer) error {
	d, err := s.Dataset(name)
	if err != nil {
		return err
	}
	var enc encoder
	switch format {
	case FormatCSV:
		enc = newCSVEncoder(w)
	case FormatJSON:
		enc = newJSONEncoder(w)
	default:
		return fmt.Errorf("opendata: format %q: %w", format, apperr.ErrNotFound)
	}
	if err := enc.begin(d.Columns); err != nil {
		return err
	}
	if err := d.rows(ctx, s.st, func(r Row) error {
		if len(r) != len(d.Columns) {
			return errors.New("opendata: " + d.Name + ": row does not match the columns")
		}
		return enc.row(r)
	}); err != nil {
		return err
	}
	return enc.end()
}

// keyset reads batches with fetch until one comes back short, calling each for every element; id tells
// the key of an element, the lower bound of the next batch.
func keyset[T any](ctx context.Context, fetch func(ctx context.Context, after int64, limit int) ([]T, error),
	id func(*T) int64, each func([]T) error) error {
	var after int64
	for {
		batch, err := fetch(ctx, after, batchSize)
		if err != nil {
			return err
		}
		if len(batch) > 0 {
			if err := each(batch); err != nil {
				return err
			}
			after = id(&batch[len(batch)-1])
		}
		if len(batch) < batchSize {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}
