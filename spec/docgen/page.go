// Package docgen turns an AWS API reference page (as text) into a model
// of the operation and then into an OpenAPI 3.0.3 document.
//
// It parses the page format shared by the AWS API references (sections,
// member blocks, JSON skeletons, the error list, the example), not one page:
// nothing here knows about Chime or CreateUser.
package docgen

import "fmt"

// Page is what an API reference page says about one operation.
type Page struct {
	Operation   string // "CreateUser"
	Service     string // "Amazon Chime"
	Description string

	Request  RequestSyntax
	Params   []Member // URI Request Parameters, bound to path, query or header
	Body     []Member // Request Body members, in page order
	Response ResponseSyntax
	Elements []Member // Response Elements (top-level body members)
	Errors   []Error

	SampleRequest  *Message // the Example's Sample Request, when present
	SampleResponse *Message // the Example's Sample Response, when present
}

// RequestSyntax is the Request Syntax block.
type RequestSyntax struct {
	Method      string
	Path        string            // template with {param} placeholders, e.g. /accounts/{accountId}/users
	Query       map[string]string // constant query members, e.g. operation=create
	QueryParams map[string]string // query key -> parameter name
	Headers     map[string]string // header name -> parameter name
	ContentType string
	Body        *Node // JSON skeleton; nil when the request has no body
}

// ResponseSyntax is the Response Syntax block.
type ResponseSyntax struct {
	Status      int
	ContentType string
	Body        *Node
}

// Member is one documented member block: a URI parameter, a body member or
// a response element.
type Member struct {
	Name        string
	Description string
	Type        string   // as written after "Type:", e.g. "String", "Array of strings", "User object"
	Pattern     string   // as written after "Pattern:"
	Enum        []string // "Valid Values: A | B"
	Required    bool
	In          string // for URI parameters: "path", "query" or "header"
	Key         string // for query and header parameters: the wire name

	MinLength, MaxLength *uint64  // "Length Constraints"
	Minimum, Maximum     *float64 // "Valid Range"
	MinItems, MaxItems   *uint64  // "Array Members"

	// PageLines are the block's attribute lines as the page writes them
	// ("Pattern: .+@.+\..+", "Required: No"): the spec cites them
	// (PageExtension), so what rests on a constraint quotes the page.
	PageLines []string
}

// Error is one entry of the Errors section.
type Error struct {
	Name        string // exception shape name, e.g. "ConflictException"
	Description string
	Status      int
}

// Message is a sample HTTP message from the Example section.
type Message struct {
	StartLine string   // "POST /accounts/... HTTP/1.1" or "HTTP/1.1 201 Created"
	Headers   []Header // in page order
	Body      *Node    // parsed JSON body, nil when none
	RawBody   string
}

// Header is one header line of a sample message.
type Header struct{ Name, Value string }

// Status is the status code of a sample response, 0 for a request.
func (m *Message) Status() int {
	var proto string
	var status int
	if n, _ := fmt.Sscan(m.StartLine, &proto, &status); n == 2 && len(proto) > 5 && proto[:5] == "HTTP/" {
		return status
	}
	return 0
}
