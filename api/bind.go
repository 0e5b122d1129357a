package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// maxBody is the largest request body accepted (413 above it).
const maxBody = 1 << 20

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}()

// errBodyTooLarge is answered with 413.
var errBodyTooLarge = apperr.New(apperr.ErrTooLarge, "body_too_large", "The request body is larger than 1 MiB.")

// errUnsupportedMediaType is answered with 415 to a body that is not declared as JSON. Browsers send
// text/plain, form and multipart bodies cross-site without a CORS preflight; refusing them means a form
// on another site cannot post a JSON-looking body to the API (login CSRF).
var errUnsupportedMediaType = apperr.New(apperr.ErrUnsupportedMediaType, "unsupported_media_type",
	"The request body must be sent as Content-Type: application/json.")

// isJSONContentType reports whether a Content-Type header declares JSON: application/json or a
// structured syntax suffix such as application/merge-patch+json, with any parameters.
func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// bindJSON decodes the JSON body into dst and validates it. Unknown fields are ignored: fields a client
// may not set are simply not part of the request types. A non-empty body must be declared as JSON (415
// otherwise), and no string in it may hold a NUL character or invalid UTF-8 (422 naming the field):
// PostgreSQL cannot store either, and nobody types them.
func bindJSON(c *gin.Context, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errBodyTooLarge
		}
		return apperr.New(apperr.ErrBadRequest, "malformed_body", "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return apperr.New(apperr.ErrBadRequest, "malformed_json", "The request body must be a JSON object.")
	}
	if !isJSONContentType(c.GetHeader("Content-Type")) {
		return errUnsupportedMediaType
	}
	return decodeJSON(body, dst)
}

// decodeJSON is bindJSON after the body was read: text checks, decoding and validation.
func decodeJSON(body []byte, dst any) error {
	if err := checkJSONText(body); err != nil {
		return err
	}
	if err := json.Unmarshal(body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				return apperr.New(apperr.ErrBadRequest, "malformed_json", "The request body must be a JSON object.")
			}
			return apperr.Invalid(field, "type", "must be of type "+jsonType(te.Type))
		}
		return apperr.New(apperr.ErrBadRequest, "malformed_json", "The request body is not valid JSON.")
	}
	return validateStruct(dst)
}

// checkJSONText walks the tokens of a JSON document and returns a validation error naming the first
// string (key or value) that holds a NUL character or invalid UTF-8. encoding/json would silently turn
// invalid UTF-8 into U+FFFD and pass \u0000 through, so the raw bytes of each string are checked. Syntax
// errors are left to json.Unmarshal.
func checkJSONText(body []byte) error {
	if bytes.IndexByte(body, 0) < 0 && utf8.Valid(body) && !bytes.Contains(body, []byte(`\u0000`)) {
		return nil // the common case: nothing to look for
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		key    string
		index  int
		isKey  bool // in an object: the next string token is a key
	}
	var stack []*frame
	path := func(last string) string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		if last != "" {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(last)
		}
		return b.String()
	}
	// afterValue advances the enclosing container past one complete value.
	afterValue := func() {
		if len(stack) == 0 {
			return
		}
		if f := stack[len(stack)-1]; f.object {
			f.isKey = true
		} else {
			f.index++
		}
	}
	prev := dec.InputOffset()
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // io.EOF or a syntax error, which json.Unmarshal reports
		}
		off := dec.InputOffset()
		raw := body[prev:off]
		prev = off
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{object: true, isKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				afterValue()
			}
		case string:
			bad := !utf8.Valid(raw) || strings.IndexByte(t, 0) >= 0
			var top *frame
			if len(stack) > 0 {
				top = stack[len(stack)-1]
			}
			if top != nil && top.object && top.isKey {
				top.key, top.isKey = t, false
				if bad {
					return apperr.Invalid(path(""), "invalid_text", "must not contain NUL characters or invalid UTF-8")
				}
				continue
			}
			if bad {
				field := path("")
				if field == "" {
					field = "body"
				}
				return apperr.Invalid(field, "invalid_text", "must not contain NUL characters or invalid UTF-8")
			}
			afterValue()
		default:
			afterValue()
		}
	}
}

// validateStruct runs the struct tags of v and converts failures into a ValidationError.
func validateStruct(v any) error {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return err
	}
	out := &apperr.ValidationError{}
	for _, fe := range ves {
		field := fe.Namespace()
		if _, rest, ok := strings.Cut(field, "."); ok {
			field = rest
		}
		out.Add(field, fe.Tag(), fieldMessage(fe))
	}
	return out
}

func fieldMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "email":
		return "must be an email address"
	case "oneof":
		return "must be one of: " + fe.Param()
	case "min":
		if fe.Kind() == reflect.String {
			return "must be at least " + fe.Param() + " characters"
		}
		return "must be at least " + fe.Param()
	case "max":
		if fe.Kind() == reflect.String {
			return "must be at most " + fe.Param() + " characters"
		}
		return "must be at most " + fe.Param()
	case "gte":
		return "must be at least " + fe.Param()
	case "lte":
		return "must be at most " + fe.Param()
	case "url", "http_url":
		return "must be an http(s) URL"
	case "datetime":
		return "must be a date in the form " + fe.Param()
	case "dive", "unique":
		return "must not contain duplicates"
	}
	return "is invalid (" + fe.Tag() + ")"
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "object"
}
