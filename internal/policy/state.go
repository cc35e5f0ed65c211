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
	// setAt is the level at which the node first held a value. A setting
	// set by an earlier level is governed only by the restrictions declared
	// on it, not by those of the objects enclosing it.
	setAt int
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
// every @@append of the node's policies applies, in attach order; then
// every @@remove, in attach order (AWS applies all of a node's appends
// before any of its removes); then the node's child-control restrictions
// are added, which bind only the levels below. A change an ancestor's
// restriction forbids is ignored and recorded as a ValidationError, as are
// the other conflicts described in the package doc.
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
	for _, ph := range []phase{phaseAssign, phaseAppend, phaseRemove, phaseControl} {
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
	phaseAppend
	phaseRemove
	phaseControl
)

func (p phase) mask() uint8 {
	switch p {
	case phaseAssign:
		return hasAssign
	case phaseAppend:
		// The append phase also checks declared restrictions against the
		// inherited ones, before this level's restrictions are added.
		return hasAppend | hasChildCtl
	case phaseRemove:
		return hasRemove
	}
	return hasChildCtl
}

// op is the value operator the phase applies.
func (p phase) op() Operator {
	switch p {
	case phaseAssign:
		return Assign
	case phaseAppend:
		return Append
	case phaseRemove:
		return Remove
	}
	return ChildControl
}

type applier struct {
	level   int
	root    *enode
	sources []Source
	policy  int
	errs    []ValidationError
	// restrictors holds the nodes whose restrictions govern the current path.
	restrictors []restrictor
	// setting is restrictors' storage while an inherited setting is visited.
	setting [1]restrictor
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
//
// A restriction on an enclosing object governs the settings a child adds
// under it, but not a setting an earlier level already set: that one is
// governed only by the restrictions declared on it (observed AWS
// behaviour: @@none on a tag's object does not lock its tag_value).
func (a *applier) walk(dn *Node, en *enode, allowed OpSet, ph phase) {
	for _, dc := range dn.Children {
		if dc.subtree&ph.mask() == 0 {
			continue
		}
		ec := en.find(dc.Key)
		if ec != nil && ec.kind != noValue && ec.setAt < a.level {
			enclosing := a.restrictors
			a.restrictors = a.setting[:0]
			ca := AllOps
			if ec.restrSet {
				ca = ec.restr
				a.restrictors = append(a.restrictors, restrictor{ec, dc.Path})
			}
			a.visit(dc, ec, ca, ph)
			a.restrictors = enclosing
			continue
		}
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
		if ov := dn.Op(Assign); ov != nil {
			a.assign(dn, ov, en, allowed)
		}
	case phaseRemove:
		if ov := dn.Op(Remove); ov != nil {
			a.edit(dn, ov, en, allowed)
		}
	case phaseAppend:
		if ov := dn.Op(Append); ov != nil {
			a.edit(dn, ov, en, allowed)
		}
		if dn.HasChildOps && dn.ChildOps&^allowed != 0 {
			a.report(CodeNotWidened, dn.Path, "this policy allows "+dn.ChildOps.String()+
				" for child policies, but "+a.describeRestrictors(dn.ChildOps&^allowed, dn.Path)+
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
		op := ph.op()
		if op == ChildControl && !c.HasChildOps || op != ChildControl && c.Op(op) == nil {
			op = 0
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

func (a *applier) assign(dn *Node, ov *OpValue, en *enode, allowed OpSet) {
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
	if n.kind == noValue {
		n.setAt = a.level
	}
	n.kind = scalarValue
	if ov.List {
		n.kind = listValue
	}
	n.elems = make([]Elem, len(ov.Values))
	for i, v := range ov.Values {
		n.elems[i] = Elem{Value: v, Source: src}
	}
	n.src, n.removed, n.assignedAt = src, nil, a.level
}

func (a *applier) edit(dn *Node, ov *OpValue, en *enode, allowed OpSet) {
	op := ov.Op
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
	fold := dn.Schema != nil && dn.Schema.CaseInsensitive
	n := a.own(dn.Keys)
	if n.kind == noValue {
		n.setAt = a.level
	}
	n.kind = listValue
	if op == Append {
		n.elems = appendNew(n.elems, ov.Values, src, fold)
		return
	}
	kept, removed := removeValues(n.elems, ov.Values, fold)
	if len(removed) > 0 {
		n.elems = kept
		n.removed = append([]Elem(nil), n.removed...)
		for _, v := range removed {
			n.removed = append(n.removed, Elem{Value: v, Source: src})
		}
	}
	if dn.Schema != nil && dn.Schema.Wildcard && indexOf(n.elems, Str(Wildcard)) >= 0 {
		for _, v := range ov.Values {
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
// With fold, values compare without regard to case.
func appendNew(elems []Elem, values []Scalar, src *Source, fold bool) []Elem {
	out := make([]Elem, len(elems), len(elems)+len(values))
	copy(out, elems)
	var seen map[Scalar]bool
	if len(elems)+len(values) > scanLimit {
		seen = make(map[Scalar]bool, len(elems)+len(values))
		for _, e := range elems {
			seen[setKey(e.Value, fold)] = true
		}
	}
	for _, v := range values {
		if seen != nil {
			k := setKey(v, fold)
			if seen[k] {
				continue
			}
			seen[k] = true
		} else if indexOfFold(out, v, fold) >= 0 {
			continue
		}
		out = append(out, Elem{Value: v, Source: src})
	}
	return out
}

// removeValues returns elems without values, and the values it took out in
// list order. When nothing is removed, kept is nil. With fold, values
// compare without regard to case.
func removeValues(elems []Elem, values []Scalar, fold bool) (kept []Elem, removed []Scalar) {
	var drop map[Scalar]bool
	if len(values) > scanLimit {
		drop = make(map[Scalar]bool, len(values))
		for _, v := range values {
			drop[setKey(v, fold)] = true
		}
	}
	dropped := func(v Scalar) bool {
		if drop != nil {
			return drop[setKey(v, fold)]
		}
		return containsValue(values, v, fold)
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

func indexOfFold(elems []Elem, v Scalar, fold bool) int {
	for i := range elems {
		if sameValue(elems[i].Value, v, fold) {
			return i
		}
	}
	return -1
}

// notAllowed records a change that an ancestor's child-control restriction forbids.
func (a *applier) notAllowed(dn *Node, op Operator) {
	a.report(CodeOperatorNotAllowed, dn.Path, op.String()+" is not allowed for child policies here: "+
		a.describeRestrictors(OpSet(op), dn.Path)+"; the change is ignored", a.src(op), a.restrictorsLacking(OpSet(op)))
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

// describeRestrictors names the first restriction that forbids ops at
// path: the policy that declared it, where, and what it allows.
func (a *applier) describeRestrictors(ops OpSet, path string) string {
	for _, r := range a.restrictors {
		if r.n.restr&ops != ops && len(r.n.restrSrcs) > 0 {
			s := r.n.restrSrcs[0]
			msg := "policy " + s.PolicyID + " (" + s.PolicyName + ") on " + s.Target.ID + " allows children only " +
				r.n.restr.String() + " at " + r.path
			if r.path != path {
				msg += ", which governs the settings children add under it"
			}
			return msg
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
