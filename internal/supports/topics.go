package supports

import "github.com/digitalrat/digitalrat/internal/live"

// RegisterTopics registers project.supports on the public project:<slug> topics.
func RegisterTopics(r *live.Registry) { r.AddEvents("project", EventSupports) }
