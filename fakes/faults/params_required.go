package faults

import (
	"encoding/json"
	"fmt"
	"iter"
	"reflect"
	"strings"
)

// RequiredParams is implemented by actions whose required parameters
// depend on others (latency's on its distribution). Every action's
// parameters without omitempty in their json tag are required as well.
type RequiredParams interface{ RequiredParams() []string }

// missingParams names the required parameters of a, decoded from params,
// that params does not give and that are still zero (a kind's New may
// preset one): an action is never run with a zero it was not told (a
// latency without ms is not 0 ms).
func missingParams(a Action, params map[string]json.RawMessage) error {
	var missing []string
	for _, name := range requiredParams(a) {
		if _, ok := params[name]; !ok && paramIsZero(a, name) {
			missing = append(missing, name)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s is required", missing[0])
	}
	return fmt.Errorf("%s are required", strings.Join(missing, ", "))
}

func requiredParams(a Action) []string {
	var names []string
	for name, f := range params(a) {
		if !strings.Contains(f.Tag.Get("json")+",", ",omitempty,") {
			names = append(names, name)
		}
	}
	if r, ok := a.(RequiredParams); ok {
		names = append(names, r.RequiredParams()...)
	}
	return names
}

func paramIsZero(a Action, name string) bool {
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	for n, f := range params(a) {
		if n == name {
			return v.FieldByIndex(f.Index).IsZero()
		}
	}
	return true
}

// params yields the JSON parameters of an action struct, in field order,
// by name.
func params(a Action) iter.Seq2[string, reflect.StructField] {
	return func(yield func(string, reflect.StructField) bool) {
		t := reflect.TypeOf(a)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			return
		}
		for f := range t.Fields() {
			tag, ok := f.Tag.Lookup("json")
			name, _, _ := strings.Cut(tag, ",")
			if !ok || !f.IsExported() || name == "-" || name == "" {
				continue
			}
			if !yield(name, f) {
				return
			}
		}
	}
}
