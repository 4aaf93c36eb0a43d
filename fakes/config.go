package fakes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// Config is the config file (YAML or JSON; see README, "Config file").
// Unknown keys are errors: a typo must not silently disable a fault.
type Config struct {
	Addr          string        `json:"addr,omitempty"`
	Accounts      []string      `json:"accounts,omitempty"`
	AnyAccount    bool          `json:"anyAccount,omitempty"`
	Auth          AuthMode      `json:"auth,omitempty"`
	AuthErrors    AuthErrors    `json:"authErrors,omitempty"`
	Credentials   []Credential  `json:"credentials,omitempty"`
	ClockSkew     string        `json:"clockSkew,omitempty"` // a Go duration: "5m"
	Region        string        `json:"region,omitempty"`
	Seed          uint64        `json:"seed,omitempty"`
	HeaderFaults  bool          `json:"headerFaults,omitempty"`
	AdminToken    string        `json:"adminToken,omitempty"`
	JournalSize   int           `json:"journalSize,omitempty"`
	Rules         []faults.Rule `json:"rules,omitempty"`
	RetryWindow   string        `json:"retryWindow,omitempty"`   // a Go duration: "10s"
	State         string        `json:"state,omitempty"`         // the state file
	StateInterval string        `json:"stateInterval,omitempty"` // a Go duration: "5s"
	Limits        LimitsConfig  `json:"limits,omitzero"`
	Log           string        `json:"log,omitempty"` // chime-fake's log level: off, error, warn, info (default), debug
}

// LimitsConfig is the limits block of the config file (Limits; durations
// as Go durations: "30s").
type LimitsConfig struct {
	ReadHeaderTimeout string `json:"readHeaderTimeout,omitempty"`
	ReadTimeout       string `json:"readTimeout,omitempty"`
	IdleTimeout       string `json:"idleTimeout,omitempty"`
	ShutdownTimeout   string `json:"shutdownTimeout,omitempty"`
	MaxConns          int    `json:"maxConns,omitempty"`
	MaxActiveFaults   int    `json:"maxActiveFaults,omitempty"`
	MaxHeaderBytes    int    `json:"maxHeaderBytes,omitempty"`
}

// ReadConfig reads a config file.
func ReadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	c, err := ParseConfig(b)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// ParseConfig reads YAML or JSON into a Config, strictly, and checks it.
func ParseConfig(b []byte) (Config, error) {
	var c Config
	var generic any
	if err := yaml.Unmarshal(b, &generic); err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	if generic == nil {
		return c, nil
	}
	js, err := json.Marshal(generic)
	if err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	if err := decodeStrict(bytes.NewReader(js), &c); err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	_, err = c.Options()
	return c, err
}

// Options turns the config into server options, checking every value.
func (c Config) Options() (Options, error) {
	o := Options{
		Addr: c.Addr, Accounts: c.Accounts, AnyAccount: c.AnyAccount, Auth: c.Auth, AuthErrors: c.AuthErrors,
		Credentials: c.Credentials, Region: c.Region, Seed: c.Seed, HeaderFaults: c.HeaderFaults,
		AdminToken: c.AdminToken, JournalSize: c.JournalSize, Rules: c.Rules, StateFile: c.State,
		Limits: Limits{MaxConns: c.Limits.MaxConns, MaxActiveFaults: c.Limits.MaxActiveFaults, MaxHeaderBytes: c.Limits.MaxHeaderBytes},
	}
	l := c.Limits
	for _, d := range []struct {
		name, text string
		to         *time.Duration
	}{
		{"clockSkew", c.ClockSkew, &o.ClockSkew}, {"retryWindow", c.RetryWindow, &o.RetryWindow}, {"stateInterval", c.StateInterval, &o.StateInterval},
		{"limits.readHeaderTimeout", l.ReadHeaderTimeout, &o.Limits.ReadHeaderTimeout}, {"limits.readTimeout", l.ReadTimeout, &o.Limits.ReadTimeout},
		{"limits.idleTimeout", l.IdleTimeout, &o.Limits.IdleTimeout}, {"limits.shutdownTimeout", l.ShutdownTimeout, &o.Limits.ShutdownTimeout},
	} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return o, fmt.Errorf("config: %s: %w", d.name, err)
		}
		*d.to = v
	}
	if err := o.withDefaults().validate(); err != nil {
		return o, fmt.Errorf("config: %w", err)
	}
	if _, err := newLogger(c.Log, io.Discard); err != nil {
		return o, fmt.Errorf("config: %w", err)
	}
	if _, err := faults.NewEngine(0, c.Rules); err != nil {
		return o, fmt.Errorf("config: %w", err)
	}
	return o, nil
}
