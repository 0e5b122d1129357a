// Package mail delivers the mail outbox: over SMTP when SMTP_URL is configured, otherwise into the log.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// maxAttempts is how often a mail is tried before it stays in the outbox with its last error.
const maxAttempts = 5

// Transport delivers one mail.
type Transport interface {
	Send(ctx context.Context, m *model.Mail) error
}

// Sender polls the outbox and hands unsent mails to a transport. Because the outbox is a table, mails
// queued in a transaction are sent only after it commits, and a restart loses nothing. With several
// instances a mail may rarely be sent twice (two instances polling at once); that is accepted for
// verification and reset mails.
type Sender struct {
	mails     *store.Mails
	transport Transport
	log       *slog.Logger
	now       func() time.Time
}

// NewSender returns a sender over the outbox in db.
func NewSender(st *store.Store, t Transport, log *slog.Logger, now func() time.Time) *Sender {
	return &Sender{mails: st.Mails(), transport: t, log: log, now: now}
}

// Run flushes the outbox every interval until ctx ends.
func (s *Sender) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := s.Flush(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("mail outbox", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Flush sends every pending mail once.
func (s *Sender) Flush(ctx context.Context) error {
	ms, err := s.mails.Unsent(ctx, maxAttempts, 50)
	if err != nil {
		return err
	}
	for i := range ms {
		m := &ms[i]
		if err := s.transport.Send(ctx, m); err != nil {
			s.log.Warn("mail not sent", "mail_id", m.ID, "attempt", m.Attempts+1, "error", err.Error())
			if err := s.mails.MarkFailed(ctx, m.ID, truncate(err.Error(), 500)); err != nil {
				return err
			}
			continue
		}
		if err := s.mails.MarkSent(ctx, m.ID, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// LogTransport writes mails into the log at info instead of sending them (no SMTP_URL): in development the
// verification and reset links are read from there.
type LogTransport struct{ Log *slog.Logger }

// Send logs the mail.
func (t LogTransport) Send(ctx context.Context, m *model.Mail) error {
	t.Log.InfoContext(ctx, "mail (SMTP_URL not set, not sent)", "to", m.ToAddr, "subject", m.Subject, "link", firstLink(m.Body))
	return nil
}

func firstLink(body string) string {
	for _, f := range strings.Fields(body) {
		if strings.HasPrefix(f, "http://") || strings.HasPrefix(f, "https://") {
			return f
		}
	}
	return ""
}

// SMTP sends mails over SMTP: smtp://user:pass@host:port uses STARTTLS when the server offers it,
// smtps://… implicit TLS (port 465).
type SMTP struct {
	URL     *url.URL
	From    string
	Timeout time.Duration // per mail; 30 s when zero
}

// Send delivers one mail.
func (t SMTP) Send(ctx context.Context, m *model.Mail) error {
	timeout := t.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	host := t.URL.Hostname()
	addr := t.URL.Host
	if t.URL.Port() == "" {
		port := "587"
		if t.URL.Scheme == "smtps" {
			port = "465"
		}
		addr = net.JoinHostPort(host, port)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var conn net.Conn
	var err error
	d := &net.Dialer{}
	if t.URL.Scheme == "smtps" {
		conn, err = (&tls.Dialer{NetDialer: d, Config: &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("mail: dial: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("mail: hello: %w", err)
	}
	defer c.Close()
	if t.URL.Scheme == "smtp" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
				return fmt.Errorf("mail: starttls: %w", err)
			}
		}
	}
	if u := t.URL.User; u != nil && u.Username() != "" {
		pw, _ := u.Password()
		// PlainAuth refuses to send the password over an unencrypted connection (except to localhost).
		if err := c.Auth(smtp.PlainAuth("", u.Username(), pw, host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(t.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := c.Rcpt(m.ToAddr); err != nil {
		return fmt.Errorf("mail: rcpt: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write(Message(t.From, m)); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: data end: %w", err)
	}
	return c.Quit()
}

// Message renders m as an RFC 5322 message with a quoted-printable UTF-8 text body.
func Message(from string, m *model.Mail) []byte {
	var b bytes.Buffer
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := from[strings.LastIndexByte(from, '@')+1:]
	fmt.Fprintf(&b, "From: %s\r\n", from)
	fmt.Fprintf(&b, "To: %s\r\n", m.ToAddr)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", m.CreatedAt.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(m.Body, "\n", "\r\n")))
	_ = qp.Close()
	return b.Bytes()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
