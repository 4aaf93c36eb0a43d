// Package conformance holds the CreateUser conformance checks as Ginkgo
// specs. They run under `go test ./suites/...` (suite_test.go) and under
// cmd/chime-conform (Run), against CHIME_ENDPOINT or the embedded fake.
package conformance

import fw "github.com/chime-conformance/createuser/suites/framework"

// The page the checks rest on, and the wire facts of DESIGN.md §3.
const (
	page  = "CreateUser - Amazon Chime (spec/source/CreateUser.txt)"
	wire  = "restJson1 as aws-sdk-go-v2 and botocore read it (DESIGN.md §3)"
	model = "the chime 2018-05-01 service model, as the SDKs use it (DESIGN.md §3)"
)

// The catalogue. suites/conformance.yaml is generated from it (make conformance-list).
var (
	reqValid = fw.Define(fw.Check{ID: "CU-REQ-01", Level: fw.MUST, Area: "request", Title: "valid input is accepted with 201",
		Statement: "Email (Pattern .+@.+\\..+), Username and UserType (PrivateUser | SharedDevice) are each Required: No; " +
			"\"If the action is successful, the service sends back an HTTP 201 response.\"", Source: page})
	reqBadEmail = fw.Define(fw.Check{ID: "CU-REQ-02", Level: fw.MUST, Area: "request", Title: "an Email not matching its pattern is rejected with 400 and creates nothing",
		Statement: "Email Pattern: .+@.+\\..+; BadRequestException (400): \"The input parameters don't match the service's restrictions.\"", Source: page})
	reqBadUserType = fw.Define(fw.Check{ID: "CU-REQ-03", Level: fw.MUST, Area: "request", Title: "a UserType outside its Valid Values (case variants too) is rejected with 400 and creates nothing",
		Statement: "UserType Valid Values: PrivateUser | SharedDevice; BadRequestException (400).", Source: page})
	reqWrongType = fw.Define(fw.Check{ID: "CU-REQ-04", Level: fw.MUST, Area: "request", Title: "a member of the wrong JSON type is rejected with 400 and creates nothing",
		Statement: "Email, Username, UserType are Type: String; BadRequestException (400).", Source: page})
	reqNotObject = fw.Define(fw.Check{ID: "CU-REQ-05", Level: fw.MUST, Area: "request", Title: "a body that is not a JSON object is rejected with 400",
		Statement: "\"The request accepts the following data in JSON format\": { \"Email\": ..., \"Username\": ..., \"UserType\": ... }; BadRequestException (400).", Source: page})
	reqMalformed = fw.Define(fw.Check{ID: "CU-REQ-06", Level: fw.MUST, Area: "request", Title: "malformed JSON is rejected with 400",
		Statement: "The body is JSON; BadRequestException (400).", Source: page})
	reqBlankAccount = fw.Define(fw.Check{ID: "CU-REQ-07", Level: fw.MUST, Area: "request", Title: "an accountId without a non-whitespace character is rejected with 400",
		Statement: "accountId Pattern: .*\\S.*, Required: Yes; BadRequestException (400).", Source: page})

	rspJSON = fw.Define(fw.Check{ID: "CU-RSP-01", Level: fw.MUST, Area: "response", Title: "the 201 is JSON and validates against the spec",
		Statement: "HTTP/1.1 201 Content-type: application/json { \"User\": { ... } } (timestamps as the Sample Response shows them)", Source: page})
	rspUserID = fw.Define(fw.Check{ID: "CU-RSP-02", Level: fw.MUST, Area: "response", Title: "User is present with a non-empty UserId, unique across creates",
		Statement: "User: \"The user on the Amazon Chime account.\"; User.UserId is required (clients key on it).", Source: model})
	rspEcho = fw.Define(fw.Check{ID: "CU-RSP-03", Level: fw.MUST, Area: "response", Title: "AccountId, PrimaryEmail and UserType echo the request",
		Statement: "\"Creates a user under the specified Amazon Chime account\"; the Sample Request's Email and UserType come back as PrimaryEmail and UserType.", Source: page})
	rspTimestamps = fw.Define(fw.Check{ID: "CU-RSP-04", Level: fw.MUST, Area: "response", Title: "RegisteredOn and InvitedOn are RFC 3339 strings or null",
		Statement: "Sample Response: \"RegisteredOn\":\"2020-01-15T22:38:09.806Z\", \"InvitedOn\":null; aws-sdk-go-v2 fails the call on any other form.", Source: wire})
	rspRequestID = fw.Define(fw.Check{ID: "CU-RSP-05", Level: fw.SHOULD, Area: "response", Title: "every answer carries x-amzn-RequestId",
		Statement: "Sample Response: x-amzn-RequestId: 4225c49a-...", Source: page})

	errNotFound = fw.Define(fw.Check{ID: "CU-ERR-404", Level: fw.MUST, Area: "errors", Title: "an account that does not exist gets 404 NotFoundException",
		Statement: "NotFoundException (404): \"One or more of the resources in the request does not exist in the system.\"", Source: page})
	errConflict = fw.Define(fw.Check{ID: "CU-ERR-409", Level: fw.MUST, Area: "errors", Title: "a second user with the same Email (any case) gets 409 ConflictException",
		Statement: "ConflictException (409): \"The request could not be processed because of conflict in the current state of the resource.\"", Source: page})
	errUnsigned = fw.Define(fw.Check{ID: "CU-ERR-401", Level: fw.MUST, Area: "errors", Title: "an unsigned request is refused with 401/403 and a named exception",
		Statement: "UnauthorizedClientException (401): \"The client is not currently authorized to make the request.\"; AWS common errors (MissingAuthenticationTokenException, 403).", Source: page})
	errBadSignature = fw.Define(fw.Check{ID: "CU-ERR-403", Level: fw.MUST, Area: "errors", Title: "a request signed with the wrong secret is refused with 401/403 and a named exception",
		Statement: "ForbiddenException (403), UnauthorizedClientException (401); AWS common errors (InvalidSignatureException, UnrecognizedClientException).", Source: page})
	errForbidden = fw.Define(fw.Check{ID: "CU-ERR-403F", Level: fw.MUST, Area: "errors", Title: "a forbidden client gets 403 ForbiddenException (provoked on the fake)",
		Statement: "ForbiddenException (403): \"The client is permanently forbidden from making the request.\"", Source: page})
	errThrottled = fw.Define(fw.Check{ID: "CU-ERR-429", Level: fw.MUST, Area: "errors", Title: "throttling is 429 ThrottledClientException (provoked on the fake, or by an opt-in bounded burst)",
		Statement: "ThrottledClientException (429): \"The client exceeded its request rate limit.\"", Source: page})
	errServiceFailure = fw.Define(fw.Check{ID: "CU-ERR-500", Level: fw.MUST, Area: "errors", Title: "a service failure is 500 ServiceFailureException (provoked on the fake)",
		Statement: "ServiceFailureException (500): \"The service encountered an unexpected error.\"", Source: page})
	errUnavailable = fw.Define(fw.Check{ID: "CU-ERR-503", Level: fw.MUST, Area: "errors", Title: "unavailability is 503 ServiceUnavailableException (provoked on the fake)",
		Statement: "ServiceUnavailableException (503): \"The service is currently unavailable.\"", Source: page})
	err5xxShape = fw.Define(fw.Check{ID: "CU-ERR-5XX", Level: fw.MUST, Area: "errors", Title: "every 5xx seen during the run is a named exception with a JSON or empty body",
		Statement: "Errors carry X-Amzn-ErrorType (or Code) and a JSON body; ServiceFailureException 500, ServiceUnavailableException 503.", Source: wire})
	errCoverage = fw.Define(fw.Check{ID: "CU-ERR-ALL", Level: fw.SHOULD, Area: "errors", Title: "every documented error status was seen during the run",
		Statement: "Errors: BadRequest 400, Unauthorized 401, Forbidden 403, NotFound 404, Conflict 409, Throttled 429, ServiceFailure 500, ServiceUnavailable 503.", Source: page})

	stateModel = fw.Define(fw.Check{ID: "CU-STATE-01", Level: fw.MUST, Area: "stateful", Title: "sequences of creates behave as a model of the account's users",
		Statement: "Creates a user under the account; a second user with the same Email conflicts (409); invalid input (400) and unknown accounts (404) change nothing.", Source: page})

	clientDecodes = fw.Define(fw.Check{ID: "CU-CLIENT-01", Level: fw.MUST, Area: "client", Title: "aws-sdk-go-v2's chime client decodes the 201 fully",
		Statement: "A target that breaks the reference client is not compatible, whatever its schema.", Source: wire})
	clientTypedErrors = fw.Define(fw.Check{ID: "CU-CLIENT-02", Level: fw.MUST, Area: "client", Title: "aws-sdk-go-v2's chime client gets typed errors (BadRequest, NotFound, Conflict)",
		Statement: "Clients pick the exception type from X-Amzn-ErrorType: errors.As(err, *types.ConflictException) ...", Source: wire})
)
