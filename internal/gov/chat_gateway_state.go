package gov

import (
	"context"
	"slices"

	"github.com/chatgov/chatgov/internal/store"
)

// The chat gateway's state lives in three tables of the snapshot:
// SigningSecrets (by secretKey), CustomActions (by ARN) and Associations
// (a configuration's resources, by the configuration's ARN, sorted).

// secretKey is a signing secret's key in SigningSecrets.
type secretKey struct{ platform, workspace string }

func (k secretKey) String() string { return k.platform + "/" + k.workspace }

// loadGatewayState fills the gateway's tables from what the store loaded.
func (m model) loadGatewayState(st *store.State) {
	for _, s := range st.SigningSecrets {
		m.SigningSecrets.Set(secretKey{s.Platform, s.WorkspaceID}.String(), s.Secret)
	}
	for i := range st.CustomActions {
		a := st.CustomActions[i]
		m.CustomActions.Set(a.ARN, &a)
	}
	byConfig := map[string][]string{}
	for _, a := range st.ChatAssociations {
		byConfig[a.ConfigurationARN] = append(byConfig[a.ConfigurationARN], a.ResourceARN)
	}
	for cfg, rs := range byConfig {
		slices.Sort(rs)
		m.Associations.Set(cfg, rs)
	}
}

// dropAssociations forgets the associations of a configuration or of a
// resource that is being deleted, and queues their deletion.
func (c *change) dropAssociations(arn string) {
	var pairs [][2]string
	c.m.Associations.Range(func(cfg string, rs []string) bool {
		for _, r := range rs {
			if cfg == arn || r == arn {
				pairs = append(pairs, [2]string{cfg, r})
			}
		}
		return true
	})
	for _, p := range pairs {
		cfg, res := p[0], p[1]
		cur, _ := c.m.Associations.Get(cfg)
		if next := slices.DeleteFunc(slices.Clone(cur), func(r string) bool { return r == res }); len(next) == 0 {
			c.m.Associations.Delete(cfg)
		} else {
			c.m.Associations.Set(cfg, next)
		}
		c.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatAssociation(ctx, cfg, res) })
	}
}
