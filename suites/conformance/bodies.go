package conformance

import (
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// How a body carries the run's tag: in its Email (a member named Email,
// when the spec has one), else in its Username. Other members are sent as
// drawn.

// validBody draws a realistic body the spec accepts: every member present,
// absent or null (restJson1 reads null as absent), each value meeting all
// of its member's constraints. Every user it creates carries the run's
// tag: in its Email, else its Username (CU-REQ-01 sends the empty body
// once a run, untagged).
func validBody(p *framework.P) map[string]any {
	b := map[string]any{}
	for _, m := range p.Contract().Members {
		presence := "present"
		if !m.Required {
			presence = rapid.SampledFrom([]string{"present", "absent", "null"}).Draw(p.T, m.Name+" is")
		}
		switch presence {
		case "absent":
			continue
		case "null":
			b[m.Name] = nil
			continue
		}
		v := m.ValidWithin(reserveOf(m)).Draw(p.T, m.Name)
		if m.Name == "Email" {
			b[m.Name] = p.Data().Email(v)
			continue
		}
		b[m.Name] = v
	}
	tagUsername(p.Contract(), p.Data(), b, func() string {
		return p.Contract().Member("Username").ValidWithin(gen.UsernameReserve).Draw(p.T, "tagged Username")
	})
	return b
}

// tagUsername puts the run's tag in the Username of a body without an
// Email (when the spec has a Username that admits it).
func tagUsername(c *gen.Contract, d *gen.Data, b map[string]any, draw func() string) {
	if e, _ := b["Email"].(string); e != "" {
		return
	}
	u, ok := c.Lookup("Username")
	if !ok {
		return
	}
	if tagged := d.Tagged(draw()); u.Accepts(tagged) {
		b["Username"] = tagged
	}
}

// freshEmail draws a realistic valid Email, tagged with the run (so it is
// unused).
func freshEmail(p *framework.P, label string) string {
	return p.Data().Email(p.Contract().Member("Email").ValidWithin(gen.EmailReserve).Draw(p.T, label))
}

// edgeBody is the body that sends one edge of a member: the edge, a
// fresh tagged Email beside it (or a tagged Username when the edge is the
// Email's null), and a valid value for every other required member.
func edgeBody(c *gen.Contract, d *gen.Data, m gen.Member, e gen.Edge) map[string]any {
	b := map[string]any{}
	for _, o := range c.Members {
		if o.Required && o.Name != m.Name {
			b[o.Name] = o.ValidWithin(reserveOf(o)).Example(0)
		}
	}
	if _, ok := c.Lookup("Email"); ok && m.Name != "Email" {
		b["Email"] = d.Email(edgeEmail(c))
	}
	switch {
	case e.Null:
		b[m.Name] = nil
	case m.Name == "Email":
		b[m.Name] = d.Email(e.Value)
	default:
		b[m.Name] = e.Value
	}
	if m.Name != "Username" {
		tagUsername(c, d, b, func() string { return "" })
	}
	return b
}

// edgeEmail is the Email sent beside another member's edge: the first of
// the Email's realistic edges (a real address form).
func edgeEmail(c *gen.Contract) string {
	for _, e := range c.Member("Email").Edges(gen.EmailReserve, gen.Realistic) {
		if !e.Null && e.Value != "" {
			return e.Value
		}
	}
	return "edge@example.com"
}
