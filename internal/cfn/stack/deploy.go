package stack

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

// Stack and resource statuses, as CloudFormation names them.
const (
	StatusCreateInProgress         = "CREATE_IN_PROGRESS"
	StatusCreateComplete           = "CREATE_COMPLETE"
	StatusCreateFailed             = "CREATE_FAILED"
	StatusRollbackInProgress       = "ROLLBACK_IN_PROGRESS"
	StatusRollbackComplete         = "ROLLBACK_COMPLETE"
	StatusRollbackFailed           = "ROLLBACK_FAILED"
	StatusUpdateInProgress         = "UPDATE_IN_PROGRESS"
	StatusUpdateComplete           = "UPDATE_COMPLETE"
	StatusUpdateFailed             = "UPDATE_FAILED"
	StatusUpdateCleanup            = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
	StatusUpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS"
	StatusUpdateRollbackCleanup    = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"
	StatusUpdateRollbackComplete   = "UPDATE_ROLLBACK_COMPLETE"
	StatusUpdateRollbackFailed     = "UPDATE_ROLLBACK_FAILED"
	StatusDeleteInProgress         = "DELETE_IN_PROGRESS"
	StatusDeleteComplete           = "DELETE_COMPLETE"
	StatusDeleteFailed             = "DELETE_FAILED"
	StatusDeleteSkipped            = "DELETE_SKIPPED"
	StatusReviewInProgress         = "REVIEW_IN_PROGRESS"
)

// prepared is a template ready to deploy: parsed, its parameters
// resolved and its conditions evaluated.
type prepared struct {
	tpl    *cfn.Template
	params map[string]string
	env    *cfn.Env
}

func (r *Runner) pseudo(s *Stack) cfn.Pseudo {
	return cfn.Pseudo{AccountID: s.Owner.AccountID, Region: region(s.Owner), Partition: s.Owner.Partition(),
		StackName: s.Name, StackID: s.ID, URLSuffix: "amazonaws.com", NotificationARNs: s.NotificationARNs}
}

// exports returns the exports of the owner's other live stacks.
func (r *Runner) exports(c gov.Caller, except string) map[string]string {
	out := map[string]string{}
	for _, rec := range r.gov.Stacks(c) {
		if rec.ID == except || rec.Status == StatusDeleteComplete {
			continue
		}
		s, err := decode(rec)
		if err != nil {
			continue
		}
		for _, o := range s.Outputs {
			if o.ExportName != "" {
				out[o.ExportName] = o.Value
			}
		}
	}
	return out
}

// prepare parses body and resolves it for stack s. Errors are
// ValidationErrors.
func (r *Runner) prepare(s *Stack, body string, given []cfn.ParameterValue, previous map[string]string) (*prepared, error) {
	tpl, err := cfn.Parse([]byte(body))
	if err != nil {
		return nil, err
	}
	if err := tpl.Unsupported(); err != nil {
		return nil, err
	}
	params, err := tpl.ResolveParameters(given, previous)
	if err != nil {
		return nil, err
	}
	env := &cfn.Env{Template: tpl, Params: params, Pseudo: r.pseudo(s), Resources: map[string]cfn.Physical{},
		Exports: r.exports(s.Owner, s.ID)}
	if err := env.EvalConditions(); err != nil {
		return nil, err
	}
	for _, res := range s.Resources {
		env.Resources[res.LogicalID] = cfn.Physical{Ref: res.PhysicalID, Attrs: res.Attrs}
	}
	return &prepared{tpl: tpl, params: params, env: env}, nil
}

func deployedOf(rs []Resource) []cfn.Deployed {
	out := make([]cfn.Deployed, len(rs))
	for i, r := range rs {
		out[i] = cfn.Deployed{LogicalID: r.LogicalID, Type: r.Type, PhysicalID: r.PhysicalID, Properties: r.Properties,
			Attrs: r.Attrs, DeletionPolicy: r.DeletionPolicy, UpdateReplacePolicy: r.UpdateReplacePolicy}
	}
	return out
}

// reason renders a refusal as a resource's status reason.
func reason(err error) string {
	var ge *gov.Error
	if errors.As(err, &ge) {
		if ge.Kind == gov.Internal {
			return "Internal Failure"
		}
		return ge.Message
	}
	var pe *propError
	if errors.As(err, &pe) {
		return pe.msg
	}
	var ve *cfn.ValidationError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return "Internal Failure"
}

// deploy brings stack s to the prepared template: it creates and updates
// resources in dependency order, then removes what the template no
// longer has; on a failure it rolls back unless s.DisableRollback. s
// holds the deployment it starts from; creating is set for a new stack.
// Only a failure to save is returned: a refused resource is the stack's
// status, not the call's error.
func (r *Runner) deploy(ctx context.Context, s *Stack, p *prepared, creating bool) error {
	inProgress := StatusUpdateInProgress
	if creating {
		inProgress = StatusCreateInProgress
	}
	s.Previous = &Deployment{Template: s.Template, Parameters: s.Parameters, Resources: s.Resources, Outputs: s.Outputs}
	if creating {
		s.Previous = &Deployment{}
	}
	reasonText := "User Initiated"
	r.stackEvent(s, inProgress, reasonText)
	if !creating {
		s.LastUpdatedAt = r.now().UTC()
	}
	changes, err := cfn.Plan(deployedOf(s.Resources), p.env)
	if err != nil {
		return r.fail(ctx, s, "", err.Error(), creating)
	}
	s.Template, s.Parameters = p.tpl.Body, p.params
	if err := r.save(ctx, s); err != nil {
		return err
	}
	byID := map[string]cfn.Change{}
	for _, c := range changes {
		byID[c.LogicalID] = c
	}
	old := map[string]Resource{}
	for _, res := range s.Resources {
		old[res.LogicalID] = res
	}
	active, err := p.tpl.Active(p.env)
	if err != nil {
		return r.fail(ctx, s, "", err.Error(), creating)
	}
	p.env.Unknown = false
	var next []Resource
	s.Resources = nil
	for _, id := range active {
		tr := p.tpl.Resources[id]
		ch, changed := byID[id]
		prev, had := old[id]
		if had && !changed {
			prev.DeletionPolicy, prev.UpdateReplacePolicy = tr.DeletionPolicy, tr.UpdateReplacePolicy
			next = append(next, prev)
			s.Resources = next
			continue
		}
		res, failure := r.step(ctx, s, p, tr, prev, had, ch)
		if failure != "" {
			if res.LogicalID != "" {
				s.Resources = append(next, res)
			}
			return r.fail(ctx, s, id, failure, creating)
		}
		next = append(next, res)
		s.Resources = next
		p.env.Resources[id] = cfn.Physical{Ref: res.PhysicalID, Attrs: res.Attrs}
		if err := r.save(ctx, s); err != nil {
			if errors.Is(err, gov.ErrStackTakenOver) {
				r.undoStep(ctx, s, res, prev, had)
			}
			return err
		}
	}
	outputs, err := p.env.EvalOutputs()
	if err != nil {
		return r.fail(ctx, s, "", err.Error(), creating)
	}
	s.Outputs = outputs
	if creating {
		s.Previous = nil
		r.stackEvent(s, StatusCreateComplete, "")
		return r.save(ctx, s)
	}
	r.stackEvent(s, StatusUpdateCleanup, "")
	if err := r.save(ctx, s); err != nil {
		return err
	}
	return r.cleanup(ctx, s, StatusUpdateComplete)
}

// step creates or updates one resource and records its events. It
// returns the resource and, when it failed, why.
func (r *Runner) step(ctx context.Context, s *Stack, p *prepared, tr cfn.Resource, prev Resource, had bool, ch cfn.Change) (Resource, string) {
	res := Resource{LogicalID: tr.LogicalID, Type: tr.Type, DeletionPolicy: tr.DeletionPolicy,
		UpdateReplacePolicy: tr.UpdateReplacePolicy, UpdatedAt: r.now().UTC()}
	v, err := p.env.Eval(tr.Properties)
	if err != nil {
		r.event(s, tr.LogicalID, "", tr.Type, failedStatus(had), err.Error(), nil)
		return Resource{}, err.Error()
	}
	pm, _ := v.(map[string]any)
	if pm == nil {
		pm = map[string]any{}
	}
	res.Properties = pm
	prov := r.provisioner(tr.Type)
	if err := cfn.CheckProperties(tr.Type, pm); err != nil || prov == nil {
		msg := "Unrecognized resource type " + tr.Type
		if err != nil {
			msg = err.Error()
		}
		r.event(s, tr.LogicalID, "", tr.Type, failedStatus(had), msg, pm)
		return Resource{}, msg
	}
	replace := had && (prev.Type != tr.Type || ch.Replacement == "True" ||
		ch.Replacement == "Conditional" && replacing(tr.Type, prev.Properties, pm))
	var ph cfn.Physical
	switch {
	case !had || replace:
		status, note := StatusCreateInProgress, ""
		if replace {
			status, note = StatusUpdateInProgress, "Requested update requires the creation of a new physical resource; hence creating one."
		}
		r.event(s, tr.LogicalID, "", tr.Type, status, note, pm)
		ph, err = prov.create(ctx, s.Owner, pm)
		if err != nil {
			r.event(s, tr.LogicalID, "", tr.Type, failedStatus(had), reason(err), pm)
			return Resource{}, reason(err)
		}
		res.Status = StatusCreateComplete
		if replace {
			res.Status = StatusUpdateComplete
		}
	default:
		r.event(s, tr.LogicalID, prev.PhysicalID, tr.Type, StatusUpdateInProgress, "", pm)
		ph, err = prov.update(ctx, s.Owner, prev.PhysicalID, prev.Properties, pm)
		if err != nil {
			r.event(s, tr.LogicalID, prev.PhysicalID, tr.Type, StatusUpdateFailed, reason(err), pm)
			// Kept with its old properties: the rollback reverts what
			// the failed update may have changed.
			prev.Status, prev.StatusReason = StatusUpdateFailed, reason(err)
			return prev, reason(err)
		}
		res.Status = StatusUpdateComplete
	}
	res.PhysicalID, res.Attrs = ph.Ref, ph.Attrs
	r.event(s, tr.LogicalID, res.PhysicalID, tr.Type, res.Status, "", pm)
	return res, ""
}

// undoStep reverts, as well as it can, the step that made res when the
// stack turns out to have been taken over by another replica while the
// step ran: the replica that resumes the stack knows nothing of it. A
// resource made is removed, one updated in place gets its previous
// properties back; a failure is logged.
func (r *Runner) undoStep(ctx context.Context, s *Stack, res, prev Resource, had bool) {
	prov := r.provisioner(res.Type)
	if prov == nil {
		return
	}
	var err error
	if !had || prev.PhysicalID != res.PhysicalID {
		err = prov.remove(ctx, s.Owner, res.PhysicalID, res.Properties)
	} else {
		_, err = prov.update(ctx, s.Owner, res.PhysicalID, res.Properties, prev.Properties)
	}
	if err != nil {
		r.log.Error("undoing a step of a stack another replica took over failed", "stack", s.ID,
			"resource", res.LogicalID, "physical_id", res.PhysicalID, "err", err)
	}
}

func failedStatus(had bool) string {
	if had {
		return StatusUpdateFailed
	}
	return StatusCreateFailed
}

// replacing reports whether a change of properties replaces the resource.
func replacing(typ string, old, new map[string]any) bool {
	for _, k := range cfn.Types[typ].Replacement {
		if fmt.Sprint(old[k]) != fmt.Sprint(new[k]) {
			return true
		}
	}
	return false
}

// fail ends a deployment that a resource (logicalID, or the template
// when empty) refused: the stack rolls back, or stops failed when
// rollback is disabled.
func (r *Runner) fail(ctx context.Context, s *Stack, logicalID, why string, creating bool) error {
	msg := why
	if logicalID != "" {
		verb := "update"
		if creating {
			verb = "create"
		}
		msg = fmt.Sprintf("The following resource(s) failed to %s: [%s]. ", verb, logicalID)
	}
	if s.DisableRollback {
		status := StatusUpdateFailed
		if creating {
			status = StatusCreateFailed
		}
		// The stack keeps what this deployment made and what it did not
		// reach yet: nothing it holds goes out of its sight.
		if s.Previous != nil {
			held := map[string]bool{}
			for _, res := range s.Resources {
				held[res.LogicalID] = true
			}
			for _, res := range s.Previous.Resources {
				if !held[res.LogicalID] {
					s.Resources = append(s.Resources, res)
				}
			}
		}
		s.Previous = nil
		r.stackEvent(s, status, strings.TrimSpace(msg))
		return r.save(ctx, s)
	}
	status := StatusUpdateRollbackInProgress
	if creating {
		status = StatusRollbackInProgress
	}
	r.stackEvent(s, status, msg+"Rollback requested by user.")
	if err := r.save(ctx, s); err != nil {
		return err
	}
	return r.rollback(ctx, s)
}

// rollback undoes a deployment that s.Previous started from: resources
// made by it are removed (newest first), resources it updated in place
// get their previous properties back. It ends ROLLBACK_COMPLETE for a
// creation, UPDATE_ROLLBACK_COMPLETE for an update, or *_FAILED when a
// step of the rollback itself fails.
func (r *Runner) rollback(ctx context.Context, s *Stack) error {
	creating := s.Status == StatusRollbackInProgress
	prev := s.Previous
	if prev == nil {
		prev = &Deployment{}
	}
	before := map[string]Resource{}
	for _, res := range prev.Resources {
		before[res.LogicalID+"\x00"+res.PhysicalID] = res
	}
	failed := ""
	for i := len(s.Resources) - 1; i >= 0; i-- {
		cur := s.Resources[i]
		prov := r.provisioner(cur.Type)
		if cur.PhysicalID == "" || prov == nil {
			continue
		}
		if old, ok := before[cur.LogicalID+"\x00"+cur.PhysicalID]; ok {
			if cfnSame(old.Properties, cur.Properties) && cur.Status != StatusUpdateFailed {
				continue
			}
			r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusUpdateInProgress, "", old.Properties)
			if _, err := prov.update(ctx, s.Owner, cur.PhysicalID, cur.Properties, old.Properties); err != nil {
				r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusUpdateFailed, reason(err), nil)
				failed = cur.LogicalID
				continue
			}
			r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusUpdateComplete, "", nil)
			continue
		}
		if creating && cur.DeletionPolicy == "Retain" {
			r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusDeleteSkipped, "", nil)
			continue
		}
		r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusDeleteInProgress, "", nil)
		if err := prov.remove(ctx, s.Owner, cur.PhysicalID, cur.Properties); err != nil {
			r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusDeleteFailed, reason(err), nil)
			failed = cur.LogicalID
			continue
		}
		r.event(s, cur.LogicalID, cur.PhysicalID, cur.Type, StatusDeleteComplete, "", nil)
	}
	if failed != "" {
		status := StatusUpdateRollbackFailed
		if creating {
			status = StatusRollbackFailed
		}
		r.stackEvent(s, status, fmt.Sprintf("The following resource(s) failed to roll back: [%s].", failed))
		return r.save(ctx, s)
	}
	if creating {
		s.Resources, s.Outputs, s.Previous = nil, nil, nil
		r.stackEvent(s, StatusRollbackComplete, "")
		return r.save(ctx, s)
	}
	s.Template, s.Parameters, s.Resources, s.Outputs, s.Previous = prev.Template, prev.Parameters, prev.Resources, prev.Outputs, nil
	r.stackEvent(s, StatusUpdateRollbackComplete, "")
	return r.save(ctx, s)
}

func cfnSame(a, b map[string]any) bool {
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// cleanup removes the resources of s.Previous that the new deployment no
// longer holds (removed, or replaced by a new physical resource), honouring
// DeletionPolicy and UpdateReplacePolicy, then ends in status.
func (r *Runner) cleanup(ctx context.Context, s *Stack, status string) error {
	if s.Previous != nil {
		keep := map[string]bool{}
		for _, res := range s.Resources {
			keep[res.LogicalID+"\x00"+res.PhysicalID] = true
		}
		live := map[string]bool{}
		for _, res := range s.Resources {
			live[res.LogicalID] = true
		}
		prev := s.Previous.Resources
		for i := len(prev) - 1; i >= 0; i-- {
			old := prev[i]
			if keep[old.LogicalID+"\x00"+old.PhysicalID] || old.PhysicalID == "" {
				continue
			}
			policy := old.DeletionPolicy
			if live[old.LogicalID] {
				policy = old.UpdateReplacePolicy // replaced
			}
			if policy == "Retain" || policy == "RetainExceptOnCreate" {
				r.event(s, old.LogicalID, old.PhysicalID, old.Type, StatusDeleteSkipped, "", nil)
				continue
			}
			prov := r.provisioner(old.Type)
			if prov == nil {
				continue
			}
			r.event(s, old.LogicalID, old.PhysicalID, old.Type, StatusDeleteInProgress, "", nil)
			if err := prov.remove(ctx, s.Owner, old.PhysicalID, old.Properties); err != nil {
				r.event(s, old.LogicalID, old.PhysicalID, old.Type, StatusDeleteFailed, reason(err), nil)
				continue
			}
			r.event(s, old.LogicalID, old.PhysicalID, old.Type, StatusDeleteComplete, "", nil)
		}
	}
	s.Previous = nil
	r.stackEvent(s, status, "")
	return r.save(ctx, s)
}

// remove deletes every resource of s, newest first, except those whose
// DeletionPolicy retains them (DELETE_SKIPPED). Resources that fail stay
// and the stack ends DELETE_FAILED.
func (r *Runner) remove(ctx context.Context, s *Stack) error {
	var failed []string
	var kept []Resource
	for i := len(s.Resources) - 1; i >= 0; i-- {
		res := s.Resources[i]
		if res.DeletionPolicy == "Retain" || res.DeletionPolicy == "RetainExceptOnCreate" || res.PhysicalID == "" {
			r.event(s, res.LogicalID, res.PhysicalID, res.Type, StatusDeleteSkipped, "", nil)
			continue
		}
		prov := r.provisioner(res.Type)
		r.event(s, res.LogicalID, res.PhysicalID, res.Type, StatusDeleteInProgress, "", nil)
		if prov == nil {
			continue
		}
		if err := prov.remove(ctx, s.Owner, res.PhysicalID, res.Properties); err != nil {
			r.event(s, res.LogicalID, res.PhysicalID, res.Type, StatusDeleteFailed, reason(err), nil)
			failed = append(failed, res.LogicalID)
			res.Status, res.StatusReason = StatusDeleteFailed, reason(err)
			kept = append([]Resource{res}, kept...)
			continue
		}
		r.event(s, res.LogicalID, res.PhysicalID, res.Type, StatusDeleteComplete, "", nil)
	}
	if len(failed) > 0 {
		slices.Reverse(failed)
		s.Resources = kept
		r.stackEvent(s, StatusDeleteFailed, fmt.Sprintf("The following resource(s) failed to delete: [%s]. ", strings.Join(failed, ", ")))
		return r.save(ctx, s)
	}
	s.Resources, s.DeletedAt = nil, r.now().UTC()
	r.stackEvent(s, StatusDeleteComplete, "")
	return r.save(ctx, s)
}
