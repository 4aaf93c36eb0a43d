package docgen

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// headerStartRe finds "Name: " header starts in a one-line HTTP message.
var headerStartRe = regexp.MustCompile(`(?:^|\s)([A-Za-z][A-Za-z0-9-]*): `)

// authPlaceholder stands for the Authorization header in the pages' samples.
const authPlaceholder = "AUTHPARAMS"

// splitMessage cuts a one-line HTTP message ("START LINE Header: v ... {json}")
// into its start line, headers and body text.
func splitMessage(text string) (start string, headers []Header, body string) {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "{["); i >= 0 {
		text, body = strings.TrimSpace(text[:i]), text[i:]
	}
	locs := headerStartRe.FindAllStringSubmatchIndex(text, -1)
	if len(locs) == 0 {
		return text, nil, body
	}
	start = strings.TrimSpace(text[:locs[0][0]])
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		value := strings.TrimSpace(text[loc[1]:end])
		if v, ok := strings.CutSuffix(value, " "+authPlaceholder); ok {
			headers = append(headers, Header{text[loc[2]:loc[3]], strings.TrimSpace(v)}, Header{"Authorization", authPlaceholder})
			continue
		}
		headers = append(headers, Header{text[loc[2]:loc[3]], value})
	}
	return start, headers, body
}

func parseRequestSyntax(text string, params []Member) (RequestSyntax, error) {
	var rs RequestSyntax
	start, headers, body := splitMessage(text)
	parts := strings.Fields(start)
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/") {
		return rs, fmt.Errorf("want \"METHOD /path HTTP/1.1\", got %q", start)
	}
	names := map[string]bool{}
	for _, p := range params {
		names[p.Name] = true
	}
	isParam := func(v string) (string, bool) {
		v = strings.TrimSuffix(strings.TrimPrefix(v, "{"), "}")
		return v, names[v]
	}

	rs.Method = parts[0]
	path, query, _ := strings.Cut(parts[1], "?")
	segments := strings.Split(path, "/")
	for i, seg := range segments {
		if name, ok := isParam(seg); ok {
			segments[i] = "{" + name + "}"
		}
	}
	rs.Path = strings.Join(segments, "/")
	rs.Query, rs.QueryParams, rs.Headers = map[string]string{}, map[string]string{}, map[string]string{}
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if name, ok := isParam(v); ok {
			rs.QueryParams[k] = name
		} else {
			rs.Query[k] = v
		}
	}
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Content-Type") {
			rs.ContentType = h.Value
		} else if name, ok := isParam(h.Value); ok {
			rs.Headers[h.Name] = name
		}
	}
	var err error
	rs.Body, err = parseBody(body, "body skeleton")
	return rs, err
}

// parseBody parses the JSON part of a message; nil when there is none.
func parseBody(text, what string) (*Node, error) {
	if text == "" {
		return nil, nil
	}
	n, err := ParseNode(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// bindParams says where each URI Request Parameter travels, from where the
// Request Syntax places it.
func bindParams(page *Page) error {
	var errs []error
	for i := range page.Params {
		p := &page.Params[i]
		switch {
		case strings.Contains(page.Request.Path, "{"+p.Name+"}"):
			p.In, p.Key = "path", p.Name
			p.Required = true // OpenAPI: path parameters are always required
		case keyOf(page.Request.QueryParams, p.Name) != "":
			p.In, p.Key = "query", keyOf(page.Request.QueryParams, p.Name)
		case keyOf(page.Request.Headers, p.Name) != "":
			p.In, p.Key = "header", keyOf(page.Request.Headers, p.Name)
		default:
			errs = append(errs, fmt.Errorf("parameter %s does not appear in the Request Syntax", p.Name))
		}
	}
	return errors.Join(errs...)
}

func keyOf(m map[string]string, value string) string {
	for k, v := range m {
		if v == value {
			return k
		}
	}
	return ""
}

func parseResponseSyntax(text string) (ResponseSyntax, error) {
	var rs ResponseSyntax
	start, headers, body := splitMessage(text)
	parts := strings.Fields(start)
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") {
		return rs, fmt.Errorf("want \"HTTP/1.1 STATUS\", got %q", start)
	}
	status, err := strconv.Atoi(parts[1])
	if err != nil || status < 100 || status > 599 {
		return rs, fmt.Errorf("bad status %q", parts[1])
	}
	rs.Status = status
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Content-Type") {
			rs.ContentType = h.Value
		}
	}
	rs.Body, err = parseBody(body, "body skeleton")
	return rs, err
}

// parseSample reads a Sample Request or Sample Response; nil when absent.
func parseSample(lines []string) (*Message, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	start, headers, body := splitMessage(strings.Join(lines, " "))
	n, err := parseBody(body, "body")
	if err != nil {
		return nil, err
	}
	return &Message{StartLine: start, Headers: headers, RawBody: body, Body: n}, nil
}

// Header returns the value of the sample header name (case-insensitive).
func (m *Message) Header(name string) (string, bool) {
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}
