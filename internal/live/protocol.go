package live

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// clientMessage is any message a client sends.
type clientMessage struct {
	Op    string `json:"op"`
	Token string `json:"token"`
	Topic string `json:"topic"`
	Since *int64 `json:"since"`
}

// reply is a protocol message other than an event.
type reply struct {
	Op     string `json:"op"`
	Code   string `json:"code,omitempty"`
	Topic  string `json:"topic,omitempty"`
	UserID string `json:"user_id,omitempty"`
	LastID *int64 `json:"last_id,omitempty"`
}

func (c *client) reply(r reply) bool {
	b, _ := json.Marshal(r)
	return c.sendWait(textFrame(b))
}

// errBadMessage is any client message that is not a protocol message.
var errBadMessage = errors.New("live: bad message")

// parseMessage decodes one client message: a JSON object whose op is auth, subscribe or unsubscribe.
// Unknown fields are ignored, so that clients may send more than this server knows.
func parseMessage(data []byte) (clientMessage, error) {
	var m clientMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return clientMessage{}, errBadMessage
	}
	switch m.Op {
	case "auth", "subscribe", "unsubscribe":
		return m, nil
	}
	return clientMessage{}, errBadMessage
}

// echo is the part of a client's topic a reply repeats: a valid topic whole, an invalid one cut to
// echoLimit bytes (at a character boundary), so a client cannot make the server send its junk back.
func (c *client) echo(topic string) string { return echoTopic(c.h.kinds, topic) }

func echoTopic(r *Registry, topic string) string {
	if r.valid(topic) || len(topic) <= echoLimit {
		return strings.ToValidUTF8(topic, "")
	}
	cut := echoLimit
	for cut > 0 && !utf8.RuneStart(topic[cut]) {
		cut--
	}
	return strings.ToValidUTF8(topic[:cut], "")
}

// takeSubscribe spends one subscribe of the connection's budget; false when it is used up.
func (c *client) takeSubscribe() bool {
	now := c.h.opts.Now()
	if el := now.Sub(c.subAt).Seconds(); el > 0 {
		c.subTokens = min(subscribeBurst, c.subTokens+el*subscribeRate)
	}
	c.subAt = now
	if c.subTokens < 1 {
		return false
	}
	c.subTokens--
	return true
}

// handle answers one client message; false ends the connection.
func (c *client) handle(data []byte) bool {
	m, err := parseMessage(data)
	if err != nil {
		return c.reply(reply{Op: "error", Code: "bad_request"})
	}
	switch m.Op {
	case "auth":
		return c.authenticate(m.Token)
	case "subscribe":
		if !c.h.kinds.valid(m.Topic) {
			return c.reply(reply{Op: "error", Code: "bad_request", Topic: c.echo(m.Topic)})
		}
		if !c.takeSubscribe() {
			return c.reply(reply{Op: "error", Code: "rate_limited", Topic: m.Topic})
		}
		return c.subscribe(m.Topic, m.Since)
	default: // unsubscribe
		c.mu.Lock()
		delete(c.subs, m.Topic)
		c.mu.Unlock()
		c.h.unsubscribe(c, m.Topic)
		return c.reply(reply{Op: "unsubscribed", Topic: c.echo(m.Topic)})
	}
}
