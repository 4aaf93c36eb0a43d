package fakes

import textclip "github.com/chime-conformance/createuser/fakes/internal/clip"

// clip bounds a client's string before the fake keeps or repeats it (see
// clip.String).
func clip(s string, n int) string { return textclip.String(s, n) }
