package conformance

import (
	"mime"
	"strings"
	"sync"
	"time"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
)

// createdUser is the part of the 201 body the checks read. Members are
// pointers or raw values so that absent, null and mistyped stay distinct.
type createdUser struct {
	User *struct {
		UserID       *string `json:"UserId"`
		AccountID    *string `json:"AccountId"`
		PrimaryEmail *string `json:"PrimaryEmail"`
		UserType     *string `json:"UserType"`
		RegisteredOn any     `json:"RegisteredOn"`
		InvitedOn    any     `json:"InvitedOn"`
	} `json:"User"`
}

// create sends a valid create and returns its body and answer; it fails
// the example unless the answer is a 2xx (CU-REQ-01 judges the exact status).
func create(p *framework.P) (map[string]any, *evidence.Exchange) {
	p.Helper()
	b := validBody(p)
	x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
	framework.ExpectAnswered(p, p.G, x)
	if x.Status/100 != 2 {
		p.Fatalf("a valid create got HTTP %d, want a 2xx (201)%s", x.Status, x)
	}
	return b, x
}

// decodeUser decodes the User of a 201 and fails the example without one.
func decodeUser(p *framework.P, x *evidence.Exchange) createdUser {
	p.Helper()
	var u createdUser
	framework.ExpectNoError(p, x.JSON(&u), "the 201 body is not the JSON the clients decode%s", x)
	p.G.Expect(u.User).NotTo(gomega.BeNil(), "no User in the body%s", x)
	return u
}

var (
	rspJSON = framework.Define(must("CU-RSP-01", "response", "the 201 is JSON and validates against the spec",
		"HTTP/1.1 201 Content-type: application/json { \"User\": { ... } } (timestamps as the Sample Response shows them)", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				_, x := create(p)
				ct, _, err := mime.ParseMediaType(x.Header.Get("Content-Type"))
				p.G.Expect(err == nil && ct == "application/json").To(gomega.BeTrue(), "Content-Type %q is not application/json%s", x.Header.Get("Content-Type"), x)
				framework.ExpectNoError(p, framework.ValidateResponse(x), "the answer does not validate against the spec%s", x)
			})
		})

	rspUserID = framework.Define(must("CU-RSP-02", "response", "User is present with a non-empty UserId, unique across creates",
		"User: \"The user on the Amazon Chime account.\"; User.UserId is required (clients key on it).", model),
		func(t *framework.T) {
			var mu sync.Mutex
			seen := map[string]string{}
			t.Property(1, func(p *framework.P) {
				_, x := create(p)
				u := decodeUser(p, x)
				p.G.Expect(u.User.UserID).NotTo(gomega.BeNil(), "User has no UserId%s", x)
				id := *u.User.UserID
				p.G.Expect(id).NotTo(gomega.BeEmpty(), "User.UserId is empty%s", x)
				mu.Lock()
				prev, dup := seen[id]
				seen[id] = string(x.RequestBody)
				mu.Unlock()
				p.G.Expect(dup).To(gomega.BeFalse(), "UserId %q was given to an earlier user too (%s)%s", id, prev, x)
			})
		})

	rspEcho = framework.Define(must("CU-RSP-03", "response", "AccountId, PrimaryEmail and UserType echo the request",
		"\"Creates a user under the specified Amazon Chime account\"; the Sample Request's Email and UserType come back as PrimaryEmail and UserType.", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				sent, x := create(p)
				u := decodeUser(p, x)
				p.G.Expect(u.User.AccountID).To(gomega.HaveValue(gomega.Equal(p.AccountID())), "User.AccountId is not the path's accountId%s", x)
				if email, ok := sent["Email"].(string); ok {
					p.G.Expect(u.User.PrimaryEmail).NotTo(gomega.BeNil(), "User.PrimaryEmail missing%s", x)
					if !strings.EqualFold(*u.User.PrimaryEmail, email) {
						p.Fatalf("User.PrimaryEmail %q is not the Email sent %q (letter case aside)%s", *u.User.PrimaryEmail, email, x)
					}
				}
				if userType, ok := sent["UserType"].(string); ok {
					p.G.Expect(u.User.UserType).To(gomega.HaveValue(gomega.Equal(userType)), "User.UserType is not the UserType sent%s", x)
				}
			})
		})

	rspTimestamps = framework.Define(must("CU-RSP-04", "response", "RegisteredOn and InvitedOn are RFC 3339 date-times with a zone, or null",
		"Sample Response: \"RegisteredOn\":\"2020-01-15T22:38:09.806Z\", \"InvitedOn\":null: the contract's format is RFC 3339 with a zone designator, whatever a lenient client accepts.", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				_, x := create(p)
				u := decodeUser(p, x)
				for name, v := range map[string]any{"RegisteredOn": u.User.RegisteredOn, "InvitedOn": u.User.InvitedOn} {
					if v == nil {
						continue
					}
					s, ok := v.(string)
					p.G.Expect(ok).To(gomega.BeTrue(), "User.%s is a JSON %T, not a string: aws-sdk-go-v2 fails the whole call%s", name, v, x)
					_, err := time.Parse(time.RFC3339Nano, s)
					p.G.Expect(err).NotTo(gomega.HaveOccurred(), "User.%s %q is not an RFC 3339 date-time with a zone%s", name, s, x)
				}
			})
		})

	rspRequestID = framework.Define(should("CU-RSP-05", "response", "every answer carries x-amzn-RequestId",
		"Sample Response: x-amzn-RequestId: 4225c49a-...", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				b := validBody(p)
				if rapid.Bool().Draw(p.T, "an error instead") {
					b["UserType"] = "not-a-user-type"
				}
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
				framework.ExpectAnswered(p, p.G, x)
				p.G.Expect(x.Header.Get("X-Amzn-RequestId")).NotTo(gomega.BeEmpty(), "no x-amzn-RequestId%s", x)
			})
		})
)
