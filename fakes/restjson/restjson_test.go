package restjson_test

import (
	"testing"

	"github.com/chime-conformance/createuser/fakes/restjson"
	"github.com/chime-conformance/createuser/spec"
)

// The fake's table of exceptions (kept here so that fakes/faults needs only
// the standard library) must say what the generated spec says.
func TestExceptionsAgreeWithTheSpec(t *testing.T) {
	documented := spec.MustLoad().Exceptions("CreateUser")
	if len(documented) != len(restjson.Exceptions) {
		t.Fatalf("spec documents %d exceptions, the fake knows %d", len(documented), len(restjson.Exceptions))
	}
	for _, d := range documented {
		e, ok := restjson.LookupException(d.Name)
		if !ok || e.Status != d.Status || e.Code == "" {
			t.Errorf("%s (%d in the spec): the fake has %+v", d.Name, d.Status, e)
		}
	}
}
