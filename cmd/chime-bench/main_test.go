package main

import (
	"strings"
	"testing"
)

// Every malformed list is reported, not only the first.
func TestParseReportsEveryMalformedList(t *testing.T) {
	var out strings.Builder
	_, err := parse([]string{"-conns", "x", "-sizes", "0"}, &out)
	if err == nil || !strings.Contains(err.Error(), `"x" is not a list`) || !strings.Contains(err.Error(), `"0" is not a list`) {
		t.Fatalf("%v", err)
	}
	if o, err := parse([]string{"-conns", "8,16", "-sections", "load"}, &out); err != nil || len(o.conns) != 2 || !o.sections["load"] {
		t.Fatalf("%+v, %v", o, err)
	}
}
