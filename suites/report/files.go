package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// Files a run writes into its report directory.
const (
	FileMarkdown = "report.md"
	FileJSON     = "report.json"
	FileJUnit    = "junit.xml"
	FileHAR      = "failures.har"
)

// WriteFiles writes report.md, report.json, junit.xml and failures.har
// (the failing exchanges; empty when nothing failed) into dir.
func (r Report) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	junit, err := r.JUnit()
	if err != nil {
		return err
	}
	har, err := evidence.HAR(Version, r.harEntries())
	if err != nil {
		return err
	}
	for name, content := range map[string][]byte{
		FileJSON: append(js, '\n'), FileMarkdown: []byte(r.Markdown()), FileJUnit: junit, FileHAR: har,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return nil
}

// Version names the suite in reports and HAR files.
const Version = "chime-conform/2"

func (r Report) harEntries() []evidence.HAREntry {
	var entries []evidence.HAREntry
	for _, c := range r.Checks {
		for _, x := range c.Exchanges {
			entries = append(entries, evidence.HAREntry{Exchange: x, Comment: fmt.Sprintf("%s %s: %s", c.ID, c.Result, firstLine(c.Evidence))})
		}
	}
	return entries
}

// CheckDir says whether a report directory can be written (creating it),
// so a run finds out before it spends its budget, not after.
func CheckDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report directory: %w", err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("report directory %s cannot be written: %w", dir, err)
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name)
}
