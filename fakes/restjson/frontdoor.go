package restjson

import "net/http"

// coralService is the suffix AWS's front door puts after the error name in
// X-Amzn-ErrorType: clients keep what is before the first ':'.
const coralService = ":http://internal.amazon.com/coral/com.amazon.coral.service/"

// FrontDoorError is AWS's answer to a request refused before the
// operation's code runs (MissingAuthenticationTokenException,
// InvalidSignatureException, UnrecognizedClientException): 403, the name
// in X-Amzn-ErrorType with the front door's suffix, and a body of a
// lowercase "message" alone, no Code.
func FrontDoorError(name, message string) *Response {
	body := make([]byte, 0, 16+len(message))
	body = append(body, `{"message":`...)
	body = AppendString(body, message)
	body = append(body, '}')
	h := jsonHeader(3)
	h[canonicalErrorType] = []string{name + coralService}
	return &Response{Status: http.StatusForbidden, Header: h, Body: body}
}
