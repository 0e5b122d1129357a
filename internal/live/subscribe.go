package live

import (
	"context"
	"errors"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// authenticate switches the connection to the user of token (after a refresh too). An invalid token makes
// the connection anonymous. Subscriptions the new identity may not have are ended with a forbidden error.
func (c *client) authenticate(token string) bool {
	ctx, cancel := context.WithTimeout(c.h.ctx, 5*time.Second)
	defer cancel()
	u, exp, err := c.h.auth.AuthenticateToken(ctx, token)
	if err != nil && !errors.Is(err, apperr.ErrUnauthenticated) {
		c.h.log.Warn("live: authenticate", "error", err.Error())
		return c.reply(reply{Op: "error", Code: "unavailable"})
	}
	// Rights are decided outside the client lock: a topic's rule (TopicKind.May) may query the database, and the
	// hub's reader must never wait for that.
	var lost []string
	for _, topic := range c.topicList() {
		if !c.h.kinds.may(ctx, u, topic) {
			lost = append(lost, topic)
		}
	}
	c.mu.Lock()
	c.user, c.exp, c.token = u, exp, token
	if err != nil {
		c.token = ""
	}
	c.gen++
	for _, topic := range lost {
		delete(c.subs, topic)
	}
	c.mu.Unlock()
	for _, topic := range lost {
		c.h.unsubscribe(c, topic)
		if !c.reply(reply{Op: "error", Code: "forbidden", Topic: topic}) {
			return false
		}
	}
	if err != nil {
		return c.reply(reply{Op: "error", Code: "invalid_token"})
	}
	return c.reply(reply{Op: "authed", UserID: formatID(u.ID)})
}

// subscribe adds topic: it registers the subscription first (buffering live events), then replays newer
// events from the outbox, answers subscribed and finally drains the buffer, skipping what the replay sent.
func (c *client) subscribe(topic string, since *int64) bool {
	ctx, cancel := context.WithTimeout(c.h.ctx, 30*time.Second)
	defer cancel()
	user := c.currentUser()
	if !c.h.kinds.may(ctx, user, topic) {
		return c.reply(reply{Op: "error", Code: "forbidden", Topic: topic})
	}
	// Until the settled horizon is known, the reader's copies of events up to the highest visible id are
	// skipped already: the replay covers them (the horizon is at least that id), and a reader that is
	// behind does not fill the buffer of a client that is not slow at all.
	visible, err := c.h.events.MaxID(ctx)
	if err != nil {
		return c.reply(reply{Op: "error", Code: "unavailable", Topic: topic})
	}
	s := &subscription{replaying: true, covered: visible}
	c.mu.Lock()
	if _, ok := c.subs[topic]; !ok && len(c.subs) >= c.h.opts.MaxTopics {
		c.mu.Unlock()
		return c.reply(reply{Op: "error", Code: "too_many_topics", Topic: topic})
	}
	c.subs[topic] = s // a repeated subscribe starts over
	c.mu.Unlock()
	c.h.subscribe(c, topic)

	fail := func() bool {
		c.mu.Lock()
		if c.subs[topic] == s {
			delete(c.subs, topic)
		}
		c.mu.Unlock()
		c.h.unsubscribe(c, topic)
		return c.reply(reply{Op: "error", Code: "unavailable", Topic: topic})
	}
	// Everything up to the outbox's settled horizon (no lower id can appear any more, see
	// store.Events.Settled) is covered by the replay; newer events arrive live, and the reader's copies
	// of replayed ones are skipped.
	water, _, err := c.h.events.Settled(ctx)
	if err != nil {
		return fail()
	}
	c.mu.Lock()
	s.covered = water
	c.mu.Unlock()
	// Events up to the horizon are before the subscription: the replay sends those after since, and
	// without since the client fetches the state over HTTP. The reader's later copies of them (it may be
	// behind) are skipped.
	skip := water
	if since != nil {
		from := *since
		reset := false
		if from > 0 {
			ok, err := c.h.events.Exists(ctx, from)
			if err != nil {
				return fail()
			}
			reset = !ok // the client's last event is gone: older than the retention (or not ours)
		}
		if !reset && from < water {
			// A replay beyond the bounds is not sent: the client refetches over HTTP instead, so a small
			// subscribe message cannot ask for megabytes.
			n, size, err := c.h.events.ReplaySize(ctx, topic, from, water, c.h.opts.MaxReplayEvents+1)
			if err != nil {
				return fail()
			}
			reset = n > int64(c.h.opts.MaxReplayEvents) || size > int64(c.h.opts.MaxReplayBytes)
		}
		if reset {
			if !c.reply(reply{Op: "reset", Topic: topic}) {
				return false
			}
			from = water
		}
		for from < water {
			rows, err := c.h.events.OfTopic(ctx, topic, from, water, replayPage)
			if err != nil {
				return fail()
			}
			// Rights may change during a replay (a new auth, a revoked session): check each page with the
			// connection's current identity, and stop when the subscription was ended meanwhile.
			c.mu.Lock()
			user = c.user
			active, expired := c.subs[topic] == s, c.expiredLocked(c.h.opts.Now())
			c.mu.Unlock()
			if expired {
				c.shut(CloseUnauthorized, "token expired")
				return false
			}
			if !active {
				return true // ended by a re-check, which has told the client
			}
			for i, r := range rows {
				if mayEvent(user, r.Audience) {
					ev := newOutEvent(&rows[i])
					if !c.sendWait(ev.frame) {
						return false
					}
					c.h.delivered.Inc()
				}
				from = r.ID
			}
			if len(rows) < replayPage {
				break
			}
		}
		if !reset && *since > water {
			// The client comes from an instance whose reader is ahead of this one's: it has every event of
			// the topic up to since already.
			skip = *since
		}
	}
	lastID := max(water, skip)
	if !c.reply(reply{Op: "subscribed", Topic: topic, LastID: &lastID}) {
		return false
	}
	for {
		c.mu.Lock()
		s.after = skip
		if len(s.buf) == 0 {
			s.replaying = false
			c.mu.Unlock()
			return true
		}
		buf := s.buf
		s.buf = nil
		c.mu.Unlock()
		for _, ev := range buf {
			if ev.id <= skip {
				continue
			}
			if !c.sendWait(ev.frame) {
				return false
			}
			c.h.delivered.Inc()
		}
	}
}
