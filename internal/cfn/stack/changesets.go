package stack

import (
	"context"
	"regexp"
	"strings"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

var reChangeSetName = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

// ChangeSetInput is what CreateChangeSet is given.
type ChangeSetInput struct {
	Input
	ChangeSetName string
	// Type is CREATE, UPDATE (the default) or IMPORT (refused).
	Type        string
	Description string
}

const noChanges = "The submitted information didn't contain changes. Submit different information to create a change set."

// CreateChangeSet plans a deployment without running it: for a CREATE
// change set the stack is made in REVIEW_IN_PROGRESS. The change set's
// own status says whether it could be planned (CREATE_COMPLETE, or
// FAILED with the reason, e.g. no changes). It returns the change set's
// and the stack's IDs. Errors: ValidationError (names, the stack's
// existence for the type, the template and parameters),
// AlreadyExistsException (a change set of that name on the stack).
func (r *Runner) CreateChangeSet(ctx context.Context, c gov.Caller, in ChangeSetInput) (string, string, error) {
	defer r.begin(ctx)()
	if !reChangeSetName.MatchString(in.ChangeSetName) {
		return "", "", validation("1 validation error detected: Value '" + in.ChangeSetName + "' at 'changeSetName' failed to satisfy constraint: " +
			"Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")
	}
	typ := in.Type
	if typ == "" {
		typ = "UPDATE"
	}
	if typ == "IMPORT" {
		return "", "", validation("chatgov does not import existing resources into stacks (ChangeSetType IMPORT)")
	}
	if err := checkStackName(in.StackName); err != nil && !strings.HasPrefix(in.StackName, "arn:") {
		return "", "", err
	}
	s, exists := r.live(c, in.StackName)
	switch {
	case typ == "CREATE" && exists && s.Status != StatusReviewInProgress:
		return "", "", validation("Stack [" + in.StackName + "] already exists and cannot be created again with the changeSet [" + in.ChangeSetName + "].")
	case typ == "UPDATE" && !exists:
		return "", "", validation("Stack [" + in.StackName + "] does not exist")
	case typ == "UPDATE" && s.Status == StatusReviewInProgress:
		return "", "", validation("Stack [" + in.StackName + "] does not exist")
	case typ != "CREATE" && typ != "UPDATE":
		return "", "", validation("1 validation error detected: Value '" + typ + "' at 'changeSetType' failed to satisfy constraint: Member must satisfy enum value set: [IMPORT, UPDATE, CREATE]")
	}
	if exists {
		for _, cs := range s.ChangeSets {
			if cs.Name == in.ChangeSetName {
				return "", "", &Error{Code: CodeAlreadyExists, Message: "ChangeSet [" + in.ChangeSetName + "] already exists"}
			}
		}
	}
	body, err := in.body(s)
	if err != nil {
		return "", "", err
	}
	fresh := !exists
	if fresh {
		s = r.newStack(c, in.Input)
	}
	var previous map[string]string
	if typ == "UPDATE" {
		previous = s.Parameters
	}
	p, err := r.prepare(s, body, in.Parameters, previous)
	if err != nil {
		return "", "", errorOf(err)
	}
	cs := ChangeSet{
		ID: "arn:" + s.Owner.Partition() + ":cloudformation:" + region(s.Owner) + ":" + s.Owner.AccountID + ":changeSet/" +
			in.ChangeSetName + "/" + newUUID(),
		Name: in.ChangeSetName, Description: in.Description, Type: typ, Template: body, Parameters: p.params,
		Capabilities: in.Capabilities, Tags: in.Tags, CreatedAt: r.now().UTC(),
		Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE",
	}
	changes, err := cfn.Plan(deployedOf(s.Resources), p.env)
	if err != nil {
		cs.Status, cs.ExecutionStatus, cs.StatusReason = "FAILED", "UNAVAILABLE", err.Error()
	} else {
		cs.Changes = changes
		if len(changes) == 0 && typ == "UPDATE" && sameParams(s.Parameters, p.params) && outputsSame(s, p) {
			cs.Status, cs.ExecutionStatus, cs.StatusReason = "FAILED", "UNAVAILABLE", noChanges
		}
	}
	if fresh {
		s.Description = p.tpl.Description
		r.stackEvent(s, StatusReviewInProgress, "User Initiated")
	}
	s.ChangeSets = append(s.ChangeSets, cs)
	if err := r.save(ctx, s); err != nil {
		return "", "", errorOf(err)
	}
	return cs.ID, s.ID, nil
}

// changeSet finds a change set by ARN, or by name within the named stack.
func (r *Runner) changeSet(c gov.Caller, stackName, name string) (*Stack, *ChangeSet, error) {
	notFound := &Error{Code: CodeChangeSetNotFound, Message: "ChangeSet [" + name + "] does not exist"}
	if strings.HasPrefix(name, "arn:") {
		for _, rec := range r.gov.Stacks(c) {
			if !strings.Contains(rec.Document, name) {
				continue
			}
			s, err := decode(rec)
			if err != nil {
				return nil, nil, err
			}
			for i := range s.ChangeSets {
				if s.ChangeSets[i].ID == name {
					return s, &s.ChangeSets[i], nil
				}
			}
		}
		return nil, nil, notFound
	}
	if stackName == "" {
		return nil, nil, validation("StackName must be specified if ChangeSetName is not specified as an ARN.")
	}
	s, err := r.find(c, stackName)
	if err != nil {
		return nil, nil, notFound
	}
	for i := range s.ChangeSets {
		if s.ChangeSets[i].Name == name {
			return s, &s.ChangeSets[i], nil
		}
	}
	return nil, nil, notFound
}

// DescribeChangeSet returns a change set and its stack. Errors:
// ChangeSetNotFound, ValidationError.
func (r *Runner) DescribeChangeSet(c gov.Caller, stackName, name string) (*Stack, *ChangeSet, error) {
	return r.changeSet(c, stackName, name)
}

// ListChangeSets returns a stack's change sets, oldest first. Errors:
// ValidationError.
func (r *Runner) ListChangeSets(c gov.Caller, stackName string) (*Stack, []ChangeSet, error) {
	s, err := r.find(c, stackName)
	if err != nil {
		return nil, nil, err
	}
	return s, s.ChangeSets, nil
}

// DeleteChangeSet deletes a change set that has not been executed; a
// CREATE change set's REVIEW_IN_PROGRESS stack stays, as on AWS. Errors:
// ChangeSetNotFound, ValidationError, InvalidChangeSetStatus (executing
// or executed).
func (r *Runner) DeleteChangeSet(ctx context.Context, c gov.Caller, stackName, name string) error {
	defer r.begin(ctx)()
	s, cs, err := r.changeSet(c, stackName, name)
	if err != nil {
		return err
	}
	if cs.ExecutionStatus == "EXECUTE_IN_PROGRESS" || cs.ExecutionStatus == "EXECUTE_COMPLETE" {
		return &Error{Code: CodeInvalidChangeSet, Message: "Cannot delete ChangeSet in status " + cs.ExecutionStatus}
	}
	id := cs.ID
	kept := s.ChangeSets[:0]
	for _, x := range s.ChangeSets {
		if x.ID != id {
			kept = append(kept, x)
		}
	}
	s.ChangeSets = kept
	return errorOf0(r.save(ctx, s))
}

// ExecuteChangeSet deploys a change set. The stack's status says how it
// went, as for CreateStack and UpdateStack. Errors: ChangeSetNotFound,
// ValidationError, InvalidChangeSetStatus (not AVAILABLE).
func (r *Runner) ExecuteChangeSet(ctx context.Context, c gov.Caller, stackName, name string, disableRollback bool) error {
	defer r.begin(ctx)()
	s, cs, err := r.changeSet(c, stackName, name)
	if err != nil {
		return err
	}
	if cs.Status != "CREATE_COMPLETE" || cs.ExecutionStatus != "AVAILABLE" {
		return &Error{Code: CodeInvalidChangeSet, Message: "ChangeSet [" + cs.ID + "] cannot be executed in its current status of [" + cs.Status + "]"}
	}
	creating := cs.Type == "CREATE"
	if !creating {
		if err := checkUpdatable(s); err != nil {
			return err
		}
	}
	var given []cfn.ParameterValue
	for k, v := range cs.Parameters {
		given = append(given, cfn.ParameterValue{Key: k, Value: v})
	}
	p, err := r.prepare(s, cs.Template, given, nil)
	if err != nil {
		return errorOf(err)
	}
	id := cs.ID
	for i := range s.ChangeSets {
		if s.ChangeSets[i].ID == id {
			s.ChangeSets[i].ExecutionStatus = "EXECUTE_IN_PROGRESS"
		} else {
			s.ChangeSets[i].ExecutionStatus = "OBSOLETE"
		}
	}
	s.DisableRollback = disableRollback
	if cs.Tags != nil {
		s.Tags = cs.Tags
	}
	if cs.Capabilities != nil {
		s.Capabilities = cs.Capabilities
	}
	s.Description = p.tpl.Description
	if err := r.deploy(ctx, s, p, creating); err != nil {
		return errorOf(err)
	}
	result := "EXECUTE_COMPLETE"
	if s.Status != StatusCreateComplete && s.Status != StatusUpdateComplete {
		result = "EXECUTE_FAILED"
	}
	for i := range s.ChangeSets {
		if s.ChangeSets[i].ID == id {
			s.ChangeSets[i].ExecutionStatus = result
		}
	}
	return errorOf0(r.save(ctx, s))
}
