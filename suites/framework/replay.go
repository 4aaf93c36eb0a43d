package framework

import (
	"strconv"
	"time"
)

// The replay's pacing, deadline and region, when they are not the
// defaults: they change what is sent and how an answer is judged (a
// request timing out is a failure of the target's).
func replayRegion(r string) string {
	if r == "us-east-1" {
		return ""
	}
	return r
}

func replayRPS(rps float64) string {
	if rps <= 0 {
		return ""
	}
	return strconv.FormatFloat(rps, 'g', -1, 64)
}

func replayTimeout(d time.Duration) string {
	if d == 30*time.Second {
		return ""
	}
	return d.String()
}
