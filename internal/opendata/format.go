package opendata

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// encoder writes the rows of one dataset in one format.
type encoder interface {
	begin(columns []string) error
	row(r Row) error
	end() error
}

// bufSize is the write buffer of an export: nothing reaches the client before it is full, so an error in
// the first batch can still become an error response.
const bufSize = 32 << 10

// Neutralise defuses a text cell that a spreadsheet would run as a formula (CSV injection, OWASP): a
// cell starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe, which
// spreadsheets show as text and hide.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csvEncoder writes RFC 4180 CSV (encoding/csv: quoting of separators, quotes and line breaks; CRLF line
// ends) in UTF-8 with a header row.
type csvEncoder struct {
	buf  *bufio.Writer
	w    *csv.Writer
	line []string
}

func newCSVEncoder(w io.Writer) *csvEncoder {
	b := bufio.NewWriterSize(w, bufSize)
	c := csv.NewWriter(b)
	c.UseCRLF = true
	return &csvEncoder{buf: b, w: c}
}

func (e *csvEncoder) begin(columns []string) error {
	e.line = make([]string, len(columns))
	return e.w.Write(columns)
}

func (e *csvEncoder) row(r Row) error {
	for i, v := range r {
		e.line[i] = csvCell(v)
	}
	return e.w.Write(e.line)
}

func (e *csvEncoder) end() error {
	e.w.Flush()
	if err := e.w.Error(); err != nil {
		return err
	}
	return e.buf.Flush()
}

// csvCell renders a value as a cell; only text can start with a formula character (numbers are ours).
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Neutralise(x)
	case *string:
		if x == nil {
			return ""
		}
		return Neutralise(*x)
	case []string:
		parts := make([]string, len(x))
		for i, s := range x {
			parts[i] = Neutralise(s)
		}
		return Neutralise(strings.Join(parts, "\n")) // one element per line inside the quoted cell
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case *int:
		if x == nil {
			return ""
		}
		return strconv.Itoa(*x)
	case *int64:
		if x == nil {
			return ""
		}
		return strconv.FormatInt(*x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case *float64:
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	}
	panic(fmt.Sprintf("opendata: no CSV form for %T", v))
}

// jsonEncoder writes a JSON array, one object per row with the columns as keys in their order.
type jsonEncoder struct {
	buf     *bufio.Writer
	keys    [][]byte // the quoted column names with their colon
	written bool
}

func newJSONEncoder(w io.Writer) *jsonEncoder {
	return &jsonEncoder{buf: bufio.NewWriterSize(w, bufSize)}
}

func (e *jsonEncoder) begin(columns []string) error {
	e.keys = make([][]byte, len(columns))
	for i, c := range columns {
		k, err := json.Marshal(c)
		if err != nil {
			return err
		}
		e.keys[i] = append(k, ':')
	}
	_, err := e.buf.WriteString("[")
	return err
}

func (e *jsonEncoder) row(r Row) error {
	if e.written {
		_ = e.buf.WriteByte(',')
	}
	e.written = true
	_, _ = e.buf.WriteString("\n{")
	for i, v := range r {
		if i > 0 {
			_ = e.buf.WriteByte(',')
		}
		_, _ = e.buf.Write(e.keys[i])
		b, err := json.Marshal(jsonValue(v))
		if err != nil {
			return err
		}
		if _, err := e.buf.Write(b); err != nil {
			return err
		}
	}
	return e.buf.WriteByte('}')
}

func (e *jsonEncoder) end() error {
	if _, err := e.buf.WriteString("\n]\n"); err != nil {
		return err
	}
	return e.buf.Flush()
}

// jsonValue turns times into RFC 3339 UTC and nil slices into empty arrays.
func jsonValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	case *time.Time:
		if x == nil {
			return nil
		}
		return x.UTC().Format(time.RFC3339)
	case []string:
		if x == nil {
			return []string{}
		}
	}
	return v
}
