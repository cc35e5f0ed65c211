package iam

import (
	"slices"
	"strings"
)

// Request is one request to authorize: an action on a resource, with the
// condition keys of its request context.
type Request struct {
	// Action is "service:ActionName", for example "rds:DeleteDBCluster".
	// It matches case-insensitively.
	Action string
	// Resource is the ARN the action is on, or "*" for actions that take no
	// resource. It matches case-sensitively.
	Resource string
	// Context holds the condition keys, such as aws:ChatbotSourceArn, and
	// the values of policy variables, such as aws:username. It is not
	// filled from Principal: a caller sets aws:PrincipalArn and the other
	// keys it wants conditions to see.
	Context Context
	// Principal is the caller, for resource-based policies' Principal and
	// NotPrincipal elements; other policies do not look at it.
	Principal Principal
}

// Context is a request context: condition keys and their values. Key names
// are case-insensitive, as in IAM; values are kept as given. A single-valued
// key holds one value. A key set with no values counts as absent. The zero
// Context is empty and ready to use.
type Context struct {
	entries []contextEntry
}

type contextEntry struct {
	key    string // lower-cased
	name   string // as first given
	values []string
}

// NewContext returns a context holding a copy of values. Names that differ
// only in case are one key; their values are combined in the order of the
// names' byte order, so the result does not depend on map iteration order.
func NewContext(values map[string][]string) Context {
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	c := Context{entries: make([]contextEntry, 0, len(names))}
	for _, name := range names {
		key := lowerKey(name)
		if i := c.index(key); i >= 0 {
			c.entries[i].values = append(c.entries[i].values, values[name]...)
			continue
		}
		c.entries = append(c.entries, contextEntry{key: key, name: name, values: slices.Clone(values[name])})
	}
	return c
}

// Set replaces the values of the key name (matched case-insensitively) with a
// copy of values, adding the key if it is new.
func (c *Context) Set(name string, values ...string) {
	key := lowerKey(name)
	vals := slices.Clone(values)
	// Never write to the shared backing array: a Context copied by value
	// must not change when the copy is changed.
	if i := c.index(key); i >= 0 {
		c.entries = slices.Clone(c.entries)
		c.entries[i].values = vals
		return
	}
	c.entries = append(slices.Clip(c.entries), contextEntry{key: key, name: name, values: vals})
}

// Get returns the values of the key name, matched case-insensitively, and
// whether the key is present with at least one value. The returned slice
// must not be modified.
func (c Context) Get(name string) ([]string, bool) {
	v := c.lookup(lowerKey(name))
	return v, len(v) > 0
}

// Len returns the number of keys.
func (c Context) Len() int { return len(c.entries) }

// Names returns the key names in the order they were added, as first
// spelled.
func (c Context) Names() []string {
	names := make([]string, len(c.entries))
	for i, e := range c.entries {
		names[i] = e.name
	}
	return names
}

func (c *Context) index(key string) int {
	for i := range c.entries {
		if c.entries[i].key == key {
			return i
		}
	}
	return -1
}

// lookup returns the values of an already lower-cased key, or nil. A linear
// scan beats a map for the handful of keys a request carries, and needs no
// map to be built per request.
func (c *Context) lookup(key string) []string {
	for i := range c.entries {
		if c.entries[i].key == key {
			return c.entries[i].values
		}
	}
	return nil
}

// lowerKeys are the global condition keys chatgov's requests carry, lower
// case: strings.ToLower would allocate each for every request.
var lowerKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{"aws:PrincipalType", "aws:SecureTransport", "aws:ChatbotSourceArn", "aws:PrincipalArn",
		"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:RequestedRegion", "aws:CurrentTime", "aws:EpochTime",
		"aws:SourceIp", "aws:UserAgent", "aws:username", "aws:userid", "aws:PrincipalTag", "aws:ResourceTag"} {
		m[k] = strings.ToLower(k)
	}
	return m
}()

// lowerKey is strings.ToLower(name), from lowerKeys when it is there.
func lowerKey(name string) string {
	if k, ok := lowerKeys[name]; ok {
		return k
	}
	return strings.ToLower(name)
}
