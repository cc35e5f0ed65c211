package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chatgov/chatgov/internal/store"
)

// TestEqualEmpty checks that checkState's fast path agrees with cmp.Equal
// and cmpopts.EquateEmpty, which it stands in for.
func TestEqualEmpty(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.FixedZone("CET", 3600)
	}
	changed := func(f func(st *store.State)) *store.State {
		st := fixture()
		f(st)
		return st
	}
	tests := []struct {
		name string
		a, b *store.State
		want bool
	}{
		{"Same", fixture(), fixture(), true},
		{"NilAndEmpty", &store.State{}, &store.State{Settings: map[string]string{}, Accounts: []store.Account{},
			ChatConfigurations: []store.ChatConfiguration{{SnsTopicARNs: []string{}, Tags: map[string]string{}}}}, false},
		{"NestedNilAndEmpty", &store.State{ChatConfigurations: []store.ChatConfiguration{{}}},
			&store.State{ChatConfigurations: []store.ChatConfiguration{{SnsTopicARNs: []string{}, Tags: map[string]string{}}}}, true},
		{"TimeInAnotherZone", fixture(), changed(func(st *store.State) { st.OUs[0].CreatedAt = st.OUs[0].CreatedAt.In(paris) }), true},
		{"OtherTime", fixture(), changed(func(st *store.State) { st.OUs[0].CreatedAt = st.OUs[0].CreatedAt.Add(time.Microsecond) }), false},
		{"OtherString", fixture(), changed(func(st *store.State) { st.Accounts[1].Email = "x" }), false},
		{"OtherBool", fixture(), changed(func(st *store.State) { st.Policies[0].AWSManaged = false }), false},
		{"OtherInt", fixture(), changed(func(st *store.State) { st.Attachments[2].Seq = 9 }), false},
		{"OtherTag", fixture(), changed(func(st *store.State) { st.ChatConfigurations[0].Tags["env"] = "prod" }), false},
		{"OtherTagKey", fixture(), changed(func(st *store.State) { st.ChatConfigurations[0].Tags = map[string]string{"env": "dev", "x": ""} }), false},
		{"NoOrganization", fixture(), changed(func(st *store.State) { st.Organization = nil }), false},
		{"OtherOrganization", fixture(), changed(func(st *store.State) { st.Organization.RootName = "x" }), false},
		{"NestedResource", fixture(), changed(func(st *store.State) { st.Handshakes[0].Resources[0].Resources = nil }), false},
		{"ShorterList", fixture(), changed(func(st *store.State) { st.Tags = st.Tags[1:] }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := equalEmpty(reflect.ValueOf(tt.a).Elem(), reflect.ValueOf(tt.b).Elem())
			if byCmp := cmp.Equal(tt.a, tt.b, cmpopts.EquateEmpty()); got != byCmp || got != tt.want {
				t.Errorf("equalEmpty = %v, cmp.Equal = %v, want %v", got, byCmp, tt.want)
			}
		})
	}
}
