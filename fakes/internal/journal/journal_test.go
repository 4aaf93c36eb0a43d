package journal

import "testing"

// The ring keeps the newest size entries, oldest first, across its chunks,
// and holds memory for what it has held only.
func TestTheJournalKeepsTheNewestEntriesInOrder(t *testing.T) {
	for _, c := range []struct{ size, added int }{{1, 3}, {3, 2}, {3, 7}, {journalChunk + 6, 2*journalChunk + 100}, {2 * journalChunk, 2 * journalChunk}} {
		j := New(c.size, nil)
		for seq := 1; seq <= c.added; seq++ {
			j.Add(Entry{Seq: seq})
		}
		got := j.List(Filter{})
		want := min(c.size, c.added)
		if len(got) != want || got[0].Seq != c.added-want+1 || got[len(got)-1].Seq != c.added {
			t.Fatalf("size %d after %d: %d entries, %d to %d", c.size, c.added, len(got), got[0].Seq, got[len(got)-1].Seq)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Seq != got[i-1].Seq+1 {
				t.Fatalf("size %d after %d: out of order at %d", c.size, c.added, i)
			}
		}
		j.SetOutcome(c.added, "client-gone")
		if last := j.List(Filter{}); last[len(last)-1].Outcome != "client-gone" {
			t.Fatalf("size %d: the newest entry's outcome was not corrected", c.size)
		}
	}
	const maxSize = 1_000_000 // fakes.MaxJournalSize
	big := New(maxSize, nil)
	big.Add(Entry{Seq: 1})
	if len(big.chunks) != 1 || len(big.chunks[0]) != journalChunk {
		t.Fatalf("a journal of %d holding one entry allocated %d chunks", maxSize, len(big.chunks))
	}
}
