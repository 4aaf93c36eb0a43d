package framework

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/report"
)

// Profile is a deployment whose contract differs from the reference
// page's in a known way, declared by the vendor (-profile, CHIME_PROFILE),
// as Kubernetes conformance declares profiles: the checks it exempts are
// not applicable (listed in the catalogue under notApplicableIn), and the
// verdict names the profile wherever it is printed.
type Profile struct {
	Name string
	// Exempts are the IDs (path.Match patterns) not applicable in it.
	Exempts []string
	// Summary names them in the verdict: "CU-AUTH-*, CU-ERR-401/403".
	Summary string
	// Why is the deployment it describes.
	Why string
	// detectors are the checks whose failure, in a run without a profile,
	// looks like this deployment when its exchanges show it (detected),
	// with what the verdict then says of the target.
	detectors map[string]string
	detected  func([]*evidence.Exchange) bool
	advice    string
}

// Profiles are the profiles a run may declare.
var Profiles = []Profile{{
	Name:    "signatures-at-gateway",
	Exempts: []string{"CU-AUTH-*", "CU-ERR-401", "CU-ERR-403"},
	Summary: "CU-AUTH-*, CU-ERR-401/403",
	Why: "SigV4 is verified in front of the service (an API gateway, a service mesh), so the service itself accepts any signature; " +
		"the checks of refused signatures belong to the gateway",
	detectors: map[string]string{
		"CU-ERR-401": "the target accepts unsigned requests",
		"CU-ERR-403": "the target accepts requests signed with a wrong secret",
	},
	detected: func(xs []*evidence.Exchange) bool {
		return slices.ContainsFunc(xs, func(x *evidence.Exchange) bool { return x.Status >= 200 && x.Status < 300 })
	},
	advice: "if signatures are enforced in front of it, run with -profile signatures-at-gateway (CHIME_PROFILE); " +
		"chime-fake checks signatures only when run with -auth verify (its default, -auth any, accepts any well-formed signature)",
}}

// ProfileNamed finds a declared profile ("" is none, and no error).
func ProfileNamed(name string) (*Profile, error) {
	if name == "" {
		return nil, nil
	}
	var names []string
	for i := range Profiles {
		if Profiles[i].Name == name {
			return &Profiles[i], nil
		}
		names = append(names, Profiles[i].Name)
	}
	return nil, fmt.Errorf("profile %q: no such profile (CHIME_PROFILE, -profile); there is %s", name, strings.Join(names, ", "))
}

// exempts says whether the profile makes a check not applicable.
func (p *Profile) exempts(id string) bool {
	return p != nil && slices.ContainsFunc(p.Exempts, func(pattern string) bool {
		ok, _ := path.Match(pattern, id)
		return ok
	})
}

// notApplicableIn lists the profiles that exempt a check (the catalogue's
// notApplicableIn).
func notApplicableIn(id string) []string {
	var in []string
	for i := range Profiles {
		if Profiles[i].exempts(id) {
			in = append(in, Profiles[i].Name)
		}
	}
	sort.Strings(in)
	return in
}

// profileHints are what a run without a profile says when a failure looks
// like a deployment a profile describes.
func profileHints(results map[string]*report.CheckResult) []string {
	var hints []string
	for _, p := range Profiles {
		var seen []string
		for _, id := range slices.Sorted(maps.Keys(p.detectors)) {
			if r, ok := results[id]; ok && r.Result == report.Fail && p.detected(r.Exchanges) {
				seen = append(seen, p.detectors[id])
			}
		}
		if len(seen) > 0 {
			hints = append(hints, strings.Join(seen, " and ")+": "+p.advice)
		}
	}
	return hints
}
