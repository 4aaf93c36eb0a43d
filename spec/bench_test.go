package spec_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chime-conformance/createuser/spec"
)

// Compare the per-call cost with BenchmarkParse (what a call would cost if
// the document were reloaded every time): the ratio is the point.
func BenchmarkValidateRequest(b *testing.B) {
	s := spec.MustLoad()
	body := []byte(`{"Email":"roomdevice@example.com","UserType":"SharedDevice","Username":"room"}`)
	r := request(createPath(sampleAccount), string(body))
	for b.Loop() {
		if _, err := s.ValidateRequest(context.Background(), r, body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateResponse(b *testing.B) {
	s := spec.MustLoad()
	r := request(createPath(sampleAccount), `{}`)
	resp := spec.Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(sampleResponse)}
	for b.Loop() {
		if err := s.ValidateResponse(context.Background(), r, resp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := spec.Parse(spec.YAML); err != nil {
			b.Fatal(err)
		}
	}
}
