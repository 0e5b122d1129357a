package live

import (
	"encoding/binary"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The write side of a connection. Every message a client gets is queued as a ready websocket frame: an
// event's frame is built once (outEvent) and the same bytes are queued to every eligible subscriber. The
// write pump takes everything queued at once and writes it with one vectored write, so a client that
// falls behind under load catches up in few system calls instead of one per message.
//
// The pump writes the frames to the network connection directly, not through gorilla's buffered writer:
// no frame is copied per connection and no write buffer is held. Gorilla's own writes (pings, pongs and
// close frames, WriteControl) are single writes of whole frames, and the network connection serialises
// concurrent writes, so frames never interleave.

// maxKeptBatch is the queue capacity (in frames) a connection keeps after a burst; beyond it the slice
// is dropped, so a burst does not cost memory for the rest of the connection's life.
const maxKeptBatch = 64

// sendQueue is a connection's queue of frames for its write pump; bounded by Options.QueueSize.
type sendQueue struct {
	mu     sync.Mutex
	frames [][]byte
	ready  chan struct{} // capacity 1: frames were queued
	space  chan struct{} // capacity 1: the write pump took the queued frames
}

func (q *sendQueue) init() {
	q.ready = make(chan struct{}, 1)
	q.space = make(chan struct{}, 1)
}

// push queues f unless limit frames are queued already.
func (q *sendQueue) push(f []byte, limit int) bool {
	q.mu.Lock()
	if len(q.frames) >= limit {
		q.mu.Unlock()
		return false
	}
	q.frames = append(q.frames, f)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
	return true
}

// take returns the queued frames and continues the queue in dst (emptied): the pump alternates two slices.
func (q *sendQueue) take(dst [][]byte) [][]byte {
	q.mu.Lock()
	out := q.frames
	q.frames = dst[:0]
	q.mu.Unlock()
	select {
	case q.space <- struct{}{}:
	default:
	}
	return out
}

// textFrame returns msg as an unmasked, final websocket text frame, as a server sends it (RFC 6455 §5.2).
func textFrame(msg []byte) []byte {
	n := len(msg)
	var hdr [10]byte
	hdr[0] = 0x80 | websocket.TextMessage // FIN and opcode
	h := 2
	switch {
	case n < 126:
		hdr[1] = byte(n)
	case n <= 0xffff:
		hdr[1] = 126
		binary.BigEndian.PutUint16(hdr[2:], uint16(n))
		h = 4
	default:
		hdr[1] = 127
		binary.BigEndian.PutUint64(hdr[2:], uint64(n))
		h = 10
	}
	f := make([]byte, h+n)
	copy(f, hdr[:h])
	copy(f[h:], msg)
	return f
}

// frameData is the payload of a frame made by textFrame.
func frameData(f []byte) []byte {
	switch f[1] {
	case 126:
		return f[4:]
	case 127:
		return f[10:]
	}
	return f[2:]
}

// enqueue queues frame f without blocking; a full queue drops the client.
func (c *client) enqueue(f []byte) bool {
	if c.queue.push(f, c.h.opts.QueueSize) {
		return true
	}
	c.slow()
	return false
}

// sendWait queues frame f, waiting up to writeWait for space. Only the read pump uses it (replies and
// replays), so a slow client blocks nobody but itself.
func (c *client) sendWait(f []byte) bool {
	if c.queue.push(f, c.h.opts.QueueSize) {
		return true
	}
	t := time.NewTimer(writeWait)
	defer t.Stop()
	for {
		select {
		case <-c.queue.space:
			if c.queue.push(f, c.h.opts.QueueSize) {
				return true
			}
		case <-c.done:
			return false
		case <-t.C:
			c.slow()
			return false
		}
	}
}

// writePump is the only writer of queued frames; it sends pings too.
func (c *client) writePump() {
	defer c.h.conns.Done()
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		_ = c.conn.Close()
	}()
	nc := c.conn.NetConn()
	var batch [][]byte
	for {
		select {
		case <-c.done: // closing takes precedence over queued messages
			c.writeClose()
			return
		default:
		}
		select {
		case <-c.done:
			c.writeClose()
			return
		case <-c.queue.ready:
			batch = c.queue.take(batch)
			if len(batch) == 0 {
				continue
			}
			err := writeFrames(nc, batch)
			clear(batch)
			if cap(batch) > maxKeptBatch {
				batch = nil
			}
			if err != nil {
				c.shut(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.shut(websocket.CloseAbnormalClosure, "")
				return
			}
		}
	}
}

// writeFrames writes frames to nc with one vectored write (writev on TCP).
func writeFrames(nc net.Conn, frames [][]byte) error {
	_ = nc.SetWriteDeadline(time.Now().Add(writeWait))
	bufs := net.Buffers(frames)
	_, err := bufs.WriteTo(nc)
	return err
}

// writeClose sends the close frame and gives the client a moment to answer before the socket closes.
func (c *client) writeClose() {
	if c.code == websocket.CloseAbnormalClosure {
		return
	}
	err := c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.code, c.reason), time.Now().Add(writeWait))
	if err != nil {
		return
	}
	select {
	case <-c.readDone:
	case <-time.After(closeWait):
	}
}
