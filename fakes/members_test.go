package fakes

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// membersAsAMap is how the members were read before: the oracle.
func membersAsAMap(body []byte) createInput {
	var raw map[string]any
	_ = json.Unmarshal(body, &raw)
	str := func(k string) *string {
		if v, ok := raw[k].(string); ok {
			return &v
		}
		return nil
	}
	return createInput{Email: str("Email"), Username: str("Username"), UserType: str("UserType")}
}

// readMembers reads every body, valid or not, as the map did.
func TestReadMembersReadsAsTheMapDid(t *testing.T) {
	for _, body := range []string{``, `null`, `[]`, `"x"`, `{}`, ` { } `, `{"Email":"a@b.c"}`, `{"Email":"a","Email":1}`,
		`{"Email":1,"Email":"a"}`, `{"email":"a"}`, `{"E\u006dail":"a"}`, `{"Email":"\u00e9\n\ud800"}`, "{\"Email\":\"\xff\"}",
		`{"Email":"a"`, `{"Email":"a",}`, `{"x":{"Email":"no"},"Username":["u"],"UserType":"SharedDevice"}`, `{"Email":null}`,
		`{"a":"\"}","Email":"b"}`, `{"a":[1,{"b":"]"}],"Email" : "c" }`, `{"Email":"a"} x`} {
		check(t, []byte(body))
	}
	rapid.Check(t, func(t *rapid.T) {
		body := []byte(drawObject(t, 0))
		if rapid.IntRange(0, 4).Draw(t, "mutate") == 0 && len(body) > 0 {
			i := rapid.IntRange(0, len(body)-1).Draw(t, "at")
			body = append(body[:i:i], append([]byte{rapid.Byte().Draw(t, "byte")}, body[i+1:]...)...)
		}
		check(t, body)
	})
}

func check(t interface{ Fatalf(string, ...any) }, body []byte) {
	if got, want := readMembers(body), membersAsAMap(body); !reflect.DeepEqual(show(got), show(want)) {
		t.Fatalf("%q: read %v, the map read %v", body, show(got), show(want))
	}
}

func show(in createInput) []string {
	var out []string
	for _, p := range []*string{in.Email, in.Username, in.UserType} {
		if p == nil {
			out = append(out, "<absent>")
		} else {
			out = append(out, fmt.Sprintf("%q", *p))
		}
	}
	return out
}

var keys = []string{`"Email"`, `"Username"`, `"UserType"`, `"email"`, `"E\u006dail"`, `"User\u0054ype"`, `"x"`, `"Email "`, `"\"Email"`}

func drawObject(t *rapid.T, depth int) string {
	var b strings.Builder
	b.WriteString(space(t) + "{")
	for i := range rapid.IntRange(0, 5).Draw(t, "members") {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(space(t) + rapid.SampledFrom(keys).Draw(t, "key") + space(t) + ":" + space(t) + drawValue(t, depth))
	}
	b.WriteString(space(t) + "}" + space(t))
	return b.String()
}

func drawValue(t *rapid.T, depth int) string {
	switch rapid.IntRange(0, 6).Draw(t, "kind") {
	case 0, 1:
		s, _ := json.Marshal(rapid.String().Draw(t, "s"))
		return string(s)
	case 2:
		return rapid.SampledFrom([]string{`"\u00e9\\\"\/"`, "\"\xff\xfe\"", `"\ud83d\ude00"`, `"\ud800"`, `"}]"`, `""`}).Draw(t, "odd string")
	case 3:
		return rapid.SampledFrom([]string{`null`, `true`, `false`, `0`, `-1.5e3`}).Draw(t, "literal")
	case 4:
		if depth < 2 {
			return drawObject(t, depth+1)
		}
		return `{}`
	case 5:
		if depth < 2 {
			return "[" + drawValue(t, depth+1) + "," + drawValue(t, depth+1) + "]"
		}
		return `[]`
	}
	return `"a@example.com"`
}

func space(t *rapid.T) string {
	return rapid.SampledFrom([]string{"", "", " ", "\n\t"}).Draw(t, "space")
}
