package fakes

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Banner is what chime-fake prints at start: where it listens (the first
// line, "chime-fake listening on URL", is for scripts), how it is set up,
// and a command to try.
func (s *Server) Banner() string {
	var b strings.Builder
	o := s.opts
	fmt.Fprintf(&b, "chime-fake listening on %s\n", s.URL())
	anyAccount := ""
	if o.AnyAccount {
		anyAccount = " (and any other: -any-account)"
	}
	fmt.Fprintf(&b, "  accounts: %s%s\n", strings.Join(s.Accounts(), ", "), anyAccount)
	fmt.Fprintf(&b, "  auth: %s (%s errors), region %s, seed %d, %d fault rule(s)\n", o.Auth, o.AuthErrors, o.Region, o.Seed, len(o.Rules))
	if o.StateFile != "" {
		fmt.Fprintf(&b, "  state: %s (saved every %s when changed, and at shutdown)\n", o.StateFile, o.StateInterval)
	}
	fmt.Fprintf(&b, "  admin API: %s%s\n", s.URL(), AdminPrefix)
	fmt.Fprintf(&b, "  try: aws chime create-user --endpoint-url %s --region %s --account-id %s --email jane@example.com\n",
		s.URL(), o.Region, s.Accounts()[0])
	return b.String()
}

// ListFaultTypes writes every fault type with its category, description
// and example, then what each measured client did with it (chime-fake
// -list-faults).
func ListFaultTypes(w io.Writer) error {
	types := FaultTypes()
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tCATEGORY\tDESCRIPTION\tEXAMPLE")
	for _, t := range types {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Type, t.Category, t.Description, t.Example)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhat real clients did when a rule fired on every attempt (measured; fakes/CLIENTS.md):")
	notes := map[string]string{} // what else a scenario set up (a 404, a read timeout)
	if m, err := MeasuredClients(); err == nil {
		for _, row := range m.Rows {
			notes[row.Scenario] = row.Note
		}
	}
	for _, t := range types {
		scenario := ""
		for _, c := range t.Clients {
			if c.Scenario != scenario {
				scenario = c.Scenario
				fmt.Fprintf(w, "\n%s\n", scenario)
				if note := notes[scenario]; note != "" {
					fmt.Fprintf(w, "  (%s)\n", note)
				}
			}
			fmt.Fprintf(w, "  %-18s %s\n", c.Client, c)
		}
	}
	return nil
}
