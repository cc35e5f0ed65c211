package policy

import (
	"fmt"
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
)

// ValidationError is one problem of an effective policy: a change the merge
// ignored. (AWS's own example code, ELEMENTS_TOO_MANY, belongs to quotas on
// the merged result; AWS publishes none for the types chatgov knows, so
// chatgov reports none.)
type ValidationError struct {
	Code string
	// Path is the JSON path of the setting concerned.
	Path    string
	Message string
	// Change is the policy change that was ignored.
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
// changes ignored at each level, from the root down.
func (s *State) ValidationErrors() []ValidationError {
	var levels [][]ValidationError
	n := 0
	for st := s; st != nil; st = st.parent {
		if len(st.errs) > 0 {
			levels = append(levels, st.errs)
			n += len(st.errs)
		}
	}
	out := make([]ValidationError, 0, n)
	for i := len(levels) - 1; i >= 0; i-- {
		out = append(out, levels[i]...)
	}
	return out
}

// hasContent reports whether n holds a value or any nested value.
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
