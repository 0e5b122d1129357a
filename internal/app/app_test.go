package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
)

func TestMain(m *testing.M) {
	auth.FastHashesForTests()
	os.Exit(m.Run())
}

// withStdio runs fn with os.Stdin reading input and returns what fn wrote to os.Stdout. Tests using it
// must not run in parallel.
func withStdio(t *testing.T, input string, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString(input); err != nil {
		t.Fatal(err)
	}
	w.Close()
	out, err := os.CreateTemp(t.TempDir(), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	oldIn, oldOut := os.Stdin, os.Stdout
	os.Stdin, os.Stdout = r, out
	fn()
	os.Stdin, os.Stdout = oldIn, oldOut
	r.Close()
	out.Close()
	b, err := os.ReadFile(out.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUserCreate(t *testing.T) {
	dir := t.TempDir()
	getenv := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	run := func(args ...string) int { return Run(context.Background(), args, getenv, nil) }

	tests := []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"admin with generated password", "", []string{"user", "create", "--email", "Admin@Example.org", "--name", "Admin", "--role", "admin"}, 0},
		{"official and moderator, password from stdin", "a strong passphrase 2026\n",
			[]string{"user", "create", "--email", "amt@example.org", "--name", "Amt", "--role", "official", "--role", "moderator", "--department", "Bürgeramt", "--password-stdin"}, 0},
		{"council needs affiliation", "", []string{"user", "create", "--email", "c@example.org", "--name", "C", "--role", "council"}, 2},
		{"unknown role", "", []string{"user", "create", "--email", "k@example.org", "--name", "K", "--role", "king"}, 2},
		{"short password from stdin", "short\n", []string{"user", "create", "--email", "s@example.org", "--name", "S", "--password-stdin"}, 2},
		{"duplicate email", "", []string{"user", "create", "--email", "admin@example.org", "--name", "Again"}, 2},
		{"missing email", "", []string{"user", "create", "--name", "Nobody"}, 2},
		{"unknown flag", "", []string{"user", "create", "--bogus"}, 2},
		{"no subcommand", "", []string{"user"}, 2},
	}
	outputs := map[string]string{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got int
			outputs[tc.name] = withStdio(t, tc.stdin, func() { got = run(tc.args...) })
			if got != tc.want {
				t.Fatalf("exit code %d, want %d", got, tc.want)
			}
		})
	}
	_, generated, ok := strings.Cut(outputs[tests[0].name], "password (shown once): ")
	if !ok {
		t.Fatalf("generated password not printed: %q", outputs[tests[0].name])
	}
	if strings.Contains(outputs[tests[1].name], "password") {
		t.Fatalf("password from stdin echoed: %q", outputs[tests[1].name])
	}

	d, err := db.Open("", filepath.Join(dir, "digitalrat.db"), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var users []model.User
	if err := d.Gorm.Order("id").Find(&users).Error; err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Fatalf("%d users created, want 2", len(users))
	}
	adm, amt := users[0], users[1]
	if adm.Email != "admin@example.org" || adm.Roles.String() != "resident,admin" || adm.EmailVerifiedAt == nil {
		t.Fatalf("admin: %+v", adm)
	}
	if amt.Roles.String() != "resident,moderator,official" || amt.Department != "Bürgeramt" || amt.EmailVerifiedAt == nil {
		t.Fatalf("official: %+v", amt)
	}
	if ok, _ := auth.CheckPassword(amt.PasswordHash, "a strong passphrase 2026"); !ok {
		t.Fatal("password from stdin not set")
	}
	if ok, _ := auth.CheckPassword(adm.PasswordHash, strings.TrimSpace(generated)); !ok {
		t.Fatal("the printed password does not log in")
	}
}
