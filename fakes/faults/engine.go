package faults

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// maxInvocations bounds the per-invocation sequence counters of a rule.
const maxInvocations = 10000

// Engine holds the rules and decides which one fires for a request. Every
// decision (match, counters, random draws) happens under one lock, so
// concurrent requests never share or skip a count.
type Engine struct {
	// bodyRules counts the rules with match.body, so that a request's body
	// is decoded before the lock is taken, not under it, when one may ask.
	bodyRules atomic.Int64

	mu     sync.Mutex
	seed   uint64
	rng    *rand.Rand
	rules  []*ruleState
	nextID int
	seq    int
}

type ruleState struct {
	Rule
	matched     int
	fired       int
	invocations map[string]int
}

// Fired is the engine's decision for one request.
type Fired struct {
	RuleID string
	Type   string
	Action Action // nil when Skipped
	// Skipped says the fault was due but not admitted (NextAdmitted): it
	// does not act, and its rule's times and sequence step are unspent.
	Skipped bool
}

// NewEngine returns an engine with the given seed and rules.
func NewEngine(seed uint64, rules []Rule) (*Engine, error) {
	e := &Engine{seed: seed, rng: newRNG(seed)}
	if err := e.Replace(rules); err != nil {
		return nil, err
	}
	return e, nil
}

// Seed is the seed the engine's RNG started from.
func (e *Engine) Seed() uint64 { return e.seed }

// Next numbers a request and decides its fault, if any: the first rule, in
// order, that matches and whose schedule lets it fire. An override (a fault
// the request asked for in a header) takes the place of the rules.
func (e *Engine) Next(req *Request, override *Fired) *Fired {
	return e.NextAdmitted(req, override, func() bool { return true })
}

// NextAdmitted is Next, asking admit, under the engine's lock, before a
// fault that is due is spent (the fake's cap on faults acting at once).
// Refused, the fault comes back Skipped and its rule keeps its times and
// sequence step for a later request; after, every and probability have
// counted the match, as they count every match.
func (e *Engine) NextAdmitted(req *Request, override *Fired, admit func() bool) *Fired {
	if override == nil && e.bodyRules.Load() > 0 {
		req.decodedBody() // outside the lock; a rule added meanwhile decodes it under it
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	req.Seq = e.seq
	if override != nil {
		if !gateFires(override.Action, req) {
			return nil
		}
		if !admit() {
			return &Fired{RuleID: override.RuleID, Type: override.Type, Skipped: true}
		}
		return e.sample(override)
	}
	for _, r := range e.rules {
		if !r.Match.matches(req) {
			continue
		}
		if spec, admitted := r.decide(req, e.rng, admit); spec != nil {
			if !admitted {
				return &Fired{RuleID: r.ID, Type: spec.Type, Skipped: true}
			}
			return e.sample(&Fired{RuleID: r.ID, Type: spec.Type, Action: spec.Action})
		}
	}
	return nil
}

func (e *Engine) sample(f *Fired) *Fired {
	if s, ok := f.Action.(Sampler); ok {
		f.Action = s.Sample(e.rng)
	}
	return f
}

// decide applies the schedule; it returns the action due, or nil, and
// whether admit let it act: only then is it spent (times, sequence step).
func (r *ruleState) decide(req *Request, rng *rand.Rand, admit func() bool) (*ActionSpec, bool) {
	r.matched++
	if r.matched <= r.After {
		return nil, false
	}
	if r.Every > 1 && (r.matched-r.After)%r.Every != 0 {
		return nil, false
	}
	if r.Times > 0 && r.fired >= r.Times {
		return nil, false
	}
	if r.Probability != nil && rng.Float64() >= *r.Probability {
		return nil, false
	}
	if len(r.Sequence) == 0 {
		if !gateFires(r.Action.Action, req) {
			return nil, false
		}
		if !admit() {
			return r.Action, false
		}
		r.fired++
		return r.Action, true
	}
	key := BoundedKey(req.Call)
	if key == "" {
		key = fmt.Sprintf("request-%d", req.Seq)
	}
	n := r.invocations[key]
	if n >= len(r.Sequence) {
		return nil, false // the sequence is spent: pass through
	}
	gated := !gateFires(r.Sequence[n].Action, req)
	if !gated && !admit() {
		return &r.Sequence[n], false
	}
	if len(r.invocations) >= maxInvocations {
		clear(r.invocations)
	}
	r.invocations[key] = n + 1 // a step is one attempt's, acted or let pass
	if gated {
		return nil, false
	}
	r.fired++
	return &r.Sequence[n], true
}

// Replace swaps all rules at once; on error nothing changes.
func (e *Engine) Replace(rules []Rule) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	states, err := e.prepare(rules, nil)
	if err != nil {
		return err
	}
	e.rules = states
	e.countBodyRules()
	return nil
}

// Add appends rules; on error nothing changes.
func (e *Engine) Add(rules []Rule) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	states, err := e.prepare(rules, e.rules)
	if err != nil {
		return err
	}
	e.rules = append(e.rules, states...)
	e.countBodyRules()
	return nil
}

// countBodyRules recounts the rules with match.body; under the lock.
func (e *Engine) countBodyRules() {
	n := 0
	for _, r := range e.rules {
		if len(r.Match.Body) > 0 {
			n++
		}
	}
	e.bodyRules.Store(int64(n))
}

// prepare validates rules and gives each an ID unique among existing ones.
func (e *Engine) prepare(rules []Rule, existing []*ruleState) ([]*ruleState, error) {
	ids := map[string]bool{}
	for _, r := range existing {
		ids[r.ID] = true
	}
	nextID := e.nextID
	states := make([]*ruleState, 0, len(rules))
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
		if r.ID == "" {
			for r.ID == "" || ids[r.ID] {
				nextID++
				r.ID = fmt.Sprintf("rule-%d", nextID)
			}
		} else if ids[r.ID] {
			return nil, fmt.Errorf("rules[%d]: id %q is already in use", i, r.ID)
		}
		ids[r.ID] = true
		r.Match.Body, _ = compileBody(r.Match.Body) // validated above
		states = append(states, &ruleState{Rule: r, invocations: map[string]int{}})
	}
	e.nextID = nextID
	return states, nil
}

// Remove deletes the rule with the given ID and says whether it existed.
func (e *Engine) Remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, r := range e.rules {
		if r.ID == id {
			e.rules = append(e.rules[:i], e.rules[i+1:]...)
			e.countBodyRules()
			return true
		}
	}
	return false
}

// RuleStatus is a rule with its counters.
type RuleStatus struct {
	Rule
	Matched int `json:"matched"`
	Fired   int `json:"fired"`
}

// Rules lists the rules in order, with their counters.
func (e *Engine) Rules() []RuleStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	list := make([]RuleStatus, 0, len(e.rules))
	for _, r := range e.rules {
		list = append(list, RuleStatus{Rule: r.Rule, Matched: r.matched, Fired: r.fired})
	}
	return list
}

// ResetCounters zeroes every counter and restarts the RNG from the seed, so
// a run after a reset replays the same faults.
func (e *Engine) ResetCounters() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq = 0
	e.rng = newRNG(e.seed)
	for _, r := range e.rules {
		r.matched, r.fired = 0, 0
		clear(r.invocations)
	}
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
