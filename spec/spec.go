// Package spec holds the OpenAPI document of CreateUser, generated from the
// AWS API reference page by cmd/specgen, and validates requests and
// responses against it with kin-openapi.
//
// The document is parsed, validated and routed once per process; every
// Validate call after that reuses it. Patterns are applied as ECMA-262
// defines them (see CompilePattern), not as Go's regexp reads them.
package spec

import (
	"cmp"
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:generate sh -c "cd .. && go run ./cmd/specgen"

// YAML is the generated document, as committed.
//
//go:embed createuser.openapi.yaml
var YAML []byte

// Spec is the loaded document with its router.
type Spec struct {
	Doc    *openapi3.T
	router routers.Router
	// unsecuredOps are the operations without their security requirements,
	// for request validation: authentication is SigV4, checked by the fake
	// or the target, and kin-openapi's walk of the requirements (with a
	// no-op authenticator that passes them all) cost an eighth of a
	// request's validation.
	unsecuredOps map[*openapi3.Operation]*openapi3.Operation
}

var loadOnce = sync.OnceValues(func() (*Spec, error) { return Parse(YAML) })

// Load returns the embedded document, loaded and validated once.
func Load() (*Spec, error) { return loadOnce() }

// MustLoad is Load for callers that cannot go on without the spec.
func MustLoad() *Spec {
	s, err := Load()
	if err != nil {
		panic(err)
	}
	return s
}

// Parse loads and validates a document (the embedded one, or another page's).
func Parse(yml []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(yml)
	if err != nil {
		return nil, fmt.Errorf("spec: load: %w", err)
	}
	if err := ValidateDocument(context.Background(), doc); err != nil {
		return nil, fmt.Errorf("spec: invalid document: %w", err)
	}
	// The router matches on the escaped path, as the service does: an
	// accountId of "a/b" arrives as a%2Fb and stays one segment.
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("spec: router: %w", err)
	}
	return &Spec{Doc: doc, router: router, unsecuredOps: unsecuredOperations(doc)}, nil
}

func unsecuredOperations(doc *openapi3.T) map[*openapi3.Operation]*openapi3.Operation {
	ops := map[*openapi3.Operation]*openapi3.Operation{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			bare := *op
			bare.Security = &openapi3.SecurityRequirements{} // empty, not nil: nil means the document's
			ops[op] = &bare
		}
	}
	return ops
}

// unsecured is the route with its operation's security requirements left
// out (see unsecuredOps).
func (s *Spec) unsecured(r *routers.Route) *routers.Route {
	bare, ok := s.unsecuredOps[r.Operation]
	if !ok {
		return r
	}
	out := *r
	out.Operation = bare
	return &out
}

// Exception is a documented error of an operation.
type Exception struct {
	Name   string
	Status int
}

// Exceptions lists the documented errors of the operation with the given
// ID, from each error response's x-amzn-exceptions, ordered by status.
func (s *Spec) Exceptions(operationID string) []Exception {
	var list []Exception
	for _, item := range s.Doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID != operationID {
				continue
			}
			for code, ref := range op.Responses.Map() {
				status, err := strconv.Atoi(code)
				if err != nil || ref.Value == nil {
					continue
				}
				names, _ := ref.Value.Extensions["x-amzn-exceptions"].([]any)
				for _, n := range names {
					if name, ok := n.(string); ok {
						list = append(list, Exception{Name: name, Status: status})
					}
				}
			}
		}
	}
	slices.SortFunc(list, func(a, b Exception) int { return cmp.Or(a.Status-b.Status, strings.Compare(a.Name, b.Name)) })
	return list
}
