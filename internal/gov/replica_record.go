package gov

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// changeRecord is one committed change as the change log carries it to
// the other replicas of a shared store: what the write did to the model
// (the changed entries of its tables, the small values it replaced, its
// edits of the tree) and what the write asked to be recomputed. A replica
// applies it to the same version the writer started from and recomputes
// the derived state (effective policies, configuration states) exactly as
// the writer did, so the two end at the same version; the compliance
// events the writer recorded are in the store and are not recomputed.
type changeRecord struct {
	Rev int64     `json:"rev"`
	Now time.Time `json:"now"`

	Tables map[string][]recordEntry `json:"tables,omitempty"`

	Settings    map[string]string    `json:"settings,omitempty"`
	SettingsSet bool                 `json:"settingsSet,omitempty"`
	Org         *store.Organization  `json:"org,omitempty"`
	OrgSet      bool                 `json:"orgSet,omitempty"`
	Enabled     []policy.Type        `json:"enabled,omitempty"`
	EnabledSet  bool                 `json:"enabledSet,omitempty"`
	Services    map[string]time.Time `json:"services,omitempty"`
	ServicesSet bool                 `json:"servicesSet,omitempty"`
	// TreeOps are the tree's edits; TreeNodes the whole new tree when the
	// write replaced it (TreeSet with none: no tree any more).
	TreeOps   []treeOp `json:"treeOps,omitempty"`
	TreeNodes []treeOp `json:"treeNodes,omitempty"`
	TreeSet   bool     `json:"treeSet,omitempty"`

	AttachSeq int64 `json:"attachSeq"`
	CauseSeq  int64 `json:"causeSeq"`
	EventSeq  int64 `json:"eventSeq"`

	EffDirty map[string][]string `json:"effDirty,omitempty"`
	Touched  []string            `json:"touched,omitempty"`
	TouchAll bool                `json:"touchAll,omitempty"`

	Stacks      []StackRecord `json:"stacks,omitempty"`
	StacksReset bool          `json:"stacksReset,omitempty"`
}

// recordEntry is one changed entry of a table; Value is the table's value
// as JSON, in the form recordCodecs gives for the tables with parsed or
// derived parts.
type recordEntry struct {
	Key     string          `json:"k"`
	Value   json.RawMessage `json:"v,omitempty"`
	Deleted bool            `json:"d,omitempty"`
}

// recordCodec carries the values of a table whose records hold more than
// what is stored: parsed documents, or derived states.
type recordCodec struct {
	// encode gives what travels for v, the new value; old is the
	// writer's value before the change (nil when the key is new), which
	// the replica has too.
	encode func(v, old any) any
	decode func(raw json.RawMessage, old any) (any, error)
}

var recordCodecs = map[string]recordCodec{
	"Policies": {
		encode: func(v, _ any) any { return v.(*snapshot.PolicyRec).Policy },
		decode: func(raw json.RawMessage, _ any) (any, error) {
			var p store.Policy
			if err := json.Unmarshal(raw, &p); err != nil {
				return nil, err
			}
			return parsePolicyRecord(p)
		},
	},
	"Roles": {
		encode: func(v, _ any) any { return v.(*snapshot.RoleRec).RolePermissions },
		decode: func(raw json.RawMessage, _ any) (any, error) {
			var r store.RolePermissions
			if err := json.Unmarshal(raw, &r); err != nil {
				return nil, err
			}
			rec := &snapshot.RoleRec{RolePermissions: r}
			for _, p := range r.InlinePolicies {
				doc, _ := iam.ParseManaged(p.Document, iam.Identity)
				rec.Inline = append(rec.Inline, doc)
			}
			return rec, nil
		},
	},
	"CustomerPolicies": {
		encode: func(v, _ any) any { return v.(*snapshot.CustomerPolicyRec).ManagedPolicy },
		decode: func(raw json.RawMessage, _ any) (any, error) {
			var p store.ManagedPolicy
			if err := json.Unmarshal(raw, &p); err != nil {
				return nil, err
			}
			doc, _ := iam.ParseManaged(p.Document, iam.Identity)
			return &snapshot.CustomerPolicyRec{ManagedPolicy: p, Parsed: doc}, nil
		},
	},
	// An account's configurations travel as what changed against the
	// account's previous ones (a write changes one configuration of an
	// account that may have hundreds), without their states, which the
	// replica recomputes (the account is re-checked); states of
	// configurations it already had are kept meanwhile.
	"Chats": {encode: encodeAccountChats, decode: decodeAccountChats},
}

// accountChatsDelta is an account's configurations against its previous
// ones: those set (new or changed) and the ARNs of those removed.
type accountChatsDelta struct {
	Set     []*snapshot.ChatRec `json:"set,omitempty"`
	Removed []string            `json:"removed,omitempty"`
	None    bool                `json:"none,omitempty"` // the account has none left
}

func encodeAccountChats(v, oldAny any) any {
	a := v.(*snapshot.AccountChats)
	old, _ := oldAny.(*snapshot.AccountChats)
	if a == nil {
		return accountChatsDelta{None: true}
	}
	var d accountChatsDelta
	for _, c := range a.Configs {
		if i := old.Find(c.ARN); i < 0 || old.Configs[i] != c {
			d.Set = append(d.Set, c)
		}
	}
	if old != nil {
		for _, c := range old.Configs {
			if a.Find(c.ARN) < 0 {
				d.Removed = append(d.Removed, c.ARN)
			}
		}
	}
	return d
}

func decodeAccountChats(raw json.RawMessage, oldAny any) (any, error) {
	var d accountChatsDelta
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, err
	}
	if d.None {
		return (*snapshot.AccountChats)(nil), nil
	}
	a, _ := oldAny.(*snapshot.AccountChats)
	for _, arn := range d.Removed {
		i := a.Find(arn)
		if i < 0 {
			return nil, fmt.Errorf("configuration %s, removed, is not the account's", arn)
		}
		a = a.Without(i)
	}
	for _, c := range d.Set {
		st := snapshot.ChatState{}
		if i := a.Find(c.ARN); i >= 0 {
			st = a.States[i]
		}
		a = a.With(c, st)
	}
	if a == nil {
		a = &snapshot.AccountChats{}
	}
	return a, nil
}

// newRecord describes what c did to the model so far (fn's edits, before
// the derived state is recomputed). It fails only when a value does not
// encode, which would be a bug.
func (c *change) newRecord() (*changeRecord, error) {
	old, m := c.old.Model, c.m.Model
	r := &changeRecord{Now: c.now, AttachSeq: m.AttachSeq, EffDirty: c.effDirty, TouchAll: c.touchAll,
		Stacks: c.stackPuts, StacksReset: c.stacksReset}
	var err error
	snapshot.TableChanges(old, m, func(table string, entries []snapshot.Entry) {
		codec, custom := recordCodecs[table]
		out := make([]recordEntry, 0, len(entries))
		for _, e := range entries {
			re := recordEntry{Key: e.Key, Deleted: e.Deleted}
			if !e.Deleted {
				v := e.Value
				if custom {
					v = codec.encode(v, e.Old)
				}
				raw, jerr := json.Marshal(v)
				if jerr != nil && err == nil {
					err = fmt.Errorf("encoding %s %q: %w", table, e.Key, jerr)
				}
				re.Value = raw
			}
			out = append(out, re)
		}
		if r.Tables == nil {
			r.Tables = map[string][]recordEntry{}
		}
		r.Tables[table] = out
	})
	if err != nil {
		return nil, err
	}
	if !sameMapOf(old.Settings, m.Settings) {
		r.Settings, r.SettingsSet = m.Settings, true
	}
	if old.Org != m.Org {
		r.OrgSet = true
		if m.Org != nil {
			o := m.Org.Organization
			r.Org = &o
		}
	}
	if !sameMapOf(old.Enabled, m.Enabled) {
		r.EnabledSet = true
		r.Enabled = slices.Sorted(maps.Keys(m.Enabled))
	}
	if !sameMapOf(old.Services, m.Services) {
		r.Services, r.ServicesSet = m.Services, true
	}
	switch {
	case old.Tree == m.Tree:
	case c.treeCopied && len(c.treeOps) > 0 && c.treeCopy == m.Tree:
		r.TreeOps = c.treeOps
	default:
		r.TreeSet = true
		if m.Tree != nil {
			r.TreeNodes = treeNodes(m.Tree)
		}
	}
	for id := range c.touched {
		r.Touched = append(r.Touched, id)
	}
	slices.Sort(r.Touched)
	return r, nil
}

// sameMapOf reports whether two maps are the same map.
func sameMapOf[M ~map[K]V, K comparable, V any](a, b M) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}
