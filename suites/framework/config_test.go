package framework

import (
	"net/http"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// CHIME_ENDPOINT comes first, then the SDKs' service-specific and global
// variables; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns the SDKs' off.
func TestEndpointVariablesPrecedence(t *testing.T) {
	a, b, c := "https://a", "https://b", "https://c"
	cases := []struct {
		env        map[string]string
		want, from string
	}{
		{map[string]string{"CHIME_ENDPOINT": a, "AWS_ENDPOINT_URL_CHIME": b, "AWS_ENDPOINT_URL": c}, a, "CHIME_ENDPOINT"},
		{map[string]string{"AWS_ENDPOINT_URL_CHIME": b, "AWS_ENDPOINT_URL": c}, b, "AWS_ENDPOINT_URL_CHIME"},
		{map[string]string{"AWS_ENDPOINT_URL": c}, c, "AWS_ENDPOINT_URL"},
		{map[string]string{"AWS_ENDPOINT_URL": c, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "", ""},
		{map[string]string{"CHIME_ENDPOINT": a, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, a, "CHIME_ENDPOINT"},
	}
	for _, c := range cases {
		cfg, err := FromEnv(Config{}, envOf(c.env))
		if err != nil || cfg.Endpoint != c.want || cfg.endpointVar != c.from {
			t.Errorf("%v: endpoint %q from %q (%v), want %q from %q", c.env, cfg.Endpoint, cfg.endpointVar, err, c.want, c.from)
		}
	}
}

// HTTPS_PROXY is for https endpoints, NO_PROXY's hosts go direct.
func TestProxiesFromTheEnvironment(t *testing.T) {
	cfg, err := FromEnv(Config{}, envOf(map[string]string{"HTTPS_PROXY": "http://proxy:3128", "no_proxy": "direct.example"}))
	if err != nil || cfg.Proxy == nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{"https://chime.example/x": "http://proxy:3128", "https://direct.example/x": "", "http://chime.example/x": ""} {
		r, _ := http.NewRequest("POST", target, nil)
		u, err := cfg.Proxy(r)
		got := ""
		if u != nil {
			got = u.String()
		}
		if err != nil || got != want {
			t.Errorf("%s: proxy %v (%v), want %q", target, u, err, want)
		}
	}
}

// Values a run would misread are refused, saying which setting.
func TestOutOfRangeValuesAreRefused(t *testing.T) {
	for name, c := range map[string]Config{
		"examples":        {Examples: -5},
		"create budget":   {MaxCreates: -3},
		"request timeout": {RequestTimeout: -1},
		"time bound":      {Timeout: -1},
		"CHIME_RPS":       {RPS: -1},
		"no such profile": {Profile: "nope"},
		"AWS_CA_BUNDLE":   {CABundle: "/nonexistent/ca.pem"},
	} {
		if _, err := c.WithDefaults(); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%+v: %v, want an error naming %q", c, err, name)
		}
	}
}
