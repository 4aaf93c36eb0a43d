package restjson_test

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// The hand-written encoder must write every string, valid UTF-8 or not,
// byte for byte as encoding/json does.
func TestAppendStringIsJSONMarshal(t *testing.T) {
	special := []string{"", `"\`, "<a&b>", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "é日本\U0001F600", "a\xc3", "\xed\xa0\x80"}
	for _, s := range special {
		checkLikeMarshal(t, s)
	}
	rapid.Check(t, func(rt *rapid.T) {
		checkLikeMarshal(rt, string(rapid.SliceOf(rapid.Byte()).Draw(rt, "bytes")))
		checkLikeMarshal(rt, rapid.String().Draw(rt, "string"))
	})
}

func checkLikeMarshal(t interface{ Fatalf(string, ...any) }, s string) {
	want, _ := json.Marshal(s)
	if got := restjson.AppendString(nil, s); string(got) != string(want) {
		t.Fatalf("AppendString(%q) = %s, json.Marshal = %s", s, got, want)
	}
}

func TestAppendNullable(t *testing.T) {
	s := "x"
	if got := string(restjson.AppendNullable(nil, nil)); got != "null" {
		t.Fatalf("nil: %s", got)
	}
	if got := string(restjson.AppendNullable(nil, &s)); got != `"x"` {
		t.Fatalf("x: %s", got)
	}
}
