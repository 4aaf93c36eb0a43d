package framework

import (
	"net/http"
	"os"
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

// With AWS_REGION unset, an endpoint is signed for the profile's region,
// as the AWS CLI signs; the embedded fake keeps us-east-1.
func TestTheProfilesRegionIsUsed(t *testing.T) {
	dir := t.TempDir()
	cfgFile := dir + "/config"
	if err := os.WriteFile(cfgFile, []byte("[profile staging]\nregion = ap-southeast-2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/none")
	t.Setenv("AWS_PROFILE", "staging")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	c, err := Config{Endpoint: "https://chime.example", AccountID: "a"}.WithDefaults()
	if err != nil || c.Region != "ap-southeast-2" {
		t.Fatalf("region %q (%v), want the profile's", c.Region, err)
	}
	if c, _ := (Config{Endpoint: "https://chime.example", AccountID: "a", Region: "eu-west-1"}).WithDefaults(); c.Region != "eu-west-1" {
		t.Errorf("a region given: %q", c.Region)
	}
	if c, _ := (Config{}).WithDefaults(); c.Region != "us-east-1" {
		t.Errorf("the embedded fake: %q", c.Region)
	}
}
