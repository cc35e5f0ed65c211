package gov

import (
	"testing"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
	"github.com/chatgov/chatgov/internal/synth"
)

// BenchmarkRecheck re-checks every configuration of a 100,000-account
// organization (1,000,000 configurations unless CHATGOV_BENCH_CONFIGS says
// otherwise) against unchanged policies: the decision work alone, without
// the store.
func BenchmarkRecheck(b *testing.B) {
	o, err := synth.Generate(synth.Default())
	if err != nil {
		b.Fatal(err)
	}
	configs, channels, teams := o.Chat(benchConfigCount(), 1)
	st := &store.State{Organization: &store.Organization{ID: synth.OrganizationID, FeatureSet: FeatureSetAll,
		ManagementAccountID: o.ManagementAccountID(), RootID: o.Tree.Root().ID, RootName: "Root"},
		PolicyTypes:        []store.PolicyType{{Type: string(policy.ChatbotPolicy), Status: StatusEnabled}},
		ChatConfigurations: configs, SlackChannels: channels, TeamsTeams: teams}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	o.Tree.Walk(func(n *org.Node) bool {
		switch n.Type {
		case org.OU:
			st.OUs = append(st.OUs, store.OU{ID: n.ID, ParentID: n.ParentID, Name: n.Name, CreatedAt: at})
		case org.Account:
			st.Accounts = append(st.Accounts, store.Account{ID: n.ID, ParentID: n.ParentID, Name: n.Name, JoinedAt: at})
		}
		return true
	})
	seq := int64(0)
	for _, p := range o.Policies {
		st.Policies = append(st.Policies, store.Policy{ID: p.ID, Name: p.Name, Type: string(p.Type), Content: p.Content})
	}
	o.Tree.Walk(func(n *org.Node) bool {
		for _, pid := range o.Attachments[n.ID] {
			seq++
			st.Attachments = append(st.Attachments, store.Attachment{PolicyID: pid, TargetID: n.ID, Seq: seq})
		}
		return true
	})
	m, err := fromStore(st)
	if err != nil {
		b.Fatal(err)
	}
	var accounts []string
	m.Chats.Range(func(id string, _ *snapshot.AccountChats) bool { accounts = append(accounts, id); return true })
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		recheck(m, accounts, at)
	}
	b.ReportMetric(float64(len(configs)), "configs")
}
