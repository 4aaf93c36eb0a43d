package bench

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"

	"github.com/chime-conformance/createuser/fakes"
)

// Ceiling is a bare net/http handler on CreateUser's route that reads the
// request and answers a fixed 201 with the fake's headers and a body of the
// fake's size: what any Go server must at least spend per request. The
// load test measures the fake against it in the same run.
func Ceiling() (http.Handler, error) {
	header, body, err := fakeCreated()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /accounts/{accountId}/users", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		maps.Copy(w.Header(), header)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(body)
	})
	return mux, nil
}

// fakeCreated is the fake's answer to a create of the load test's shape.
func fakeCreated() (http.Header, []byte, error) {
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthOff})
	if err != nil {
		return nil, nil, err
	}
	w := &Workload{Host: "fake.test", Account: fakes.SampleAccountID, Tag: "ceiling"}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, w.Create(0))
	if rec.Code != http.StatusCreated {
		return nil, nil, fmt.Errorf("bench: the fake answered %d to a valid create: %s", rec.Code, rec.Body)
	}
	return rec.Header(), rec.Body.Bytes(), nil
}
