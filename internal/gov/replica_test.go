package gov

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/store/memstore"
)

// replicaSet is n services on one in-memory database, each following the
// others' changes, as replicas on one PostgreSQL do.
type replicaSet struct {
	db   *memstore.DB
	svcs []*Service
}

func newReplicaSet(t *testing.T, n int) *replicaSet {
	t.Helper()
	rs := &replicaSet{db: memstore.NewDB()}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	for range n {
		st := rs.db.Open()
		svc, err := New(ctx, st, Options{Now: func() time.Time { return matrixNow }, Feed: st})
		if err != nil {
			t.Fatal(err)
		}
		rs.svcs = append(rs.svcs, svc)
		wg.Add(1)
		go func() { defer wg.Done(); _ = svc.Follow(ctx) }()
	}
	return rs
}

// converge waits until every replica has applied every revision, then
// checks that their states are the same, and the same as a fresh load
// of the store (LastUpdated times of effective policies and the order of
// an OU's children aside, which a load rebuilds).
func (rs *replicaSet) converge(t *testing.T) {
	t.Helper()
	var head int64
	for _, s := range rs.svcs {
		head = max(head, s.Revision())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i, s := range rs.svcs {
		if !s.WaitRevision(ctx, head) {
			t.Fatalf("replica %d is at revision %d, not %d", i, s.Revision(), head)
		}
	}
	want := dumpModel(t, rs.svcs[0].cur.Load(), true)
	for i, s := range rs.svcs[1:] {
		if got := dumpModel(t, s.cur.Load(), true); got != want {
			t.Fatalf("replica %d differs from replica 0:\n%s", i+1, firstDifference(want, got))
		}
	}
	fresh, err := New(context.Background(), rs.db.Open(), Options{Now: func() time.Time { return matrixNow }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpModel(t, fresh.cur.Load(), false), dumpModel(t, rs.svcs[0].cur.Load(), false); got != want {
		t.Fatalf("a fresh load differs from the replicas:\n%s", firstDifference(want, got))
	}
}

// dumpModel writes a version out in full, derived state included, in an
// order of its own; strict keeps what a load rebuilds differently.
func dumpModel(t *testing.T, m *snapshot.Model, strict bool) string {
	t.Helper()
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	js := func(v any) string {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !strict { // a load gives empty lists and maps for nil ones
			return strings.NewReplacer(":[]", ":null", ":{}", ":null").Replace(string(raw))
		}
		return string(raw)
	}
	line("rev %d attachSeq %d causeSeq %d eventSeq %d", m.Rev, m.AttachSeq, m.CauseSeq, m.EventSeq)
	line("settings %s org %s enabled %s services %s", js(m.Settings), js(m.Org), js(m.Enabled), js(m.Services))
	if m.ResourcePolicy != nil {
		line("resource policy %s %s", m.ResourcePolicy.ID, m.ResourcePolicy.Content)
	}
	snapshot.TableChanges(snapshot.New(), m, func(table string, entries []snapshot.Entry) {
		slices.SortFunc(entries, func(a, b snapshot.Entry) int { return strings.Compare(a.Key, b.Key) })
		for _, e := range entries {
			v := e.Value
			if c, ok := recordCodecs[table]; ok {
				v = c.encode(v, nil)
			}
			line("%s %s %s", table, e.Key, js(v))
			if ac, ok := e.Value.(*snapshot.AccountChats); ok && ac != nil {
				for i, st := range ac.States {
					line("  state %s enabled=%v closed=%v role=%v visibility=%v policy=%v", ac.Configs[i].ARN,
						st.Enabled, st.Closed, st.UserRole, st.Visibility, st.View != nil)
				}
			}
		}
	})
	if m.Tree != nil {
		var nodes []string
		m.Tree.Walk(func(n *org.Node) bool {
			nodes = append(nodes, fmt.Sprintf("node %s %s %q under %s", n.ID, n.Type, n.Name, n.ParentID))
			return true
		})
		if !strict {
			slices.Sort(nodes)
		}
		for _, n := range nodes {
			line("%s", n)
		}
		types := slices.Sorted(func(yield func(policy.Type) bool) {
			for t := range m.Effective {
				if !yield(t) {
					return
				}
			}
		})
		for _, typ := range types {
			cache := m.Effective[typ]
			m.Tree.Walk(func(n *org.Node) bool {
				e := cache.EntryOf(m, n.ID)
				at := ""
				if strict {
					at = e.At.String()
				}
				line("effective %s %s %s %s", typ, n.ID, string(e.State.JSON()), at)
				return true
			})
		}
	}
	if !strict {
		lines := strings.Split(b.String(), "\n")
		slices.Sort(lines)
		return strings.Join(lines, "\n")
	}
	return b.String()
}

// firstDifference shows where two dumps part.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("line %d\nwant %s\n got %s", i+1, w[i], g[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(w), len(g))
}

// TestReplicasConverge builds each kind of world through one replica,
// makes more writes through the others, and checks after each step that
// every replica holds the same state, and the state a restart would load.
func TestReplicasConverge(t *testing.T) {
	for _, k := range []worldKind{worldNone, worldAll, worldBilling} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			t.Parallel()
			rs := newReplicaSet(t, 3)
			a, b, c := rs.svcs[0], rs.svcs[1], rs.svcs[2]
			w := &world{}
			buildWorldOn(t, w, k, a)
			rs.converge(t)
			if k != worldAll {
				return
			}
			ctx := context.Background()
			mgmt := rootCaller(matrixManagement)
			member := w.callers[roleMember]
			steps := []struct {
				name string
				on   *Service
				do   func(s *Service) error
			}{
				{"OU", b, func(s *Service) error {
					_, err := s.CreateOrganizationalUnit(ctx, mgmt, w.ou, "deep", []Tag{{Key: "k", Value: "v"}})
					return err
				}},
				{"move", c, func(s *Service) error { return s.MoveAccount(ctx, mgmt, member.AccountID, w.root, w.ou) }},
				{"rename", b, func(s *Service) error { _, err := s.UpdateOrganizationalUnit(ctx, mgmt, w.ou, "renamed"); return err }},
				{"directory", c, func(s *Service) error {
					return s.PutSlackChannel(ctx, mgmt, SlackChannel{TeamID: "T012ABC", TeamName: "acme", ChannelID: "C012ABC", ChannelName: "ops", Visibility: "public"})
				}},
				{"chat configuration", b, func(s *Service) error {
					_, err := s.CreateChatConfiguration(ctx, member, NewChatConfiguration{Platform: store.PlatformSlack, Name: "ops", SlackTeamID: "T012ABC", SlackChannelID: "C012ABC"},
						ChatInput{IamRoleARN: ptr("arn:aws:iam::" + member.AccountID + ":role/chat")})
					return err
				}},
				{"two more configurations", a, func(s *Service) error {
					for _, ch := range []string{"C012ABD", "C012ABE"} {
						if _, err := s.CreateChatConfiguration(ctx, member, NewChatConfiguration{Platform: store.PlatformSlack, Name: "ops-" + ch, SlackTeamID: "T012ABC", SlackChannelID: ch},
							ChatInput{IamRoleARN: ptr("arn:aws:iam::" + member.AccountID + ":role/chat")}); err != nil {
							return err
						}
					}
					return nil
				}},
				{"update one", b, func(s *Service) error {
					_, err := s.UpdateChatConfiguration(ctx, member, "arn:aws:chatbot::"+member.AccountID+":chat-configuration/slack-channel/ops-C012ABD",
						store.PlatformSlack, "C012ABF", ChatInput{})
					return err
				}},
				{"delete one", c, func(s *Service) error {
					return s.DeleteChatConfiguration(ctx, member, "arn:aws:chatbot::"+member.AccountID+":chat-configuration/slack-channel/ops-C012ABE", store.PlatformSlack)
				}},
				{"deny public channels", c, func(s *Service) error {
					_, err := s.UpdatePolicy(ctx, mgmt, UpdatePolicyInput{PolicyID: w.chatbotPolicy,
						Content: ptr(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"},"default":{"supported_channel_types":{"@@assign":["private"]}}}}}}`)})
					return err
				}},
				{"role", a, func(s *Service) error {
					_, err := s.PutRolePermissions(ctx, member, RolePermissionsInput{RoleARN: "arn:aws:iam::" + member.AccountID + ":role/chat",
						ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}})
					return err
				}},
				{"stack", b, func(s *Service) error {
					return s.PutStack(ctx, member, StackRecord{ID: "arn:aws:cloudformation:us-east-1:" + member.AccountID + ":stack/s/1", AccountID: member.AccountID, Name: "s", Status: "CREATE_COMPLETE", Document: "{}"})
				}},
				{"detach", a, func(s *Service) error { return s.DetachPolicy(ctx, mgmt, w.tagPolicy, w.root) }},
				{"disable type", c, func(s *Service) error { _, err := s.DisablePolicyType(ctx, mgmt, w.root, policy.TagPolicy); return err }},
				{"close", b, func(s *Service) error { return s.CloseAccount(ctx, mgmt, w.account(roleDenied)) }},
			}
			for _, st := range steps {
				if err := st.do(st.on); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				rs.converge(t)
			}
			for _, s := range rs.svcs {
				if got := len(s.Stacks(member)); got != 1 {
					t.Fatalf("a replica has %d stacks, want 1", got)
				}
			}
		})
	}
}
