package fakes

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// adminOp is one method of one admin endpoint: the query parameters it
// takes (any other is refused: a misspelt filter must not select
// everything), those it requires, and what it does.
type adminOp struct {
	query    []string
	required []string
	serve    func(s *Server, r *http.Request, id string) *restjson.Response
}

// adminEndpoint is a path's methods. A path ending in "/{id}" takes one
// more segment, handed to serve as id.
type adminEndpoint struct {
	path    string
	methods map[string]adminOp
}

var journalFilters = []string{"invocationId", "call", "account", "ruleId"}

// adminEndpoints is the admin API (README, "Admin API"; admin.openapi.yaml).
var adminEndpoints = []adminEndpoint{
	{"/openapi.yaml", map[string]adminOp{"GET": {serve: (*Server).adminOpenAPI}}},
	{"/health", map[string]adminOp{"GET": {serve: (*Server).adminHealth}}},
	{"/faults", map[string]adminOp{
		"GET": {serve: (*Server).adminRules}, "PUT": {serve: (*Server).adminReplaceRules},
		"POST": {serve: (*Server).adminAddRules}, "DELETE": {serve: (*Server).adminRemoveRules}}},
	{"/faults/{id}", map[string]adminOp{"DELETE": {serve: (*Server).adminRemoveRule}}},
	{"/fault-types", map[string]adminOp{"GET": {serve: (*Server).adminFaultTypes}}},
	{"/requests", map[string]adminOp{
		"GET": {query: journalFilters, serve: (*Server).adminJournal}, "DELETE": {serve: (*Server).adminEmptyJournal}}},
	{"/requests/count", map[string]adminOp{"GET": {query: journalFilters, serve: (*Server).adminJournalCount}}},
	{"/accounts", map[string]adminOp{"GET": {serve: (*Server).adminAccounts}, "POST": {serve: (*Server).adminAddAccount}}},
	{"/users", map[string]adminOp{"GET": {query: []string{"account"}, required: []string{"account"}, serve: (*Server).adminUsers}}},
	{"/reset", map[string]adminOp{"POST": {serve: (*Server).adminResetAll}}}, // the name scripts know: /reset/all
	{"/reset/all", map[string]adminOp{"POST": {serve: (*Server).adminResetAll}}},
	{"/reset/state", map[string]adminOp{"POST": {serve: (*Server).adminResetState}}},
}

// findAdminEndpoint is the endpoint serving path, and the {id} it names.
func findAdminEndpoint(path string) (*adminEndpoint, string) {
	for i := range adminEndpoints {
		e := &adminEndpoints[i]
		if prefix, ok := strings.CutSuffix(e.path, "{id}"); ok {
			if id, ok := strings.CutPrefix(path, prefix); ok && id != "" {
				return e, id
			}
		} else if path == e.path {
			return e, ""
		}
	}
	return nil, ""
}

func (s *Server) adminRoute(r *http.Request, path string) *restjson.Response {
	full := strings.TrimSuffix(AdminPrefix, "/") + path
	e, id := findAdminEndpoint(path)
	if e == nil {
		return restjson.ErrorNamed("NotFoundException", 0, fmt.Sprintf("no admin endpoint %s", full))
	}
	op, ok := e.methods[r.Method]
	if !ok {
		allow := strings.Join(slices.Sorted(func(yield func(string) bool) {
			for m := range e.methods {
				if !yield(m) {
					return
				}
			}
		}), ", ")
		resp := restjson.ErrorNamed("MethodNotAllowedException", http.StatusMethodNotAllowed,
			fmt.Sprintf("%s does not take %s; it takes %s", full, r.Method, allow))
		resp.Header.Set("Allow", allow)
		return resp
	}
	if resp := op.checkQuery(r, full); resp != nil {
		return resp
	}
	return op.serve(s, r, id)
}

// checkQuery refuses a parameter the operation does not take, and a
// required one missing or blank.
func (op adminOp) checkQuery(r *http.Request, full string) *restjson.Response {
	q := r.URL.Query()
	for name := range q {
		if !slices.Contains(op.query, name) {
			takes := "no query parameters"
			if len(op.query) > 0 {
				takes = strings.Join(op.query, ", ")
			}
			return restjson.ErrorNamed("BadRequestException", 0, fmt.Sprintf("%s %s takes %s, not %q", r.Method, full, takes, name))
		}
	}
	for _, name := range op.required {
		if strings.TrimSpace(q.Get(name)) == "" {
			return restjson.ErrorNamed("BadRequestException", 0, fmt.Sprintf("%s %s needs the query parameter %s", r.Method, full, name))
		}
	}
	return nil
}
