package fakes

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A flood of distinct calls, all within the window, keeps the calls
// remembered bounded.
func TestCallsStayBoundedUnderAFlood(t *testing.T) {
	cs := newCalls(time.Hour, time.Now)
	for i := range 3 * maxCalls {
		r := httptest.NewRequest("POST", "/accounts/a/users?operation=create", strings.NewReader(""))
		cs.end(cs.begin(r, "AKID", []byte(strconv.Itoa(i))))
		if len(cs.byKey) > maxCalls {
			t.Fatalf("%d calls remembered after %d requests", len(cs.byKey), i+1)
		}
	}
}
