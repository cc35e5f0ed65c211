package policy

import (
	"sort"
	"sync"

	"github.com/chatgov/chatgov/internal/org"
)

// Target is the node of the organization a policy is attached to.
type Target struct {
	ID   string
	Type org.NodeType
	Name string
}

// Policy is a parsed policy with its identity.
type Policy struct {
	ID   string
	Name string
	Doc  *Document
}

// ChildControl marks a Source that declared a child-control restriction.
// It is not a value operator and never appears in an OpSet.
const ChildControl Operator = 1 << 7

func (o Operator) name() string {
	if o == ChildControl {
		return KeyChildOps
	}
	return o.String()
}

// Source says which policy, attached to which node, set a value of an
// effective policy, and with which operator.
type Source struct {
	PolicyID   string
	PolicyName string
	Target     Target
	Operator   Operator
}

// Elem is one value of an effective setting and where it came from.
type Elem struct {
	Value  Scalar
	Source *Source
}

type valueKind uint8

const (
	noValue valueKind = iota
	scalarValue
	listValue
)

// enode is one node of an effective policy. Nodes are immutable once the
// State that created them is returned; a later level copies a node before
// changing it (gen records which level made the copy), so states share
// every node they do not change.
type enode struct {
	key  string
	kids []*enode // sorted by key
	kind valueKind
	// elems holds a list's items, or a scalar as its only item.
	elems []Elem
	// src is the @@assign that set the value; nil for a list that only
	// @@append built.
	src *Source
	// removed lists the items @@remove took out since the last @@assign.
	removed []Elem
	// restr is the intersection of every child-control restriction
	// declared on exactly this path by the levels applied so far.
	restr     OpSet
	restrSet  bool
	restrSrcs []*Source
	gen       int
	// assignedAt is the level whose @@assign set the value, for D1.
	assignedAt int
}

func (n *enode) find(key string) *enode {
	if n == nil {
		return nil
	}
	i := sort.Search(len(n.kids), func(i int) bool { return n.kids[i].key >= key })
	if i < len(n.kids) && n.kids[i].key == key {
		return n.kids[i]
	}
	return nil
}

func (n *enode) copyAt(gen int) *enode {
	c := *n
	c.kids = append([]*enode(nil), n.kids...)
	c.gen = gen
	return &c
}

// State is the effective policy of one type at one node of the tree: the
// result of merging every level from the root down to that node. States are
// immutable and safe for concurrent use.
type State struct {
	typ    Type
	level  int
	root   *enode
	parent *State
	// applied is true once any policy of the type has been applied.
	applied bool
	// errs are the changes ignored at this level.
	errs []ValidationError

	renderOnce sync.Once
	rendered   []byte
	quotaOnce  sync.Once
	quotaErrs  []ValidationError
}

// Empty returns the state before any policy applies: no effective policy.
func Empty(t Type) *State {
	return &State{typ: t, root: &enode{}}
}

// Type returns the policy type of the state.
func (s *State) Type() Type { return s.typ }

// Exists reports whether any policy of the type applies, that is, whether
// the node has an effective policy at all.
func (s *State) Exists() bool { return s.applied }

// Parent returns the state this one was applied to, or nil for Empty.
func (s *State) Parent() *State { return s.parent }

// Apply merges the policies attached directly to one node (in attach order)
// onto the state inherited from its parent, and returns the node's state.
// With no policies it returns s itself, so that a subtree without
// attachments shares its parent's state.
//
// At one node the first-attached @@assign of a setting sets it (D1); then
// every @@append and @@remove applies in attach order; then the node's
// child-control restrictions are added, which bind only the levels below.
// A change an ancestor's restriction forbids is ignored and recorded as a
// ValidationError, as are the other conflicts described in the package doc.
func (s *State) Apply(t Target, policies []*Policy) *State {
	if len(policies) == 0 {
		return s
	}
	a := &applier{level: s.level + 1, root: s.root.copyAt(s.level + 1)}
	a.sources = make([]Source, 4*len(policies))
	for i, p := range policies {
		for j, op := range []Operator{Assign, Append, Remove, ChildControl} {
			a.sources[4*i+j] = Source{PolicyID: p.ID, PolicyName: p.Name, Target: t, Operator: op}
		}
	}
	valid := make([]bool, len(policies))
	for i, p := range policies {
		if p.Doc == nil || p.Doc.Type != s.typ {
			a.report(CodeTypeMismatch, "$", "the policy is not a parsed "+string(s.typ)+" document; it was ignored",
				&a.sources[4*i], nil)
			continue
		}
		valid[i] = true
	}
	for _, ph := range []phase{phaseAssign, phaseEdit, phaseControl} {
		for i, p := range policies {
			if valid[i] {
				a.policy = i
				a.walkRoot(p.Doc.Root, ph)
			}
		}
	}
	return &State{typ: s.typ, level: a.level, root: a.root, parent: s, applied: true, errs: a.errs}
}

type phase uint8

const (
	phaseAssign phase = iota
	phaseEdit
	phaseControl
)

func (p phase) mask() uint8 {
	switch p {
	case phaseAssign:
		return hasAssign
	case phaseEdit:
		// The edit phase also checks declared restrictions against the
		// inherited ones, before this level's restrictions are added.
		return hasEdit | hasChildCtl
	}
	return hasChildCtl
}

type applier struct {
	level   int
	root    *enode
	sources []Source
	policy  int
	errs    []ValidationError
	// restrictors holds the nodes with restrictions on the current path.
	restrictors []restrictor
}

type restrictor struct {
	n    *enode
	path string
}

func (a *applier) src(op Operator) *Source {
	switch op {
	case Assign:
		return &a.sources[4*a.policy]
	case Append:
		return &a.sources[4*a.policy+1]
	case Remove:
		return &a.sources[4*a.policy+2]
	}
	return &a.sources[4*a.policy+3]
}

func (a *applier) walkRoot(dn *Node, ph phase) {
	if dn.subtree&ph.mask() == 0 {
		return
	}
	allowed := AllOps
	a.restrictors = a.restrictors[:0]
	if a.root.restrSet {
		allowed = a.root.restr
		a.restrictors = append(a.restrictors, restrictor{a.root, dn.Path})
	}
	a.visit(dn, a.root, allowed, ph)
}

// walk visits the children of document node dn alongside effective node en
// (nil where the effective policy has nothing yet). allowed is the set of
// operators the ancestors' restrictions leave for dn's path.
func (a *applier) walk(dn *Node, en *enode, allowed OpSet, ph phase) {
	for _, dc := range dn.Children {
		if dc.subtree&ph.mask() == 0 {
			continue
		}
		ec := en.find(dc.Key)
		ca := allowed
		pushed := false
		if ec != nil && ec.restrSet {
			ca &= ec.restr
			a.restrictors = append(a.restrictors, restrictor{ec, dc.Path})
			pushed = true
		}
		a.visit(dc, ec, ca, ph)
		if pushed {
			a.restrictors = a.restrictors[:len(a.restrictors)-1]
		}
	}
}

func (a *applier) visit(dn *Node, en *enode, allowed OpSet, ph phase) {
	switch ph {
	case phaseAssign:
		if dn.Op == Assign {
			a.assign(dn, en, allowed)
		}
	case phaseEdit:
		if dn.Op == Append || dn.Op == Remove {
			a.edit(dn, en, allowed)
		}
		if dn.HasChildOps && dn.ChildOps&^allowed != 0 {
			a.report(CodeNotWidened, dn.Path, "this policy allows "+dn.ChildOps.String()+
				" for child policies, but "+a.describeRestrictors(dn.ChildOps&^allowed)+
				"; a restriction can only narrow, so "+allowed.String()+" stays in force", a.src(ChildControl), a.restrictorsLacking(dn.ChildOps&^allowed))
		}
	case phaseControl:
		if dn.HasChildOps {
			n := a.own(dn.Keys)
			if n.restrSet {
				n.restr &= dn.ChildOps
			} else {
				n.restr, n.restrSet = dn.ChildOps, true
			}
			n.restrSrcs = append(n.restrSrcs[:len(n.restrSrcs):len(n.restrSrcs)], a.src(ChildControl))
		}
	}
	if len(dn.Children) == 0 {
		return
	}
	if en != nil && en.kind != noValue {
		a.conflictBelow(dn, dn.Path, ph)
		return
	}
	a.walk(dn, en, allowed, ph)
}

// conflictBelow reports every change of the phase nested under dn, which
// cannot apply because the inherited policy holds a value at valuePath.
func (a *applier) conflictBelow(dn *Node, valuePath string, ph phase) {
	for _, c := range dn.Children {
		var op Operator
		switch {
		case ph == phaseAssign && c.Op == Assign:
			op = Assign
		case ph == phaseEdit && (c.Op == Append || c.Op == Remove):
			op = c.Op
		case ph == phaseControl && c.HasChildOps:
			op = ChildControl
		}
		if op != 0 {
			a.conflict(c, op, "the inherited policy sets a value at "+valuePath+
				", so settings nested under it are ignored")
		}
		a.conflictBelow(c, valuePath, ph)
	}
}

func (a *applier) conflict(dn *Node, op Operator, msg string) {
	a.report(CodeTypeConflict, dn.Path, msg, a.src(op), nil)
}

func (a *applier) assign(dn *Node, en *enode, allowed OpSet) {
	src := a.src(Assign)
	switch {
	case !allowed.Has(Assign):
		a.notAllowed(dn, Assign)
		return
	case en != nil && len(en.kids) > 0:
		a.conflict(dn, Assign, "the inherited policy holds nested settings at this path, so this value is ignored")
		return
	case en != nil && en.assignedAt == a.level:
		a.report(CodeDuplicateAssign, dn.Path, "another policy attached earlier to the same node already assigns this setting; the first-attached assignment wins",
			src, []*Source{en.src})
		return
	}
	n := a.own(dn.Keys)
	n.kind = scalarValue
	if dn.List {
		n.kind = listValue
	}
	n.elems = make([]Elem, len(dn.Values))
	for i, v := range dn.Values {
		n.elems[i] = Elem{Value: v, Source: src}
	}
	n.src, n.removed, n.assignedAt = src, nil, a.level
}

func (a *applier) edit(dn *Node, en *enode, allowed OpSet) {
	op := dn.Op
	src := a.src(op)
	switch {
	case !allowed.Has(op):
		a.notAllowed(dn, op)
		return
	case en != nil && len(en.kids) > 0:
		a.conflict(dn, op, "the inherited policy holds nested settings at this path, so "+op.String()+" is ignored")
		return
	case en != nil && en.kind == scalarValue:
		a.conflict(dn, op, op.String()+" applies to lists, but the inherited value is a single value; the change is ignored")
		return
	case op == Remove && (en == nil || en.kind == noValue):
		return // nothing inherited to remove from
	}
	n := a.own(dn.Keys)
	n.kind = listValue
	if op == Append {
		n.elems = appendNew(n.elems, dn.Values, src)
		return
	}
	kept, removed := removeValues(n.elems, dn.Values)
	if len(removed) > 0 {
		n.elems = kept
		n.removed = append([]Elem(nil), n.removed...)
		for _, v := range removed {
			n.removed = append(n.removed, Elem{Value: v, Source: src})
		}
	}
	if dn.Schema != nil && dn.Schema.Wildcard && indexOf(n.elems, Str(Wildcard)) >= 0 {
		for _, v := range dn.Values {
			if v.Text != Wildcard {
				a.report(CodeRemoveNoEffect, dn.Path, "removing "+string(v.AppendJSON(nil))+
					` has no effect: the list still holds "*", which allows every value`, src, wildcardSources(n.elems))
			}
		}
	}
}

// Lists longer than scanLimit are checked through a map, so that @@append
// and @@remove stay linear in the sizes of the list and of their values.
const scanLimit = 16

// appendNew returns a copy of elems with the values not yet present added.
func appendNew(elems []Elem, values []Scalar, src *Source) []Elem {
	out := make([]Elem, len(elems), len(elems)+len(values))
	copy(out, elems)
	var seen map[Scalar]bool
	if len(elems)+len(values) > scanLimit {
		seen = make(map[Scalar]bool, len(elems)+len(values))
		for _, e := range elems {
			seen[e.Value] = true
		}
	}
	for _, v := range values {
		if seen != nil {
			if seen[v] {
				continue
			}
			seen[v] = true
		} else if indexOf(out, v) >= 0 {
			continue
		}
		out = append(out, Elem{Value: v, Source: src})
	}
	return out
}

// removeValues returns elems without values, and the values it took out in
// list order. When nothing is removed, kept is nil.
func removeValues(elems []Elem, values []Scalar) (kept []Elem, removed []Scalar) {
	var drop map[Scalar]bool
	if len(values) > scanLimit {
		drop = make(map[Scalar]bool, len(values))
		for _, v := range values {
			drop[v] = true
		}
	}
	dropped := func(v Scalar) bool {
		if drop != nil {
			return drop[v]
		}
		for _, x := range values {
			if x == v {
				return true
			}
		}
		return false
	}
	for i, e := range elems {
		if !dropped(e.Value) {
			if removed != nil {
				kept = append(kept, e)
			}
			continue
		}
		if removed == nil {
			kept = append(make([]Elem, 0, len(elems)-1), elems[:i]...)
		}
		removed = append(removed, e.Value)
	}
	return kept, removed
}

func wildcardSources(elems []Elem) []*Source {
	for _, e := range elems {
		if e.Value.Text == Wildcard {
			return []*Source{e.Source}
		}
	}
	return nil
}

func indexOf(elems []Elem, v Scalar) int {
	for i := range elems {
		if elems[i].Value == v {
			return i
		}
	}
	return -1
}

// notAllowed records a change that an ancestor's child-control restriction forbids.
func (a *applier) notAllowed(dn *Node, op Operator) {
	a.report(CodeOperatorNotAllowed, dn.Path, op.String()+" is not allowed for child policies here: "+
		a.describeRestrictors(OpSet(op))+"; the change is ignored", a.src(op), a.restrictorsLacking(OpSet(op)))
}

// restrictorsLacking returns the sources of the restrictions on the current
// path that do not allow every operator of ops.
func (a *applier) restrictorsLacking(ops OpSet) []*Source {
	var by []*Source
	for _, r := range a.restrictors {
		if r.n.restr&ops != ops {
			by = append(by, r.n.restrSrcs...)
		}
	}
	return by
}

// describeRestrictors names the first restriction that forbids ops: the
// policy that declared it, where, and what it allows.
func (a *applier) describeRestrictors(ops OpSet) string {
	for _, r := range a.restrictors {
		if r.n.restr&ops != ops && len(r.n.restrSrcs) > 0 {
			s := r.n.restrSrcs[0]
			return "policy " + s.PolicyID + " (" + s.PolicyName + ") on " + s.Target.ID + " allows children only " +
				r.n.restr.String() + " at " + r.path
		}
	}
	return "an ancestor restricts it"
}

// own returns the node at keys, copied into this level if an earlier level
// made it, and created (with any missing ancestors) if absent.
func (a *applier) own(keys []string) *enode {
	n := a.root
	for _, k := range keys {
		i := sort.Search(len(n.kids), func(i int) bool { return n.kids[i].key >= k })
		if i < len(n.kids) && n.kids[i].key == k {
			c := n.kids[i]
			if c.gen != a.level {
				c = c.copyAt(a.level)
				n.kids[i] = c
			}
			n = c
			continue
		}
		c := &enode{key: k, gen: a.level}
		n.kids = append(n.kids, nil)
		copy(n.kids[i+1:], n.kids[i:])
		n.kids[i] = c
		n = c
	}
	return n
}
