package comments

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestEventViewRoundTrip: a comment event leaves out exactly the members that are null, false, 0 or
// empty, and reading it back with every missing member as that value gives the view again — for a plain
// comment, a reply on a block, a hidden one, a deleted one, an analogue contribution and a question in
// progress.
func TestEventViewRoundTrip(t *testing.T) {
	s := func(v string) *string { return &v }
	one := 1
	edited := time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC)
	base := View{ID: "12", ProjectSlug: "radwege", Author: &Author{ID: "3", DisplayName: "Anna"}, Body: "Text",
		BodyHTML: "<p>Text</p>", Kind: "comment", Status: model.CommentPublished, Channel: ChannelOnline,
		CreatedAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	views := map[string]View{"plain": base}
	reply := base
	reply.DocumentID, reply.Version, reply.BlockID, reply.ParentID, reply.Depth = s("4"), &one, s("b1"), s("11"), 1
	reply.Stance, reply.Edited, reply.EditedAt, reply.Up, reply.Down, reply.ReplyCount = s("pro"), true, &edited, 3, 1, 2
	views["reply on a block"] = reply
	hidden := base
	hidden.Body, hidden.BodyHTML, hidden.Status, hidden.HiddenReason = "", "", model.CommentHidden, s("spam")
	views["hidden"] = hidden
	deleted := base
	deleted.Body, deleted.BodyHTML, deleted.Author, deleted.Deleted = "", "", nil, true
	views["deleted"] = deleted
	analogue := base
	analogue.Channel, analogue.SubmitterName, analogue.ReceivedAt, analogue.OnEarlierVersion = "letter", s("anonym"), s("2026-11-30"), true
	views["analogue"] = analogue
	question := base
	question.Kind, question.QuestionStatus, question.TakenBy, question.Department = "question", s("in_progress"), &Author{ID: "9", DisplayName: "Olga"}, s("Bürgeramt")
	views["question in progress"] = question

	for name, v := range views {
		full, _ := json.Marshal(v)
		compact, err := json.Marshal(v.Event())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(compact, []byte(`{"id":"12"`)) {
			t.Errorf("%s: the event must begin with the id (createWithEvent writes the rest after it): %s", name, compact)
		}
		for _, empty := range []string{":null", ":false", ":0,", `:""`} {
			if strings.Contains(string(compact), empty) {
				t.Errorf("%s: the event has a member %s: %s", name, empty, compact)
			}
		}
		// Missing members read as their empty values: the view again.
		var back View
		if err := json.Unmarshal(compact, &back); err != nil {
			t.Fatal(err)
		}
		if again, _ := json.Marshal(back); !bytes.Equal(again, full) {
			t.Errorf("%s: read back\n%s\nwant\n%s", name, again, full)
		}
		if name == "plain" {
			t.Logf("plain comment: %d bytes as the API answers it, %d as an event", len(full), len(compact))
			if len(compact) > len(full)-250 {
				t.Errorf("plain comment: the event is %d bytes, the view %d: want at least 250 less", len(compact), len(full))
			}
		}
	}
}
