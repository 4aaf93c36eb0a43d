package fakes

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// logLevels are the values of chime-fake's -log: off, or the least severe
// level written. debug writes a line per request.
var logLevels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// newLogger writes text lines to w from the given level up; "" is info.
func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	if level == "off" {
		return slog.New(slog.DiscardHandler), nil
	}
	l, ok := logLevels[level]
	if level != "" && !ok {
		return nil, fmt.Errorf("log must be off, error, warn, info or debug, got %q", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// record journals a request and, at debug level, logs it: what it was and
// what came of it, never its headers or body (they may carry secrets).
func (s *Server) record(e Entry) {
	s.journal.Add(e)
	if !s.opts.Logger.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	s.opts.Logger.Debug("request", "seq", e.Seq, "method", e.Method, "path", e.Path, "query", e.Query,
		"call", e.Call, "attempt", e.Attempt, "status", e.Status, "errorType", e.ErrorType,
		"ruleId", e.RuleID, "fault", e.Fault, "outcome", e.Outcome, "stored", e.Stored, "ms", e.DurationMs)
}
