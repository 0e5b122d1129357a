package api

import (
	"errors"
	"reflect"
	"testing"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// FuzzDecodeJSON feeds arbitrary bodies to the JSON binder with two request types. It must never panic,
// must answer only validation or bad-request errors, and whatever it accepts holds no NUL character
// and no invalid UTF-8 in any string.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"body":"Hallo","kind":"comment","block_id":"b1","version":2}`,
		`{"display_name":"Ada","new_password":"x"}`,
		`{"body":"a\u0000b"}`,
		"{\"body\":\"\xff\"}",
		`{"\u0000":1}`,
		`[{"a":[1,"x",{"b":null}]}]`,
		`{"body":1}`,
		`"just a string"`,
		`{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, dst := range []any{&createCommentRequest{}, &updateMeRequest{}} {
			err := decodeJSON(body, dst)
			if err != nil {
				var ve *apperr.ValidationError
				if !errors.As(err, &ve) && !errors.Is(err, apperr.ErrBadRequest) {
					t.Fatalf("unexpected error kind for %q: %v", body, err)
				}
				continue
			}
			checkStrings(t, reflect.ValueOf(dst), body)
		}
	})
}

// checkStrings fails when a string reachable from v holds text validText refuses.
func checkStrings(t *testing.T, v reflect.Value, body []byte) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(t, v.Elem(), body)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			checkStrings(t, v.Field(i), body)
		}
	case reflect.String:
		if !validText(v.String()) {
			t.Fatalf("accepted %q from %q", v.String(), body)
		}
	}
}
