package mail_test

import (
	"context"
	"errors"
	"github.com/digitalrat/digitalrat/internal/store"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/digitalrat/digitalrat/internal/mail"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

type fakeTransport struct {
	sent []string
	fail bool
}

func (f *fakeTransport) Send(_ context.Context, m *model.Mail) error {
	if f.fail {
		return errors.New("connection refused")
	}
	f.sent = append(f.sent, m.ToAddr)
	return nil
}

func TestFlush(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, to := range []string{"a@example.org", "b@example.org"} {
		if err := d.Gorm.Create(&model.Mail{ToAddr: to, Subject: "s", Body: "b", CreatedAt: now}).Error; err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()

	failing := &fakeTransport{fail: true}
	for range 6 {
		if err := mail.NewSender(store.New(d.Gorm), failing, log, func() time.Time { return now }).Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var ms []model.Mail
	d.Gorm.Order("id").Find(&ms)
	if ms[0].Attempts != 5 || ms[0].SentAt != nil || ms[0].LastError != "connection refused" {
		t.Fatalf("after failures: %+v", ms[0])
	}

	// Give up after five attempts; a fresh mail is still sent.
	if err := d.Gorm.Create(&model.Mail{ToAddr: "c@example.org", Subject: "s", Body: "b", CreatedAt: now}).Error; err != nil {
		t.Fatal(err)
	}
	ok := &fakeTransport{}
	s := mail.NewSender(store.New(d.Gorm), ok, log, func() time.Time { return now })
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ok.sent, ",") != "c@example.org" {
		t.Fatalf("sent %v", ok.sent)
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	m := &model.Mail{ToAddr: "a@example.org", Subject: "Digitalrat: E-Mail-Adresse bestätigen", Body: "Hallo Jürgen,\nhttps://x.example/verify-email?token=abc\n",
		CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	msg := string(mail.Message("digitalrat@example.org", m))
	for _, want := range []string{"From: digitalrat@example.org\r\n", "To: a@example.org\r\n", "Subject: =?utf-8?q?",
		"Content-Transfer-Encoding: quoted-printable\r\n", "J=C3=BCrgen", "Message-ID: <"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	d := testdb.New(t) // before the goroutine snapshot: the pool's own goroutines end at cleanup
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ok := &fakeTransport{}
	if err := d.Gorm.Create(&model.Mail{ToAddr: "a@example.org", Subject: "s", Body: "b", CreatedAt: time.Now()}).Error; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		mail.NewSender(store.New(d.Gorm), ok, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now).Run(ctx, 10*time.Millisecond)
		close(done)
	}()
	deadline := time.After(5 * time.Second)
	for {
		var m model.Mail
		d.Gorm.First(&m)
		if m.SentAt != nil {
			break
		}
		select {
		case <-deadline:
			t.Fatal("mail not sent by the loop")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	<-done
}
