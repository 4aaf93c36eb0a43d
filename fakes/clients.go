package fakes

import (
	_ "embed"
	"encoding/json"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// ClientMatrix is what real clients did when the fake's faults fired:
// measured by a test (make clients), kept in clients.json and shown in
// CLIENTS.md. The aws-sdk-go-v2 column is checked against the code on
// every test run; the others are as last measured, with their versions.
type ClientMatrix struct {
	Clients []ClientInfo `json:"clients"`
	// Rows: one per scenario (a rule that fires on every attempt of one
	// call), with each client's behaviour.
	Rows []MatrixRow `json:"rows"`
	// Gaps: how long each client waited between an answer and its retry.
	Gaps []RetryGaps `json:"gaps"`
}

// ClientInfo names a measured client.
type ClientInfo struct {
	Name     string `json:"name"`     // the column: aws-sdk-go-v2, boto3 (legacy), ...
	Version  string `json:"version"`  // as the client reports it
	Settings string `json:"settings"` // how it was configured
	Measured string `json:"measured"` // the date of the measurement
}

// MatrixRow is one scenario and what each client did.
type MatrixRow struct {
	Scenario string                  `json:"scenario"` // a rule, as JSON
	Type     string                  `json:"type"`     // its action's type
	Note     string                  `json:"note,omitempty"`
	Results  []faults.ClientBehavior `json:"results"`
}

// RetryGaps are the measured pauses of one client between an answer and
// the next attempt, against a rule answering 503 every time.
type RetryGaps struct {
	Client string  `json:"client"`
	Calls  int     `json:"calls"`
	Gaps   int     `json:"gaps"`
	MeanS  float64 `json:"meanSeconds"`
	MaxS   float64 `json:"maxSeconds"`
}

//go:embed clients.json
var clientsJSON []byte

// MeasuredClients returns the committed client matrix.
func MeasuredClients() (ClientMatrix, error) {
	var m ClientMatrix
	err := json.Unmarshal(clientsJSON, &m)
	return m, err
}

// behaviourOf lists what the clients did with the scenarios of a fault type.
func (m ClientMatrix) behaviourOf(typ string) []faults.ClientBehavior {
	var out []faults.ClientBehavior
	for _, row := range m.Rows {
		if row.Type == typ {
			out = append(out, row.Results...)
		}
	}
	return out
}
