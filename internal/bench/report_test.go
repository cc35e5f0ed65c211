package bench

import (
	"strings"
	"testing"
)

// TestWriteLag checks the replication lag lines of the table.
func TestWriteLag(t *testing.T) {
	t.Parallel()
	measured := &ReplicationLag{Replicas: 3, Measured: true, Writes: 1200, PollMS: 0.25, Unresolved: 2,
		LatencyMS: &Latency{P50: 0.8, P99: 2.5, Max: 4}}
	one := notMeasuredLag(1)
	noHeader := &ReplicationLag{Replicas: 2, NotMeasured: "the servers' answers carry no X-Chatgov-Revision header"}
	point := func(clients int, g *ReplicationLag) Load {
		return Load{Operation: OpCreate, Clients: clients, Chatgov: Side{ReplicationLag: g}}
	}
	for _, tc := range []struct {
		name  string
		loads []Load
		want  []string
	}{
		{"reads only", []Load{{Operation: OpDescribe, Clients: 1}}, nil},
		{"one replica", []Load{point(1, one), point(64, one)},
			[]string{"replication lag of the writes: not measured (one replica: there is no other server to replicate to)\n"}},
		{"measured", []Load{point(64, measured)},
			[]string{"replication lag p99, CreateSlackChannelConfiguration 64 clients: 2.50 ms (p50 0.80, max 4.00 ms) over 1,200 writes, until the other 2 replicas had each, read every 0.25 ms; 2 writes not applied everywhere within 5 s\n"}},
		{"one point measured, one not", []Load{point(1, noHeader), point(64, measured)},
			[]string{"CreateSlackChannelConfiguration 1 clients: not measured (the servers' answers carry no X-Chatgov-Revision header)\n", "64 clients: 2.50 ms"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			writeLag(&b, tc.loads)
			if len(tc.want) == 0 && b.Len() > 0 {
				t.Errorf("lines without writes: %q", b.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("%q lacks %q", b.String(), w)
				}
			}
		})
	}
}
