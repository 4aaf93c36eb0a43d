package conformance

import (
	"encoding/json"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// What the checks rest on: the page, and the wire facts of docs/WIRE.md.
const (
	page  = "CreateUser - Amazon Chime (spec/source/CreateUser.txt)"
	wire  = "restJson1 as aws-sdk-go-v2 and botocore read it (docs/WIRE.md)"
	model = "the chime 2018-05-01 service model, as the SDKs use it (docs/WIRE.md)"
	sigv4 = "AWS Signature Version 4, as AWS enforces it (AWS General Reference; docs/WIRE.md)"
)

// catalogue is every check of the embedded spec, in the order a run takes
// them. suites/conformance.yaml is generated from it (make conformance-list).
var catalogue = catalogueFor(gen.TheContract())

// catalogueFor is every check of a spec, in the order a run takes them:
// the preflight first, the checks derived from the spec's request members
// (derived.go) among the request checks, the audit of every answer last.
func catalogueFor(c *gen.Contract) *framework.Catalogue {
	legacy, derivedRest := derived(c)
	checks := []*framework.Check{preflight, validCheck(c)}
	for _, id := range []string{"CU-REQ-02", "CU-REQ-03"} {
		if ch, ok := legacy[id]; ok {
			checks = append(checks, ch)
		}
	}
	checks = append(checks, wrongTypeCheck(c), notObjectCheck(c), reqMalformed)
	if ch, ok := legacy["CU-REQ-07"]; ok {
		checks = append(checks, ch)
	}
	if m, ok := c.Lookup("Email"); ok && m.Pattern != nil {
		checks = append(checks, reqLineTerminator)
	}
	checks = append(checks, derivedRest...)
	return framework.NewCatalogue(append(checks, handWritten...)...).InsertAfter(authHeaderChanged, authSignedParts...)
}

// handWritten are the checks of what the page implies and no schema says.
var handWritten = []*framework.Check{
	rspJSON, rspUserID, rspEcho, rspTimestamps, rspRequestID,
	errNotFound, errConflict, errConflictCase, errUnsigned, errBadSignature, errForbidden, errThrottled,
	authUnknownKey, authExpired, authNotYetCurrent, authOtherService, authBodyChanged, authHeaderChanged, authWrongToken,
	stateModel, raceDuplicate, raceDistinct,
	clientDecodes, clientTypedErrors,
	stateDurable,
	wireAudit,
}

// must and should define a check of that level.
func must(id, area, title, statement, source string) report.Check {
	return report.Check{ID: id, Level: report.MUST, Area: area, Title: title, Statement: statement, Source: source}
}

func should(id, area, title, statement, source string) report.Check {
	c := must(id, area, title, statement, source)
	c.Level = report.SHOULD
	return c
}

// body encodes a request body.
func body(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
