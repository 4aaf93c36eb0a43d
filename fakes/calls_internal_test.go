package fakes

import (
	"net/http/httptest"
	"regexp"
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
		cs.end(cs.begin(r, "", "AKID", []byte(strconv.Itoa(i))))
		if len(cs.byKey) > maxCalls {
			t.Fatalf("%d calls remembered after %d requests", len(cs.byKey), i+1)
		}
	}
}

// attemptOf reads amz-sdk-request as the pattern attempt=(\d+) did.
func TestAttemptOfReadsAsThePatternDid(t *testing.T) {
	oracle := regexp.MustCompile(`attempt=(\d+)`)
	for _, h := range []string{"", "attempt=1; max=3", "attempt=12;max=3", "max=3; attempt=2", "attempt=x; attempt=3",
		"attempt=", "attempt=;attempt=7", "xattempt=4", "attempt=99999999999999999999999", "ATTEMPT=2"} {
		want := 0
		if m := oracle.FindStringSubmatch(h); m != nil {
			want, _ = strconv.Atoi(m[1])
		}
		if got := attemptOf(h); got != want {
			t.Errorf("attemptOf(%q) = %d, want %d", h, got, want)
		}
	}
}
