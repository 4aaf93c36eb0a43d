package fakes

import "github.com/chime-conformance/createuser/fakes/internal/journal"

// clip is s when it is at most n bytes long, else its first n bytes (valid
// UTF-8) and how long it was (journal.Clip).
func clip(s string, n int) string { return journal.Clip(s, n) }
