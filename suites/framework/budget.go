package framework

import "github.com/chime-conformance/createuser/suites/report"

// The create budget: how a run shares Config.MaxCreates over its checks.
// A tenth is set aside for shrinking failures (Client's shrink pool);
// checks that need creates to prove anything (Check.Reserve) have them set
// aside from the start; the rest is shared evenly over the checks left.

// checksLeft counts the checks of toRun that send creates (the current
// one included): they share the budget left.
func checksLeft(toRun []*Check) int {
	n := 0
	for _, c := range toRun {
		if !c.Always {
			n++
		}
	}
	return max(n, 1)
}

// toRun lists the checks that will still run, the running one included.
// (Enabled is asked outside the lock: it may retrieve credentials.)
func (s *Session) toRun() []*Check {
	s.mu.Lock()
	done := map[string]bool{}
	for id, r := range s.results {
		done[id] = r.Result != report.NotRun
	}
	s.mu.Unlock()
	var left []*Check
	for _, c := range s.cat.Checks() {
		if !done[c.ID] && s.active(c) {
			left = append(left, c)
		}
	}
	return left
}

// active says whether a check runs in this session: selected by the label
// filter, and enabled when opt-in.
func (s *Session) active(c *Check) bool { return s.Selected(c) && (c.Enabled == nil || c.Enabled(s)) }

// examples is how many examples a property may run: the configured number,
// within the check's share of the budget, and at least one while the
// budget not reserved by later checks allows one.
func (s *Session) examples(c *Check, perExample int) int {
	n := s.cfg.Examples
	toRun := s.toRun()
	if share := s.budget(c, toRun); share >= 0 {
		unreserved := s.client.left(mainPool) - s.reservedAfter(c, toRun)
		n = min(n, max(share/perExample, min(1, unreserved/perExample)))
	}
	return n
}

// Budget is the creates a check may spend (-1: unlimited): its reserve,
// if it has one, plus an even share of what is left after the reserves of
// the checks still to run.
func (s *Session) Budget(c *Check) int { return s.budget(c, s.toRun()) }

// budget is Budget with the checks still to run listed once (toRun asks
// every opt-in check whether it is enabled, which may fetch credentials).
func (s *Session) budget(c *Check, toRun []*Check) int {
	left := s.client.left(mainPool)
	if left < 0 {
		return -1
	}
	reserved, own := s.reservedAfter(c, toRun), s.reserve(c)
	share := max(0, left-reserved-own) / checksLeft(toRun)
	return min(left, own+max(share, min(1, left-reserved)))
}

// reserve is a check's reserve, scaled down when the reserves together
// would take more than half the budget.
func (s *Session) reserve(c *Check) int {
	if s.reserveScale >= 1 {
		return c.Reserve
	}
	return int(float64(c.Reserve) * s.reserveScale)
}

// scaleReserves fits the selected checks' reserves into half the budget.
func (s *Session) scaleReserves() {
	s.reserveScale = 1
	total := 0
	for _, c := range s.cat.Checks() {
		if s.active(c) {
			total += c.Reserve
		}
	}
	if limit := s.client.limit[mainPool]; limit > 0 && total > limit/2 {
		s.reserveScale = float64(limit/2) / float64(total)
	}
}

// reservedAfter sums the reserves of the checks of toRun, c excluded.
func (s *Session) reservedAfter(c *Check, toRun []*Check) int {
	sum := 0
	for _, o := range toRun {
		if o != c {
			sum += s.reserve(o)
		}
	}
	return sum
}

// shrinkAllowance is how many requests one check may spend shrinking a
// failure: its share of the pool set aside for shrinking.
func (s *Session) shrinkAllowance() int {
	left := s.client.left(shrinkPool)
	if left < 0 {
		return 300
	}
	return min(left, max(10, s.client.limit[shrinkPool]/3))
}
