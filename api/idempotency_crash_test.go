package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// The Idempotency-Key record is part of the write's transaction (issue 9): a key whose write committed
// always replays it, even when the response was never stored (the process died between the commit and
// storing it, or storing failed); a key whose write did not commit is free again at once.
func TestIdempotencyAcrossACrash(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	u, tok := e.user("Rita Retry")
	post := func(key, body string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: tok,
			header: map[string]string{"Idempotency-Key": key}, body: map[string]any{"body": body}})
	}
	count := func(body string) int64 {
		var n int64
		e.db.Gorm.Model(&model.Comment{}).Where("body = ?", body).Count(&n)
		return n
	}

	// Committed, response not stored: the retry replays the comment, at once, and writes no second one.
	first := post("crash", "Nur einmal")
	if first.Code != http.StatusCreated {
		t.Fatalf("first: %d %s", first.Code, first.Body)
	}
	if err := e.db.Gorm.Exec(`UPDATE idempotency_keys SET completed_at = NULL, response_status = 0, response_body = ''
		WHERE idempotency_key = 'crash'`).Error; err != nil {
		t.Fatal(err)
	}
	again := post("crash", "Nur einmal")
	var a, b commentBody
	first.JSON(t, &a)
	if again.Code != http.StatusCreated || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry after a lost completion: %d %s", again.Code, again.Body)
	}
	again.JSON(t, &b)
	if a.ID != b.ID || b.Body != "Nur einmal" || count("Nur einmal") != 1 {
		t.Fatalf("retry replayed %s (first %s), %d comments stored", b.ID, a.ID, count("Nur einmal"))
	}
	// A third try replays too (now from the stored response).
	if res := post("crash", "Nur einmal"); res.Code != http.StatusCreated || count("Nur einmal") != 1 {
		t.Fatalf("third try: %d %s", res.Code, res.Body)
	}

	// A claim whose write never committed (its process died before the commit) blocks nothing: the retry
	// runs at once and writes exactly one comment.
	if err := e.db.Gorm.Create(&model.IdempotencyKey{UserID: u.ID, IdempotencyKey: "died", Method: "POST",
		Route: "/api/v1/projects/" + s.slug + "/comments", RequestHash: "whatever", CreatedAt: e.clock.Now()}).Error; err != nil {
		t.Fatal(err)
	}
	if res := post("died", "Nach dem Absturz"); res.Code != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after a crash before the commit: %d %s", res.Code, res.Body)
	}
	if res := post("died", "Nach dem Absturz"); res.Code != http.StatusCreated || res.Header.Get("Idempotent-Replayed") != "true" ||
		count("Nach dem Absturz") != 1 {
		t.Fatalf("replay after a crash before the commit: %d %s, %d stored", res.Code, res.Body, count("Nach dem Absturz"))
	}

	// A write that failed is free at once and then writes exactly one.
	if res := post("failed", ""); res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", res.Code)
	}
	if res := post("failed", "Jetzt richtig"); res.Code != http.StatusCreated || count("Jetzt richtig") != 1 {
		t.Fatalf("after a failure: %d %s", res.Code, res.Body)
	}

	// The same for projects, whose replay re-reads the project: the same representation as the first answer.
	_, adminTok := e.user("Ida Idempotenz", model.RoleAdmin)
	postProject := func(key, slug string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: adminTok,
			header: map[string]string{"Idempotency-Key": key}, body: projectInput(slug)})
	}
	p1 := postProject("pk", "wiederholt")
	if p1.Code != http.StatusCreated {
		t.Fatalf("project: %d %s", p1.Code, p1.Body)
	}
	e.db.Gorm.Exec("UPDATE idempotency_keys SET completed_at = NULL, response_status = 0, response_body = '' WHERE idempotency_key = 'pk'")
	p2 := postProject("pk", "wiederholt")
	if p2.Code != http.StatusCreated || string(p2.Body) != string(p1.Body) || p2.Header.Get("Location") != "/api/v1/projects/wiederholt" {
		t.Fatalf("project replay: %d %s\nfirst: %s", p2.Code, p2.Body, p1.Body)
	}
	// A write that rolled back inside its transaction (the slug is taken) leaves no record of its key.
	if res := postProject("taken", "wiederholt"); res.Code != http.StatusUnprocessableEntity {
		t.Fatalf("taken slug: %d %s", res.Code, res.Body)
	}
	var n int64
	e.db.Gorm.Model(&model.IdempotencyKey{}).Where("idempotency_key = ?", "taken").Count(&n)
	if n != 0 {
		t.Fatalf("a rolled back write kept its key")
	}
	if res := postProject("taken", "neu-versucht"); res.Code != http.StatusCreated {
		t.Fatalf("key after a rollback: %d %s", res.Code, res.Body)
	}
}
