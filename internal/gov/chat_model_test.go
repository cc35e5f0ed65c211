package gov

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chatgov/chatgov/internal/store"
)

func TestPermutePlacesEveryElement(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		order := make([]int32, n)
		for i, p := range rng.Perm(n) {
			order[i] = int32(p)
		}
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprint("v", i)
		}
		want := make([]string, n)
		for p, i := range order {
			want[p] = s[i]
		}
		permute(s, slices.Clone(order))
		if !slices.Equal(s, want) {
			t.Errorf("n=%d: %v, want %v", n, s, want)
		}
	}
}

// TestLoadChatsKeepsEveryRecordWithItsAccount loads configurations of
// several accounts in a scrambled order and checks that each account holds
// exactly its own, whole, in ARN order.
func TestLoadChatsKeepsEveryRecordWithItsAccount(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 7))
	var cfgs []store.ChatConfiguration
	want := map[string]map[string]string{} // account -> ARN -> name
	for a := range 40 {
		account := fmt.Sprintf("1000000000%02d", a)
		want[account] = map[string]string{}
		for c := range rng.IntN(30) + 1 {
			name := fmt.Sprintf("cfg-%d-%d", a, c)
			arn := "arn:aws:chatbot::" + account + ":chat-configuration/slack-channel/" + name
			cfgs = append(cfgs, store.ChatConfiguration{ARN: arn, AccountID: account, Platform: store.PlatformSlack,
				Name: name, SlackTeamID: "T0" + fmt.Sprint(a%3), SlackChannelID: "C" + name, Tags: map[string]string{"n": name}})
			want[account][arn] = name
		}
	}
	rng.Shuffle(len(cfgs), func(i, j int) { cfgs[i], cfgs[j] = cfgs[j], cfgs[i] })
	m, err := fromStore(&store.State{ChatConfigurations: cfgs})
	if err != nil {
		t.Fatal(err)
	}
	if m.Chats.Len() != len(want) {
		t.Fatalf("%d accounts, want %d", m.Chats.Len(), len(want))
	}
	for account, arns := range want {
		ac, ok := m.Chats.Get(account)
		if !ok {
			t.Fatalf("account %s has no configurations", account)
		}
		if len(ac.Configs) != len(arns) || len(ac.States) != len(arns) {
			t.Errorf("%s: %d configurations, %d states, want %d", account, len(ac.Configs), len(ac.States), len(arns))
		}
		for i, r := range ac.Configs {
			if i > 0 && ac.Configs[i-1].ARN >= r.ARN {
				t.Errorf("%s: %s after %s", account, r.ARN, ac.Configs[i-1].ARN)
			}
			if r.AccountID != account || arns[r.ARN] != r.Name || r.Tags["n"] != r.Name || r.SlackChannelID != "C"+r.Name {
				t.Errorf("%s holds %+v", account, *r)
			}
			if ac.Find(r.ARN) != i {
				t.Errorf("%s: find(%s) = %d, want %d", account, r.ARN, ac.Find(r.ARN), i)
			}
		}
	}
}
