package live

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParseMessage feeds arbitrary client messages to the protocol parser. It must never panic, accept
// only the three ops, give back the same message when what it accepted is encoded and parsed again, and
// never echo more than echoLimit bytes (valid UTF-8) of a topic no kind is registered for.
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{
		`{"op":"auth","token":"eyJhbGciOiJIUzI1NiJ9.e30.x"}`,
		`{"op":"subscribe","topic":"project:radwege","since":42}`,
		`{"op":"subscribe","topic":"moderation","since":null}`,
		`{"op":"unsubscribe","topic":"document:7"}`,
		`{"op":"subscribe","topic":"project:\u00fc\u00fc\u00fc","since":-1}`,
		`{"op":"dance"}`,
		`{"op":"subscribe","since":1e400}`,
		"{\"op\":\"subscribe\",\"topic\":\"\xff\xfe\"}",
		`[1,2,3]`,
		`{`,
	} {
		f.Add([]byte(s))
	}
	empty := NewRegistry()
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseMessage(data)
		if err != nil {
			if m != (clientMessage{}) {
				t.Fatalf("error %v with a message %+v", err, m)
			}
			return
		}
		switch m.Op {
		case "auth", "subscribe", "unsubscribe":
		default:
			t.Fatalf("accepted op %q from %q", m.Op, data)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		again, err := parseMessage(b)
		if err != nil || again.Op != m.Op || again.Token != m.Token || again.Topic != m.Topic ||
			(again.Since == nil) != (m.Since == nil) || (m.Since != nil && *again.Since != *m.Since) {
			t.Fatalf("round trip of %q: %+v, %v; want %+v", data, again, err, m)
		}
		if e := echoTopic(empty, m.Topic); len(e) > echoLimit || !utf8.ValidString(e) {
			t.Fatalf("echoed %d bytes (%q) of %q", len(e), e, m.Topic)
		}
	})
}
