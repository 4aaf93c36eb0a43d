package fakes

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/internal/journal"
	"github.com/chime-conformance/createuser/fakes/internal/statefile"
	"github.com/chime-conformance/createuser/fakes/internal/store"
	"github.com/chime-conformance/createuser/spec"
)

// Server is a running fake.
type Server struct {
	opts    Options
	spec    *spec.Spec
	store   *store.Store
	engine  *faults.Engine
	journal *journal.Journal
	calls   *calls
	saver   *statefile.Saver // nil without a state file
	active  *activeFaults
	signers signers // SigV4 verifiers, per verified scope

	listener net.Listener
	http     *http.Server
	done     chan struct{}
	closeMu  sync.Once
}

// NewServer starts a fake on opts.Addr (a loopback port by default).
func NewServer(opts Options) (*Server, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("fakes: listen: %w", err)
	}
	s.listener = ln
	s.http = s.opts.Limits.httpServer(s)
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.http.Serve(s.opts.Limits.listen(s.http, ln)); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logger.Error("serve", "err", err)
		}
	}()
	return s, nil
}

// New builds a fake without listening: use it as an http.Handler.
func New(opts Options) (*Server, error) {
	opts = opts.withDefaults()
	sp := opts.Spec
	if sp == nil {
		var err error
		if sp, err = spec.Load(); err != nil {
			return nil, err
		}
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	engine, err := faults.NewEngine(opts.Seed, opts.Rules)
	if err != nil {
		return nil, fmt.Errorf("fakes: %w", err)
	}
	s := &Server{opts: opts, spec: sp, store: store.New(opts.Accounts), engine: engine,
		journal: newJournal(opts.JournalSize), calls: newCalls(opts.RetryWindow, opts.Now),
		active: &activeFaults{max: int64(opts.Limits.MaxActiveFaults)}}
	if opts.StateFile != "" {
		generation, err := statefile.Load(opts.StateFile, s.store)
		if err != nil {
			return nil, err
		}
		if err := statefile.CheckWritable(opts.StateFile); err != nil {
			return nil, fmt.Errorf("fakes: state file %s could never be saved: %w", opts.StateFile, err)
		}
		s.saver = statefile.StartSaver(opts.StateFile, opts.StateInterval, s.store, generation, opts.Logger)
	}
	return s, nil
}

func (o Options) validate() error {
	var errs []error
	switch o.Auth {
	case AuthOff, AuthAny, AuthVerify:
	default:
		errs = append(errs, fmt.Errorf("auth must be off, any or verify, got %q", o.Auth))
	}
	switch o.AuthErrors {
	case AuthErrorsModeled, AuthErrorsFrontDoor:
	default:
		errs = append(errs, fmt.Errorf("authErrors must be modeled or front-door, got %q", o.AuthErrors))
	}
	for i, c := range o.Credentials {
		if c.AccessKeyID == "" || c.SecretAccessKey == "" {
			errs = append(errs, fmt.Errorf("credentials[%d]: accessKeyId and secretAccessKey are required", i))
		}
	}
	for _, a := range o.Accounts {
		if strings.TrimSpace(a) == "" {
			errs = append(errs, fmt.Errorf("accounts: %q is blank, and a blank accountId is never valid", a))
		}
	}
	if o.JournalSize < 0 || o.JournalSize > MaxJournalSize {
		errs = append(errs, fmt.Errorf("journalSize must be within 1 and %d (0 for the default, 1000), got %d", MaxJournalSize, o.JournalSize))
	}
	if o.ClockSkew < 0 || o.RetryWindow < 0 || o.StateInterval < 0 {
		errs = append(errs, fmt.Errorf("clockSkew, retryWindow and stateInterval must not be negative"))
	}
	errs = append(errs, o.Limits.validate())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("fakes: invalid options: %w", err)
	}
	return nil
}

// URL is the base URL clients point at (empty for a server built with New).
func (s *Server) URL() string {
	if s.listener == nil {
		return ""
	}
	return "http://" + s.listener.Addr().String()
}

// Handler returns the fake as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Faults is the fault engine: add, replace and remove rules at run time.
func (s *Server) Faults() *faults.Engine { return s.engine }

// Journal returns the recorded requests matching f, oldest first.
func (s *Server) Journal(f Filter) []Entry { return s.journal.List(f) }

// Users returns the users created in an account.
func (s *Server) Users(accountID string) []User { return s.store.Users(accountID) }

// Accounts lists the accounts that exist.
func (s *Server) Accounts() []string { return s.store.AccountIDs() }

// AddAccount makes an account exist; it says whether it is new.
func (s *Server) AddAccount(id string) bool { return s.store.AddAccount(id) }

// Reset is the full reset: ResetState, and the configured rules in place
// of the rules there are.
func (s *Server) Reset() {
	_ = s.engine.Replace(s.opts.Rules) // validated at start
	s.ResetState()
}

// ResetState forgets users, the journal, the calls and the rules' counters
// (the RNG restarts from the seed), and restores the configured accounts;
// the rules stay as they are, those added at run time too.
func (s *Server) ResetState() {
	s.store.Reset(s.opts.Accounts)
	s.journal.Reset()
	s.calls.reset()
	s.engine.ResetCounters()
}

// Close stops the server: it stops accepting, closes idle connections at
// once (keep-alive ones between requests, and those that never sent a
// byte), lets the requests in flight finish for up to
// Limits.ShutdownTimeout, then cuts what is left (and says so in its
// error, which wraps context.DeadlineExceeded; nil when nothing was cut),
// and saves the state file, if any: every user answered 201 is in it.
func (s *Server) Close() error {
	var err error
	s.closeMu.Do(func() {
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), s.opts.Limits.ShutdownTimeout)
			defer cancel()
			if shutdown := s.http.Shutdown(ctx); shutdown != nil {
				err = fmt.Errorf("fakes: requests still in flight after the shutdown timeout (%s) were cut: %w", s.opts.Limits.ShutdownTimeout, shutdown)
				err = errors.Join(err, s.http.Close())
			}
			<-s.done
		}
		if s.saver != nil {
			err = errors.Join(err, s.saver.Close())
		}
		s.signers.forget()
	})
	return err
}
