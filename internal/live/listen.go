package live

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/digitalrat/digitalrat/internal/events"
)

// listenLoop keeps a dedicated PostgreSQL connection LISTENing on the outbox channel, so events appended
// by other instances are read at once. It reconnects with backoff; after every (re)connect it wakes the
// reader, which then reads everything newer than the last event it delivered, so nothing committed while
// the connection was down is lost (the safety poll covers that time, too).
func (h *Hub) listenLoop() {
	defer h.bg.Done()
	backoff := 100 * time.Millisecond
	for h.ctx.Err() == nil {
		connected, err := h.listenOnce()
		if h.ctx.Err() != nil {
			return
		}
		if connected {
			backoff = 100 * time.Millisecond
		}
		h.log.Warn("live: LISTEN connection lost, reconnecting", "error", errString(err), "retry_in", backoff.String())
		select {
		case <-h.ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

// listenOnce connects, LISTENs and waits for notifications until the connection fails. connected
// reports whether LISTEN was established.
func (h *Hub) listenOnce() (connected bool, err error) {
	cfg, err := pgx.ParseConfig(h.dbURL)
	if err != nil {
		return false, err
	}
	cfg.RuntimeParams["application_name"] = h.listenName
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	cancel()
	if err != nil {
		return false, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if _, err := conn.Exec(h.ctx, "LISTEN "+events.NotifyChannel); err != nil {
		return false, err
	}
	h.signal() // catch up with whatever was committed while not listening
	for {
		if _, err := conn.WaitForNotification(h.ctx); err != nil {
			return true, err
		}
		h.signal()
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
