package evidence

import (
	"encoding/json"
	"strings"
	"testing"
)

// Bodies are judged on their bytes: what Go's lenient decoder accepts
// (bytes that are not UTF-8, which it replaces) is refused.
func TestJSONProblemJudgesTheBytes(t *testing.T) {
	cases := []struct {
		body string
		want string // "" for one good JSON text
	}{
		{`{"User":{"UserId":"u"}}`, ""},
		{" {\"a\":1}\r\n\t ", ""},
		{`{"a":"é"}`, ""},
		{`{"a":"\ud83d\ude00"}`, ""},
		{`{"a":1,"a":2}`, ""}, // RFC 8259 allows it: a note, not a failure
		{"{\"User\":{\"DisplayName\":\"caf\xe9\"}}", "not valid UTF-8"},
		{"{\"a\":\"\xed\xa0\x80\"}", "not valid UTF-8"}, // an encoded surrogate
		{"\xef\xbb\xbf{}", "not a JSON value"},          // a byte order mark
		{`{"a":1}{"b":2}`, "data after the JSON value"},
		{`{"a":1} x`, "data after the JSON value"},
		{`{"a":1`, "not a JSON value"},
		{``, "not a JSON value"},
	}
	for _, c := range cases {
		got := JSONProblem([]byte(c.body))
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.body, got, c.want)
		}
	}
	// The lenient reading the check must not rest on.
	var v map[string]any
	if err := json.Unmarshal([]byte("{\"a\":\"caf\xe9\"}"), &v); err != nil || v["a"] != "caf\uFFFD" {
		t.Fatalf("Go's decoder no longer replaces invalid bytes (%v, %q): the test's premise changed", err, v["a"])
	}
}

func TestDuplicateKeysAreNamed(t *testing.T) {
	if got := DuplicateKeys([]byte(`{"User":{"UserId":"a","UserId":"b"},"x":[{"k":1,"k":2}]}`)); strings.Join(got, ",") != "UserId,k" {
		t.Fatalf("%v", got)
	}
	if got := DuplicateKeys([]byte(`{"a":{"a":1}}`)); len(got) != 0 {
		t.Fatalf("%v", got)
	}
}
