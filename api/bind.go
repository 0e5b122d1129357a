package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"

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

// bindJSON decodes the JSON body into dst and validates it. Unknown fields are ignored: fields a client
// may not set are simply not part of the request types.
func bindJSON(c *gin.Context, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errBodyTooLarge
		}
		return apperr.New(apperr.ErrBadRequest, "malformed_body", "The request body could not be read.")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return apperr.New(apperr.ErrBadRequest, "malformed_json", "The request body must be a JSON object.")
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
