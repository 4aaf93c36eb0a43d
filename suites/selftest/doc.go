// Package selftest proves the conformance checks both ways, over HTTP, with
// the evidence a vendor run has and nothing more. Against independent
// CreateUser servers written in its tests (indie_test.go): valid ones that
// fill the contract's gaps differently must pass, broken ones must fail on
// the target's evidence, and faults of the suite's own client must never be
// blamed on the target. Against chime-fake started as a binary: every
// contract fault (a mutant) must be caught by a MUST check, and the table of
// which checks catch which mutant is kept under version control
// (mutants.md).
package selftest
