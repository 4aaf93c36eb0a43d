package evidence

import (
	"encoding/base64"
	"encoding/json"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the parts a
// browser's or proxy's HAR viewer needs. Headers are recorded redacted, so
// a HAR file carries no secret.
type harLog struct {
	Log struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Entries []harEntry `json:"entries"`
	} `json:"log"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
}

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []harNV      `json:"cookies"`
	Headers     []harNV      `json:"headers"`
	QueryString []harNV      `json:"queryString"`
	PostData    *harPostData `json:"postData,omitempty"`
	HeadersSize int          `json:"headersSize"`
	BodySize    int          `json:"bodySize"`
}

type harPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
}

type harResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Cookies     []harNV    `json:"cookies"`
	Headers     []harNV    `json:"headers"`
	Content     harContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize int        `json:"headersSize"`
	BodySize    int        `json:"bodySize"`
	Error       string     `json:"_error,omitempty"` // a transport error, and whose doing
}

type harContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Encoding string `json:"encoding,omitempty"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// HAREntry pairs an exchange with a comment (the check and the finding).
type HAREntry struct {
	Exchange *Exchange
	Comment  string
}

// HAR renders exchanges as a HAR 1.2 document.
func HAR(creatorVersion string, entries []HAREntry) ([]byte, error) {
	var doc harLog
	doc.Log.Version = "1.2"
	doc.Log.Creator = harCreator{Name: "chime-conform", Version: creatorVersion}
	doc.Log.Entries = []harEntry{}
	for _, e := range entries {
		doc.Log.Entries = append(doc.Log.Entries, harEntryOf(e.Exchange, e.Comment))
	}
	return json.MarshalIndent(doc, "", "  ")
}

func harEntryOf(x *Exchange, comment string) harEntry {
	ms := float64(x.Duration) / float64(time.Millisecond)
	e := harEntry{StartedDateTime: x.Started.UTC().Format(time.RFC3339Nano), Time: ms, Comment: comment,
		Timings: harTimings{Wait: ms}}
	e.Request = harRequest{Method: x.Method, URL: x.URL, HTTPVersion: "HTTP/1.1", Cookies: []harNV{},
		Headers: harHeaders(x.RequestHeader), QueryString: []harNV{}, HeadersSize: -1, BodySize: len(x.RequestBody)}
	if u, err := url.Parse(x.URL); err == nil {
		for k, vs := range u.Query() {
			for _, v := range vs {
				e.Request.QueryString = append(e.Request.QueryString, harNV{k, v})
			}
		}
	}
	if x.RequestBody != nil {
		e.Request.PostData = &harPostData{MimeType: x.RequestHeader.Get("Content-Type"), Text: string(x.RequestBody)}
	}
	e.Response = harResponse{Status: x.Status, StatusText: http.StatusText(x.Status), HTTPVersion: "HTTP/1.1",
		Cookies: []harNV{}, Headers: harHeaders(x.Header), HeadersSize: -1, BodySize: len(x.Body)}
	if x.TransportError != "" {
		e.Response.Error = x.TransportError + " (" + string(x.Side) + ")"
	}
	mt := x.Header.Get("Content-Type")
	if parsed, _, err := mime.ParseMediaType(mt); err == nil {
		mt = parsed
	}
	e.Response.Content = harContent{Size: len(x.Body), MimeType: mt, Text: string(x.Body)}
	if !utf8.Valid(x.Body) {
		e.Response.Content.Text, e.Response.Content.Encoding = base64.StdEncoding.EncodeToString(x.Body), "base64"
	}
	return e
}

func harHeaders(h http.Header) []harNV {
	out := []harNV{}
	redacted := Redact(h)
	for _, k := range slices.Sorted(maps.Keys(redacted)) {
		for _, v := range redacted[k] {
			out = append(out, harNV{k, v})
		}
	}
	return out
}
