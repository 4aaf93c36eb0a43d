package faults

import (
	"fmt"
	"strings"
)

// headerValue refuses a parameter that goes into a response header but
// could not: net/http rewrites a CR or LF to a space (so the client would
// get another value than the rule says) and other control characters make
// the header invalid. Found by fuzzing the request path (FuzzServeHTTP).
func headerValue(param, v string) error {
	if strings.ContainsFunc(v, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return fmt.Errorf("%s goes into a response header and must not hold control characters, got %q", param, v)
	}
	return nil
}

func (a *WrongErrorType) Validate() error { return headerValue("exception", a.Exception) }

func (a *WrongContentType) Validate() error { return headerValue("contentType", a.ContentType) }
