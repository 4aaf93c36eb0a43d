package bench

import (
	"slices"
	"time"
)

// Latencies are measured durations; percentiles are exact (nearest rank).
type Latencies []time.Duration

// Percentile is the p-th percentile (0 < p <= 100), or 0 without samples.
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := l
	if !slices.IsSorted(s) { // a round's latencies are sorted once, when it ends
		s = slices.Clone(l)
		slices.Sort(s)
	}
	rank := int(p/100*float64(len(s)) + 0.999999)
	return s[min(max(rank, 1), len(s))-1]
}

// median of positive values (the middle one, or the lower middle).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}
