package framework

import "github.com/chime-conformance/createuser/suites/report"

// The create budget: how a run shares Config.MaxCreates over its checks.
// A tenth is set aside for shrinking failures (Client's shrink pool);
// checks that need creates to prove anything (Check.Reserve) have them set
// aside from the start; the rest is shared evenly over the checks left.

// checksLeft counts the selected, enabled checks not run yet that send
// creates (the current one included): they share the budget left.
func (s *Session) checksLeft() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.cat.Checks() {
		r, started := s.results[c.ID]
		done := started && r.Result != report.NotRun
		if done || c.Always || !s.Selected(c) || (c.Enabled != nil && !c.Enabled(s)) {
			continue
		}
		n++
	}
	return max(n, 1)
}

// examples is how many examples a property may run: the configured number,
// within the check's share of the budget, and at least one while the
// budget not reserved by later checks allows one.
func (s *Session) examples(c *Check, perExample int) int {
	n := s.cfg.Examples
	if share := s.Budget(c); share >= 0 {
		unreserved := s.client.left(mainPool) - s.reservedAfter(c)
		n = min(n, max(share/perExample, min(1, unreserved/perExample)))
	}
	return n
}

// Budget is the creates a check may spend (-1: unlimited): its reserve,
// if it has one, plus an even share of what is left after the reserves of
// the checks still to run.
func (s *Session) Budget(c *Check) int {
	left := s.client.left(mainPool)
	if left < 0 {
		return -1
	}
	reserved, own := s.reservedAfter(c), s.reserve(c)
	share := max(0, left-reserved-own) / s.checksLeft()
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
		if s.Selected(c) && (c.Enabled == nil || c.Enabled(s)) {
			total += c.Reserve
		}
	}
	if limit := s.client.limit[mainPool]; limit > 0 && total > limit/2 {
		s.reserveScale = float64(limit/2) / float64(total)
	}
}

// reservedAfter sums the reserves of the checks still to run, c excluded.
func (s *Session) reservedAfter(c *Check) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := 0
	for _, o := range s.cat.Checks() {
		if _, started := s.results[o.ID]; started || o == c || !s.Selected(o) || (o.Enabled != nil && !o.Enabled(s)) {
			continue
		}
		sum += s.reserve(o)
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
