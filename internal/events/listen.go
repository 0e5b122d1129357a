package events

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/digitalrat/digitalrat/internal/store"
)

// Listen keeps a dedicated PostgreSQL connection (application_name name) LISTENing on NotifyChannel until
// ctx ends, so that events appended by other instances are read at once: it calls wake for every
// notification. It reconnects with backoff and calls wake after every (re)connect too, so the reader
// catches up with everything committed while the connection was down (its safety poll covers that time,
// too).
func Listen(ctx context.Context, dbURL, name string, wake func(), log *slog.Logger) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		connected, err := listenOnce(ctx, dbURL, name, wake)
		if ctx.Err() != nil {
			return
		}
		if connected {
			backoff = 100 * time.Millisecond
		}
		log.Warn("events: LISTEN connection lost, reconnecting", "error", errString(err), "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

// listenOnce connects, LISTENs and waits for notifications until the connection fails. connected
// reports whether LISTEN was established.
func listenOnce(ctx context.Context, dbURL, name string, wake func()) (connected bool, err error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return false, err
	}
	cfg.RuntimeParams["application_name"] = name
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return false, err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if err := store.ListenEvents(ctx, conn); err != nil {
		return false, err
	}
	wake() // catch up with whatever was committed while not listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, err
		}
		wake()
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
