package stack

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

var reStackName = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)

func checkStackName(name string) error {
	if !reStackName.MatchString(name) {
		return validation("1 validation error detected: Value '" + name + "' at 'stackName' failed to satisfy constraint: " +
			"Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*")
	}
	return nil
}

// Input is what CreateStack, UpdateStack and CreateChangeSet are given.
type Input struct {
	StackName           string
	TemplateBody        string
	TemplateURL         string
	UsePreviousTemplate bool
	Parameters          []cfn.ParameterValue
	DisableRollback     bool
	// OnFailure is ROLLBACK (the default), DELETE or DO_NOTHING.
	OnFailure        string
	Capabilities     []string
	Tags             []gov.Tag
	NotificationARNs []string
}

func (in Input) body(s *Stack) (string, error) {
	switch {
	case in.TemplateURL != "":
		return "", validation("TemplateURL must reference a valid S3 object to which you have access.: chatgov does not read templates from S3; give TemplateBody")
	case in.UsePreviousTemplate:
		if s == nil || s.Template == "" {
			return "", validation("UsePreviousTemplate cannot be used: the stack has no previous template")
		}
		return s.Template, nil
	case in.TemplateBody == "":
		return "", validation("Either Template URL or Template Body must be specified.")
	}
	return in.TemplateBody, nil
}

// newStack starts a stack document for the caller.
func (r *Runner) newStack(c gov.Caller, in Input) *Stack {
	now := r.now().UTC()
	return &Stack{
		ID:   "arn:" + c.Partition() + ":cloudformation:" + region(c) + ":" + c.AccountID + ":stack/" + in.StackName + "/" + newUUID(),
		Name: in.StackName, Owner: gov.Caller{AccountID: c.AccountID, ARN: c.ARN, Region: region(c)},
		CreatedAt: now, DisableRollback: in.DisableRollback || in.OnFailure == "DO_NOTHING",
		Capabilities: in.Capabilities, Tags: in.Tags, NotificationARNs: in.NotificationARNs,
	}
}

// live reports whether a stack of that name exists (not deleted).
func (r *Runner) live(c gov.Caller, name string) (*Stack, bool) {
	s, err := r.find(c, name)
	return s, err == nil
}

// CreateStack creates a stack and its resources, as the caller. It
// returns the stack ID; the stack's status says how the creation went
// (CREATE_COMPLETE, or ROLLBACK_COMPLETE with the refused resource's
// event). Errors: ValidationError (the name, the template, the
// parameters), AlreadyExistsException (a stack of that name exists).
func (r *Runner) CreateStack(ctx context.Context, c gov.Caller, in Input) (string, error) {
	defer r.begin(ctx)()
	if err := checkStackName(in.StackName); err != nil {
		return "", err
	}
	if _, ok := r.live(c, in.StackName); ok {
		return "", &Error{Code: CodeAlreadyExists, Message: "Stack [" + in.StackName + "] already exists"}
	}
	if in.OnFailure != "" && in.DisableRollback {
		return "", validation("You may specify either OnFailure or DisableRollback, but not both.")
	}
	body, err := in.body(nil)
	if err != nil {
		return "", err
	}
	s := r.newStack(c, in)
	p, err := r.prepare(s, body, in.Parameters, nil)
	if err != nil {
		return "", errorOf(err)
	}
	s.Description = p.tpl.Description
	if err := r.deploy(ctx, s, p, true); err != nil {
		return "", errorOf(err)
	}
	if in.OnFailure == "DELETE" && s.Status == StatusRollbackComplete {
		if err := r.remove(ctx, s); err != nil {
			return "", errorOf(err)
		}
	}
	return s.ID, nil
}

// updatable lists the statuses from which a stack may be updated.
// A stack whose rollback was disabled may be updated again to repair it.
var updatable = []string{StatusCreateComplete, StatusUpdateComplete, StatusUpdateRollbackComplete, StatusCreateFailed, StatusUpdateFailed}

func checkUpdatable(s *Stack) error {
	for _, st := range updatable {
		if s.Status == st {
			return nil
		}
	}
	return validation("Stack:" + s.ID + " is in " + s.Status + " state and can not be updated.")
}

// UpdateStack deploys a new template (or new parameters) to a stack. It
// returns the stack ID. Errors: ValidationError (the stack does not
// exist or is not in a state that can be updated, the template or
// parameters, "No updates are to be performed.").
func (r *Runner) UpdateStack(ctx context.Context, c gov.Caller, in Input) (string, error) {
	defer r.begin(ctx)()
	s, err := r.find(c, in.StackName)
	if err != nil {
		return "", err
	}
	if err := checkUpdatable(s); err != nil {
		return "", err
	}
	body, err := in.body(s)
	if err != nil {
		return "", err
	}
	p, err := r.prepare(s, body, in.Parameters, s.Parameters)
	if err != nil {
		return "", errorOf(err)
	}
	changes, err := cfn.Plan(deployedOf(s.Resources), p.env)
	if err != nil {
		return "", errorOf(err)
	}
	if len(changes) == 0 && sameParams(s.Parameters, p.params) && outputsSame(s, p) {
		return "", validation("No updates are to be performed.")
	}
	s.DisableRollback = in.DisableRollback
	if in.Tags != nil {
		s.Tags = in.Tags
	}
	s.Description = p.tpl.Description
	if err := r.deploy(ctx, s, p, false); err != nil {
		return "", errorOf(err)
	}
	return s.ID, nil
}

func sameParams(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// outputsSame reports whether the template's outputs evaluate as the
// stack's do: a template that changes only an output is an update.
func outputsSame(s *Stack, p *prepared) bool {
	outs, err := p.env.EvalOutputs()
	if err != nil || len(outs) != len(s.Outputs) {
		return false
	}
	for i := range outs {
		if outs[i] != s.Outputs[i] {
			return false
		}
	}
	return true
}

// DeleteStack deletes a stack's resources (except those whose
// DeletionPolicy retains them) and the stack. A stack that does not exist
// is not an error, as on AWS. Errors: ValidationError (a stack whose
// operation is still running).
func (r *Runner) DeleteStack(ctx context.Context, c gov.Caller, name string) error {
	defer r.begin(ctx)()
	s, err := r.find(c, name)
	if err != nil {
		if name == "" {
			return err
		}
		return nil
	}
	if s.Status == StatusDeleteComplete {
		return nil
	}
	if strings.HasSuffix(s.Status, "_IN_PROGRESS") && s.Status != StatusReviewInProgress {
		return validation("Stack [" + s.Name + "] cannot be deleted while in status " + s.Status)
	}
	r.stackEvent(s, StatusDeleteInProgress, "User Initiated")
	for i := range s.ChangeSets {
		s.ChangeSets[i].ExecutionStatus = "OBSOLETE"
	}
	if err := r.save(ctx, s); err != nil {
		return errorOf(err)
	}
	return errorOf0(r.remove(ctx, s))
}

func errorOf0(err error) error {
	if err == nil {
		return nil
	}
	return errorOf(err)
}

// Stacks returns the caller's stacks, newest first: the one named (by
// name, or by ID for a deleted one) when name is set, else every stack
// not deleted. Errors: ValidationError "Stack with id X does not exist".
func (r *Runner) Stacks(c gov.Caller, name string) ([]*Stack, error) {
	if name != "" {
		s, err := r.find(c, name)
		if err != nil {
			return nil, err
		}
		return []*Stack{s}, nil
	}
	var out []*Stack
	for _, rec := range r.gov.Stacks(c) {
		if rec.Status == StatusDeleteComplete {
			continue
		}
		s, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ListStacks returns the caller's stacks, deleted ones included, whose
// status is among filter (all when it is empty), newest first.
func (r *Runner) ListStacks(c gov.Caller, filter []string) ([]*Stack, error) {
	var out []*Stack
	for _, rec := range r.gov.Stacks(c) {
		if len(filter) > 0 && !contains(filter, rec.Status) {
			continue
		}
		s, err := decode(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Events returns a stack's events, newest first.
func (r *Runner) Events(c gov.Caller, name string) (*Stack, []Event, error) {
	s, err := r.find(c, name)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Event, len(s.Events))
	for i, e := range s.Events {
		out[len(s.Events)-1-i] = e
	}
	return s, out, nil
}

// Resources returns the resources of the caller's stack named by name,
// or of the stack that holds physicalID, filtered by logicalID when set.
// Errors: ValidationError (no such stack, no such resource, neither name
// nor physical ID).
func (r *Runner) Resources(c gov.Caller, name, logicalID, physicalID string) (*Stack, []Resource, error) {
	var s *Stack
	var err error
	switch {
	case name != "":
		s, err = r.find(c, name)
	case physicalID != "":
		for _, rec := range r.gov.Stacks(c) {
			cand, derr := decode(rec)
			if derr != nil {
				return nil, nil, derr
			}
			for _, res := range cand.Resources {
				if res.PhysicalID == physicalID {
					s = cand
				}
			}
		}
		if s == nil {
			err = validation("Stack for " + physicalID + " does not exist")
		}
	default:
		err = validation("Either StackName or PhysicalResourceId must be specified.")
	}
	if err != nil {
		return nil, nil, err
	}
	var out []Resource
	for _, res := range s.Resources {
		if (logicalID == "" || res.LogicalID == logicalID) && (physicalID == "" || res.PhysicalID == physicalID) {
			out = append(out, res)
		}
	}
	if logicalID != "" && len(out) == 0 {
		return nil, nil, validation("Resource " + logicalID + " does not exist for stack " + s.Name)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LogicalID < out[j].LogicalID })
	return s, out, nil
}

// Summary is what ValidateTemplate and GetTemplateSummary tell of a
// template.
type Summary struct {
	Template      *cfn.Template
	Description   string
	Parameters    []cfn.Parameter // by name
	ResourceTypes []string
	Metadata      string
}

// Summarize parses and checks a template. Errors: ValidationError.
func Summarize(body string) (Summary, error) {
	tpl, err := cfn.Parse([]byte(body))
	if err != nil {
		return Summary{}, errorOf(err)
	}
	if err := tpl.Unsupported(); err != nil {
		return Summary{}, errorOf(err)
	}
	sum := Summary{Template: tpl, Description: tpl.Description, ResourceTypes: tpl.ResourceTypes()}
	names := make([]string, 0, len(tpl.Parameters))
	for n := range tpl.Parameters {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sum.Parameters = append(sum.Parameters, tpl.Parameters[n])
	}
	if tpl.Metadata != nil {
		sum.Metadata = cfn.String(tpl.Metadata)
	}
	return sum, nil
}

// Template returns the template of a stack, or of one of its change sets.
// Errors: ValidationError, ChangeSetNotFound.
func (r *Runner) Template(c gov.Caller, name, changeSet string) (string, error) {
	if changeSet != "" {
		_, cs, err := r.changeSet(c, name, changeSet)
		if err != nil {
			return "", err
		}
		return cs.Template, nil
	}
	s, err := r.find(c, name)
	if err != nil {
		return "", err
	}
	return s.Template, nil
}
