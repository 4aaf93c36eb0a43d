package fakes

import (
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/restjson"
)

// AdminOpenAPI describes the admin API (served at /_fake/openapi.yaml).
//
//go:embed admin.openapi.yaml
var AdminOpenAPI []byte

// AdminTokenHeader carries Options.AdminToken.
const AdminTokenHeader = "X-Fake-Admin-Token"

// serveAdmin is the admin API (see README, "Admin API"). Errors are
// AWS-shaped, like the service's.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if resp := s.adminAccess(r); resp != nil {
		resp.Write(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminBody)
	path := strings.TrimPrefix(r.URL.Path, strings.TrimSuffix(AdminPrefix, "/"))
	resp := s.adminRoute(r, path)
	resp.Write(w)
}

// maxAdminBody bounds every admin request's body: rules and accounts are
// a few KiB.
const maxAdminBody = 1 << 20

// badAdminBody answers a body the admin API cannot take: too large, said
// so, or not what the endpoint wants.
func badAdminBody(err error, want string) *restjson.Response {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return restjson.ErrorNamed("BadRequestException", 0, fmt.Sprintf("the request body is too large: the admin API takes at most %d bytes", tooLarge.Limit))
	}
	return restjson.ErrorNamed("BadRequestException", 0, want)
}

func (s *Server) adminAccess(r *http.Request) *restjson.Response {
	if s.opts.AdminToken != "" {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(AdminTokenHeader)), []byte(s.opts.AdminToken)) != 1 {
			return restjson.ErrorNamed("ForbiddenException", 0, "the admin API needs the "+AdminTokenHeader+" header")
		}
		return nil
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return restjson.ErrorNamed("ForbiddenException", 0, "the admin API answers loopback clients only, unless an admin token is configured")
	}
	return nil
}

func (s *Server) adminOpenAPI(*http.Request, string) *restjson.Response {
	h := http.Header{}
	h.Set("Content-Type", "application/yaml")
	return &restjson.Response{Status: 200, Header: h, Body: AdminOpenAPI}
}

func (s *Server) adminHealth(*http.Request, string) *restjson.Response {
	return restjson.JSON(200, map[string]any{"status": "ok", "accounts": s.Accounts(), "load": s.Load()})
}

func (s *Server) adminRules(*http.Request, string) *restjson.Response {
	return restjson.JSON(200, map[string]any{"seed": s.engine.Seed(), "rules": s.engine.Rules()})
}

func (s *Server) adminReplaceRules(r *http.Request, _ string) *restjson.Response {
	return s.changeRules(r, s.engine.Replace)
}

func (s *Server) adminAddRules(r *http.Request, _ string) *restjson.Response {
	return s.changeRules(r, s.engine.Add)
}

func (s *Server) adminRemoveRules(*http.Request, string) *restjson.Response {
	_ = s.engine.Replace(nil)
	return restjson.JSON(200, map[string]any{"rules": s.engine.Rules()})
}

func (s *Server) adminRemoveRule(_ *http.Request, id string) *restjson.Response {
	if !s.engine.Remove(id) {
		return restjson.ErrorNamed("NotFoundException", 0, fmt.Sprintf("no rule %q", id))
	}
	return restjson.JSON(200, map[string]any{"rules": s.engine.Rules()})
}

func (s *Server) adminFaultTypes(*http.Request, string) *restjson.Response {
	return restjson.JSON(200, FaultTypes())
}

func (s *Server) adminJournal(r *http.Request, _ string) *restjson.Response {
	return restjson.JSON(200, s.Journal(filterOf(r)))
}

func (s *Server) adminJournalCount(r *http.Request, _ string) *restjson.Response {
	return restjson.JSON(200, map[string]int{"count": len(s.Journal(filterOf(r)))})
}

func (s *Server) adminEmptyJournal(*http.Request, string) *restjson.Response {
	s.journal.Reset()
	return restjson.JSON(200, map[string]int{"count": 0})
}

func (s *Server) adminAccounts(*http.Request, string) *restjson.Response {
	return restjson.JSON(200, map[string]any{"accounts": s.Accounts()})
}

func (s *Server) adminAddAccount(r *http.Request, _ string) *restjson.Response {
	var in struct {
		AccountID string `json:"accountId"`
	}
	if err := decodeStrict(r.Body, &in); err != nil || strings.TrimSpace(in.AccountID) == "" {
		return badAdminBody(err, `want {"accountId": "<non-blank>"}`)
	}
	status := 200
	if s.AddAccount(in.AccountID) {
		status = 201
	}
	return restjson.JSON(status, map[string]any{"accounts": s.Accounts()})
}

func (s *Server) adminUsers(r *http.Request, _ string) *restjson.Response {
	return restjson.JSON(200, map[string]any{"users": nonNil(s.Users(r.URL.Query().Get("account")))})
}

func (s *Server) adminResetAll(*http.Request, string) *restjson.Response {
	s.Reset()
	return restjson.JSON(200, map[string]string{"status": "reset", "scope": "all"})
}

func (s *Server) adminResetState(*http.Request, string) *restjson.Response {
	s.ResetState()
	return restjson.JSON(200, map[string]string{"status": "reset", "scope": "state"})
}

func nonNil(u []User) []User {
	if u == nil {
		return []User{}
	}
	return u
}

// changeRules reads one rule or a list; nothing changes unless all are valid.
func (s *Server) changeRules(r *http.Request, apply func([]faults.Rule) error) *restjson.Response {
	rules, err := s.decodeRules(r.Body)
	if err == nil {
		err = apply(rules)
	}
	if err != nil {
		return badAdminBody(err, err.Error())
	}
	return restjson.JSON(200, map[string]any{"seed": s.engine.Seed(), "rules": s.engine.Rules()})
}

// decodeRules accepts a rule object or an array of rules, strictly.
func (s *Server) decodeRules(body io.Reader) ([]faults.Rule, error) {
	b, err := io.ReadAll(body) // bounded by serveAdmin
	if err != nil {
		return nil, err
	}
	return s.opts.FaultTypes.ParseRules(string(b))
}

func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

func filterOf(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{InvocationID: q.Get("invocationId"), Call: q.Get("call"), Account: q.Get("account"), RuleID: q.Get("ruleId")}
}

// FaultType describes a fault type: faults.Kind, with what real clients
// did when it fired (measured: CLIENTS.md).
type FaultType = faults.Kind

// FaultTypes lists every fault type the fake knows, by category, each
// with what the measured clients did with it.
func FaultTypes() []FaultType {
	kinds := faults.Builtin().Kinds()
	measured, _ := MeasuredClients() // committed; TestClientMatrix reads it too, and fails if it cannot
	for i := range kinds {
		kinds[i].Clients = measured.behaviourOf(kinds[i].Type)
	}
	return kinds
}
