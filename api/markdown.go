package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
)

// maxDocumentRunes is the longest document text (see createDocumentRequest); only those who may publish
// documents may preview that much.
const maxDocumentRunes = 500_000

// Previews per user: a burst for a writing session, then one every two seconds.
const (
	previewBurst = 30
	previewEvery = 2 * time.Second
)

type previewRequest struct {
	Markdown string `json:"markdown" validate:"max=500000"`
}

type previewResponse struct {
	HTML string `json:"html"`
}

// previewMarkdown renders Markdown exactly as comments and documents are rendered, so composers and the
// document editor can show a faithful preview without a Markdown library in the browser. A caller may
// preview only as much as they could publish (a comment, or a document for officials and admins), and
// previews are rate-limited per user: rendering is the most expensive thing an unverified account can ask for.
func (h *Handler) previewMarkdown(c *gin.Context) error {
	u := currentUser(c)
	if err := h.previews.take(u.ID, h.now()); err != nil {
		return err
	}
	var in previewRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	limit := comments.MaxBodyRunes
	if u.HasRole(model.RoleOfficial) || u.HasRole(model.RoleAdmin) {
		limit = maxDocumentRunes
	}
	if utf8.RuneCountInString(in.Markdown) > limit {
		return apperr.Invalid("markdown", "max", "must be at most "+strconv.Itoa(limit)+" characters")
	}
	c.JSON(http.StatusOK, previewResponse{HTML: markdown.Render(in.Markdown)})
	return nil
}

// maxPreviewKeys bounds the limiter's memory; beyond it the map starts afresh (more lenient, never stricter).
const maxPreviewKeys = 10_000

// previewLimiter is a token bucket per user for Markdown previews.
//
// TODO(internal/ratelimit): move to the shared limiter once it exists (and is shared across instances).
type previewLimiter struct {
	mu sync.Mutex
	m  map[int64]*rate.Limiter
}

func newPreviewLimiter() *previewLimiter { return &previewLimiter{m: map[int64]*rate.Limiter{}} }

// take spends one preview of user at now or returns a RateLimited error.
func (l *previewLimiter) take(user int64, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[user]
	if !ok {
		if len(l.m) >= maxPreviewKeys {
			l.m = map[int64]*rate.Limiter{}
		}
		lim = rate.NewLimiter(rate.Every(previewEvery), previewBurst)
		l.m[user] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &apperr.RateLimited{RetryAfter: d}
	}
	return nil
}
