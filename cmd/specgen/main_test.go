package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckCatchesAStaleSpec(t *testing.T) {
	out := filepath.Join(t.TempDir(), "spec.yaml")
	page := "../../spec/source/CreateUser.txt"
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-page", page, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-page", page, "-out", out, "-check"}, &stdout, &stderr); err != nil {
		t.Fatalf("fresh spec reported stale: %v", err)
	}
	b, _ := os.ReadFile(out)
	if err := os.WriteFile(out, bytes.Replace(b, []byte("pattern: .+@.+"), []byte("pattern: .+@"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-page", page, "-out", out, "-check"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "stale") {
		t.Fatalf("edited spec not reported stale: %v", err)
	}
}

func TestReportToStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-page", "../../spec/source/CreateUser.txt", "-out", filepath.Join(t.TempDir(), "s.yaml"), "-report"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "| `User.RegisteredOn` | wire-type |") {
		t.Fatalf("report:\n%s", stdout.String())
	}
}

func TestBadPage(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "p.txt")
	os.WriteFile(page, []byte("no title separator\n"), 0o644)
	var stdout, stderr bytes.Buffer
	err := run([]string{"-page", page, "-out", filepath.Join(dir, "o.yaml")}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "title") {
		t.Fatalf("want a title error, got %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(dir, "o.yaml")); statErr == nil {
		t.Fatal("a failed generation must not write the spec")
	}
}
