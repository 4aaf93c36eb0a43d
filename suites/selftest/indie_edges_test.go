package selftest

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// inputFaults are the independent server's faults at the edges of the
// input space, where real services break (issue 15), and one valid
// strictness: each fires only on the input it names.
type inputFaults struct {
	nullCrash      bool // a 500 when an optional member is JSON null (the handler dereferences it)
	emailColumn    int  // a 500 for an Email longer than this (a database column)
	bodyRequired   bool // a 400 for a request with no body at all
	usernameColumn int  // a 400 for a Username longer than this
	// refuseControl: a 400 for any member holding a control character
	// (NUL, DEL, C1...): valid, stricter than the page.
	refuseControl bool
}

// edgeFault answers the request when one of the input faults applies:
// the status, exception and message, or 0. refuseControl counts only
// inputs otherwise valid (problem is what parseInput found wrong).
func (s *indie) edgeFault(body []byte, in input, problem string) (int, string, string) {
	var raw map[string]any
	_ = json.Unmarshal(body, &raw)
	switch {
	case s.bodyRequired && len(body) == 0:
		s.fire("bodyRequired")
		return 400, "BadRequestException", "a request body is required"
	case s.nullCrash && hasNull(raw):
		s.fire("nullCrash")
		return 500, "ServiceFailureException", "The service encountered an unexpected error."
	case s.emailColumn > 0 && utf8.RuneCountInString(in.Email) > s.emailColumn:
		s.fire("emailColumn")
		return 500, "ServiceFailureException", "The service encountered an unexpected error."
	case s.usernameColumn > 0 && utf8.RuneCountInString(in.Username) > s.usernameColumn:
		s.fire("usernameColumn")
		return 400, "BadRequestException", "Username is too long"
	case s.refuseControl && problem == "" && strings.ContainsFunc(in.Email+in.Username+in.UserType, unicode.IsControl):
		s.fire("refuseControl")
		return 400, "BadRequestException", "control characters are not allowed"
	}
	return 0, "", ""
}

func hasNull(raw map[string]any) bool {
	for _, v := range raw {
		if v == nil {
			return true
		}
	}
	return false
}
