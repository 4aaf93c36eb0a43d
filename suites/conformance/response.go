package conformance

import (
	"mime"
	"strings"
	"sync"
	"time"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
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
func create(t *rapid.T, g gomega.Gomega) (map[string]any, *fw.Exchange) {
	b := validBody(t)
	x := send(t, fw.Request{Account: target.AccountID, Body: body(b)})
	fw.ExpectAnswered(g, x)
	g.Expect(x.Status).To(gomega.BeNumerically(">=", 200), "a valid create failed%s", x)
	g.Expect(x.Status).To(gomega.BeNumerically("<", 300), "a valid create failed%s", x)
	return b, x
}

func decodeUser(g gomega.Gomega, x *fw.Exchange) createdUser {
	var u createdUser
	g.Expect(x.JSON(&u)).To(gomega.Succeed(), "the 201 body is not the JSON the clients decode%s", x)
	return u
}

func responseChecks() {
	fw.It(rspJSON, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			_, x := create(t, g)
			ct, _, err := mime.ParseMediaType(x.Header.Get("Content-Type"))
			g.Expect(err == nil && ct == "application/json").To(gomega.BeTrue(), "Content-Type %q is not application/json%s", x.Header.Get("Content-Type"), x)
			g.Expect(fw.ValidateResponse(x)).To(gomega.Succeed(), "the answer does not validate against the spec%s", x)
		})
	})

	fw.It(rspUserID, func() {
		var mu sync.Mutex
		seen := map[string]string{}
		property(1, func(t *rapid.T, g gomega.Gomega) {
			_, x := create(t, g)
			u := decodeUser(g, x)
			g.Expect(u.User).NotTo(gomega.BeNil(), "no User in the body%s", x)
			g.Expect(u.User.UserID).NotTo(gomega.BeNil(), "User has no UserId%s", x)
			id := *u.User.UserID
			g.Expect(id).NotTo(gomega.BeEmpty(), "User.UserId is empty%s", x)
			mu.Lock()
			prev, dup := seen[id]
			seen[id] = x.URL + " " + string(x.RequestBody)
			mu.Unlock()
			g.Expect(dup).To(gomega.BeFalse(), "UserId %q was given to an earlier user too (%s)%s", id, prev, x)
		})
	})

	fw.It(rspEcho, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			sent, x := create(t, g)
			u := decodeUser(g, x)
			g.Expect(u.User).NotTo(gomega.BeNil(), "no User in the body%s", x)
			g.Expect(u.User.AccountID).To(gomega.HaveValue(gomega.Equal(target.AccountID)), "User.AccountId is not the path's accountId%s", x)
			if email, ok := sent["Email"].(string); ok {
				g.Expect(u.User.PrimaryEmail).NotTo(gomega.BeNil(), "User.PrimaryEmail missing%s", x)
				g.Expect(strings.EqualFold(*u.User.PrimaryEmail, email)).To(gomega.BeTrue(), "User.PrimaryEmail %q is not the Email sent %q%s", *u.User.PrimaryEmail, email, x)
			}
			if userType, ok := sent["UserType"].(string); ok {
				g.Expect(u.User.UserType).To(gomega.HaveValue(gomega.Equal(userType)), "User.UserType is not the UserType sent%s", x)
			}
		})
	})

	fw.It(rspTimestamps, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			_, x := create(t, g)
			u := decodeUser(g, x)
			g.Expect(u.User).NotTo(gomega.BeNil(), "no User in the body%s", x)
			for name, v := range map[string]any{"RegisteredOn": u.User.RegisteredOn, "InvitedOn": u.User.InvitedOn} {
				if v == nil {
					continue
				}
				s, ok := v.(string)
				g.Expect(ok).To(gomega.BeTrue(), "User.%s is a JSON %T, not a string: aws-sdk-go-v2 fails the whole call%s", name, v, x)
				_, err := time.Parse(time.RFC3339Nano, s)
				g.Expect(err).NotTo(gomega.HaveOccurred(), "User.%s %q is not RFC 3339%s", name, s, x)
			}
		})
	})

	fw.It(rspRequestID, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			b := validBody(t)
			if rapid.Bool().Draw(t, "an error instead") {
				b["UserType"] = "not-a-user-type"
			}
			x := send(t, fw.Request{Account: target.AccountID, Body: body(b)})
			fw.ExpectAnswered(g, x)
			g.Expect(x.Header.Get("X-Amzn-RequestId")).NotTo(gomega.BeEmpty(), "no x-amzn-RequestId%s", x)
		})
	})
}
