package gov

import (
	"context"
	"maps"
	"slices"

	"github.com/chatgov/chatgov/internal/store"
)

// gatewayState is what the chat gateway's commands need from a model
// version: the signing secrets of the directory's workspaces, the custom
// actions by ARN, and the resources associated with each configuration.
// A version never changes; a write clones it (it holds tens of entries,
// not millions) and sets the clone on the next model.
type gatewayState struct {
	secrets map[secretKey]string
	actions map[string]*store.CustomAction
	// assocs maps a configuration ARN to its associated resources, sorted.
	assocs map[string][]string
}

type secretKey struct{ platform, workspace string }

// loadGatewayState builds the state from what the store loaded.
func loadGatewayState(st *store.State) *gatewayState {
	g := &gatewayState{secrets: map[secretKey]string{}, actions: map[string]*store.CustomAction{}, assocs: map[string][]string{}}
	for _, s := range st.SigningSecrets {
		g.secrets[secretKey{s.Platform, s.WorkspaceID}] = s.Secret
	}
	for i := range st.CustomActions {
		a := st.CustomActions[i]
		g.actions[a.ARN] = &a
	}
	for _, a := range st.ChatAssociations {
		g.assocs[a.ConfigurationARN] = append(g.assocs[a.ConfigurationARN], a.ResourceARN)
	}
	for _, rs := range g.assocs {
		slices.Sort(rs)
	}
	return g
}

// gateway returns the model's gateway state, empty when none was loaded.
func (m *model) gateway() *gatewayState {
	if m.gw == nil {
		return &gatewayState{secrets: map[secretKey]string{}, actions: map[string]*store.CustomAction{}, assocs: map[string][]string{}}
	}
	return m.gw
}

// gatewayEdit returns a copy of the next model's gateway state to change,
// already set on it.
func (c *change) gatewayEdit() *gatewayState {
	old := c.m.gateway()
	g := &gatewayState{secrets: maps.Clone(old.secrets), actions: maps.Clone(old.actions), assocs: maps.Clone(old.assocs)}
	c.m.gw = g
	return g
}

// dropAssociations forgets the associations of a configuration or of a
// resource that is being deleted, and queues their deletion.
func (c *change) dropAssociations(arn string) {
	old := c.m.gateway()
	var pairs [][2]string
	for cfg, rs := range old.assocs {
		for _, r := range rs {
			if cfg == arn || r == arn {
				pairs = append(pairs, [2]string{cfg, r})
			}
		}
	}
	if len(pairs) == 0 {
		return
	}
	g := c.gatewayEdit()
	for _, p := range pairs {
		g.assocs[p[0]] = slices.DeleteFunc(slices.Clone(g.assocs[p[0]]), func(r string) bool { return r == p[1] })
		if len(g.assocs[p[0]]) == 0 {
			delete(g.assocs, p[0])
		}
		cfg, res := p[0], p[1]
		c.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatAssociation(ctx, cfg, res) })
	}
}
