package live

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// Frames written straight to the network connection (1-, 2- and 8-byte lengths) read back as the same
// text messages through a websocket client, in order, also when several go out in one vectored write.
func TestTextFramesReadBack(t *testing.T) {
	sizes := []int{0, 1, 125, 126, 127, 65535, 65536, 70000}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		q := sendQueue{}
		q.init()
		for i, n := range sizes {
			f := textFrame(bytes.Repeat([]byte{byte('a' + i)}, n))
			if got := frameData(f); len(got) != n {
				t.Errorf("frameData of %d bytes: %d", n, len(got))
			}
			q.push(f, len(sizes))
		}
		batch := q.take(nil)
		if err := writeFrames(c.NetConn(), batch); err != nil {
			t.Error(err)
		}
		_, _, _ = c.ReadMessage() // until the client closes
	}))
	defer srv.Close()
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i, n := range sizes {
		typ, data, err := c.ReadMessage()
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if typ != websocket.TextMessage || !bytes.Equal(data, bytes.Repeat([]byte{byte('a' + i)}, n)) {
			t.Fatalf("message %d: type %d, %d bytes, want %d", i, typ, len(data), n)
		}
	}
}
