package policy

import (
	"fmt"
	"strconv"

	"github.com/chatgov/chatgov/internal/jsondoc"
)

// Codes of effective-policy validation errors: changes that a merge ignored,
// and effective policies over a quota. They are the ErrorCode values of
// ListEffectivePolicyValidationErrors.
const (
	// CodeOperatorNotAllowed: a child used an operator an ancestor disallowed (D2).
	CodeOperatorNotAllowed = "OPERATOR_NOT_ALLOWED"
	// CodeDuplicateAssign: a later peer on the same node assigned a setting
	// the first-attached policy already assigned (D1).
	CodeDuplicateAssign = "DUPLICATE_ASSIGNMENT"
	// CodeRemoveNoEffect: a value was removed from a list that still holds
	// the wildcard "*" (D4).
	CodeRemoveNoEffect = "REMOVE_HAS_NO_EFFECT"
	// CodeNotWidened: a child tried to allow operators an ancestor disallowed.
	CodeNotWidened = "CHILD_CONTROL_NOT_WIDENED"
	// CodeTypeConflict: a document treats a path as a value where the
	// inherited policy holds nested settings, or the reverse (schemaless types).
	CodeTypeConflict = "TYPE_CONFLICT"
	// CodeTypeMismatch: a policy of another type, or not parsed, was applied.
	CodeTypeMismatch = "POLICY_TYPE_MISMATCH"
	// CodeElementsTooMany: the effective policy exceeds a list or map quota.
	CodeElementsTooMany = "ELEMENTS_TOO_MANY"
)

// ValidationError is one problem of an effective policy: a change the merge
// ignored, or a quota the merged result exceeds.
type ValidationError struct {
	Code string
	// Path is the JSON path of the setting concerned.
	Path    string
	Message string
	// Change is the policy change that was ignored, or nil for a quota error.
	Change *Source
	// Contributing are the other policies involved: the restriction that
	// forbade the change, the peer whose assignment won, ...
	Contributing []*Source
}

// ContributingPolicies returns the IDs of every policy involved, the
// ignored change's first, without repeats.
func (e ValidationError) ContributingPolicies() []string {
	var ids []string
	add := func(s *Source) {
		if s == nil {
			return
		}
		for _, id := range ids {
			if id == s.PolicyID {
				return
			}
		}
		ids = append(ids, s.PolicyID)
	}
	add(e.Change)
	for _, s := range e.Contributing {
		add(s)
	}
	return ids
}

func (e ValidationError) String() string {
	if e.Change == nil {
		return fmt.Sprintf("%s %s: %s", e.Code, e.Path, e.Message)
	}
	return fmt.Sprintf("%s %s: %s by policy %s (%s) on %s: %s", e.Code, e.Path, e.Change.Operator.name(),
		e.Change.PolicyID, e.Change.PolicyName, e.Change.Target.ID, e.Message)
}

func (a *applier) report(code, path, msg string, change *Source, contributing []*Source) {
	a.errs = append(a.errs, ValidationError{Code: code, Path: path, Message: msg, Change: change, Contributing: contributing})
}

// ValidationErrors returns every problem of the effective policy: the
// changes ignored at each level from the root down, then any quota the
// merged result exceeds.
func (s *State) ValidationErrors() []ValidationError {
	var levels [][]ValidationError
	n := 0
	for st := s; st != nil; st = st.parent {
		if len(st.errs) > 0 {
			levels = append(levels, st.errs)
			n += len(st.errs)
		}
	}
	quota := s.quotaErrors()
	out := make([]ValidationError, 0, n+len(quota))
	for i := len(levels) - 1; i >= 0; i-- {
		out = append(out, levels[i]...)
	}
	return append(out, quota...)
}

// quotaErrors checks the effective policy against the list and map quotas
// of the type's schema. Quotas apply to the merged result because appends
// from several levels can exceed what any one document may hold.
func (s *State) quotaErrors() []ValidationError {
	s.quotaOnce.Do(func() {
		info, _ := Lookup(s.typ)
		if info.Schema != nil {
			s.quotaErrs = checkQuota(s.root, info.Schema, jsondoc.Root, nil)
		}
	})
	return s.quotaErrs
}

func checkQuota(n *enode, sc *Schema, path string, out []ValidationError) []ValidationError {
	switch sc.Kind {
	case Block:
		for _, k := range n.kids {
			if f := sc.Fields[k.key]; f != nil {
				out = checkQuota(k, f, jsondoc.Key(path, k.key), out)
			}
		}
	case Map:
		count := 0
		for _, k := range n.kids {
			if hasContent(k) {
				count++
			}
		}
		if sc.MaxKeys > 0 && count > sc.MaxKeys {
			out = append(out, ValidationError{Code: CodeElementsTooMany, Path: path, Message: "the effective policy has " +
				strconv.Itoa(count) + " entries here; at most " + strconv.Itoa(sc.MaxKeys) + " are allowed"})
		}
		for _, k := range n.kids {
			out = checkQuota(k, sc.Elem, jsondoc.Key(path, k.key), out)
		}
	case ListSetting:
		if sc.MaxItems > 0 && n.kind == listValue && len(n.elems) > sc.MaxItems {
			out = append(out, ValidationError{Code: CodeElementsTooMany, Path: path, Message: "the effective list has " +
				strconv.Itoa(len(n.elems)) + " values; at most " + strconv.Itoa(sc.MaxItems) + " are allowed"})
		}
	}
	return out
}

func hasContent(n *enode) bool {
	if n.kind != noValue {
		return true
	}
	for _, k := range n.kids {
		if hasContent(k) {
			return true
		}
	}
	return false
}
