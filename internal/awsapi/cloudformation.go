package awsapi

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/cfn/stack"
	"github.com/chatgov/chatgov/internal/gov"
)

// queryService names the service an awsQuery request is signed for (the
// credential scope's service): STS and CloudFormation share the
// protocol and the path.
func queryService(r *http.Request) string {
	sig, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return ""
	}
	return sig.service
}

// cfnAction is one CloudFormation operation: it reads the form and
// returns the result's body (nil for an empty result).
type cfnAction func(h *Handler, r *request, form url.Values) (any, error)

var cfnActions = map[string]cfnAction{
	"CreateStack":            cfnCreateStack,
	"UpdateStack":            cfnUpdateStack,
	"DeleteStack":            cfnDeleteStack,
	"DescribeStacks":         cfnDescribeStacks,
	"ListStacks":             cfnListStacks,
	"DescribeStackEvents":    cfnDescribeStackEvents,
	"DescribeStackResource":  cfnDescribeStackResource,
	"DescribeStackResources": cfnDescribeStackResources,
	"ListStackResources":     cfnListStackResources,
	"GetTemplate":            cfnGetTemplate,
	"GetTemplateSummary":     cfnGetTemplateSummary,
	"ValidateTemplate":       cfnValidateTemplate,
	"CreateChangeSet":        cfnCreateChangeSet,
	"DescribeChangeSet":      cfnDescribeChangeSet,
	"ExecuteChangeSet":       cfnExecuteChangeSet,
	"DeleteChangeSet":        cfnDeleteChangeSet,
	"ListChangeSets":         cfnListChangeSets,
}

// serveCloudFormation serves the CloudFormation API (awsQuery, version
// 2010-05-15): it authenticates the request for the cloudformation
// service, runs the action as the caller and answers in XML.
func (h *Handler) serveCloudFormation(w http.ResponseWriter, r *request) {
	form, err := url.ParseQuery(string(r.body))
	if err != nil {
		writeQueryError(w, cfnNamespace, r.id, wireError{code: "MalformedQueryString", message: "the form body does not parse", status: http.StatusBadRequest})
		return
	}
	action := form.Get("Action")
	op, ok := cfnActions[action]
	if !ok {
		writeQueryError(w, cfnNamespace, r.id, wireError{code: "InvalidAction",
			message: "chatgov does not implement the CloudFormation action " + strconv.Quote(action), status: http.StatusBadRequest})
		return
	}
	if v := form.Get("Version"); v != cfnVersion {
		writeQueryError(w, cfnNamespace, r.id, wireError{code: "InvalidParameterValue",
			message: "Version must be " + cfnVersion + ", not " + strconv.Quote(v), status: http.StatusBadRequest})
		return
	}
	caller, fail := h.authenticate(r, "cloudformation")
	if fail != nil {
		writeQueryError(w, cfnNamespace, r.id, wireError{code: stsAuthCodes[fail.code], message: fail.message, status: fail.status})
		return
	}
	r.caller = caller
	body, err := op(h, r, form)
	if err != nil {
		e := cfnWireError(err)
		if e.status >= 500 {
			h.log.Error("internal error", "request_id", r.id, "op", action, "account", caller.AccountID, "err", err.Error())
		} else {
			h.log.Debug("request failed", "request_id", r.id, "op", action, "account", caller.AccountID, "code", e.code, "message", e.message)
		}
		writeQueryError(w, cfnNamespace, r.id, e)
		return
	}
	resp := cfnResponse{XMLName: xml.Name{Local: action + "Response"}, Xmlns: cfnNamespace, ResponseMetadata: cfnMetadata{RequestID: r.id}}
	if action != "DeleteStack" {
		resp.Result = cfnResult{XMLName: xml.Name{Local: action + "Result"}, Body: body}
	}
	writeXML(w, http.StatusOK, resp)
}

// cfnWireError maps the runner's errors to CloudFormation's codes.
func cfnWireError(err error) wireError {
	e, ok := err.(*stack.Error)
	if !ok {
		return wireError{code: "InternalFailure", message: "internal error", status: http.StatusInternalServerError}
	}
	status := http.StatusBadRequest
	switch e.Code {
	case stack.CodeChangeSetNotFound:
		status = http.StatusNotFound
	case stack.CodeInternal:
		status = http.StatusInternalServerError
	}
	return wireError{code: e.Code, message: e.Message, status: status}
}

// formMembers reads an awsQuery list: Name.member.1, Name.member.2, ...
func formMembers(form url.Values, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := form[name+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// formStructs reads a list of structures: Name.member.N.Field.
func formStructs(form url.Values, name string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		prefix := name + ".member." + strconv.Itoa(i) + "."
		m := map[string]string{}
		for _, f := range fields {
			if v, ok := form[prefix+f]; ok {
				m[f] = v[0]
			}
		}
		if len(m) == 0 {
			return out
		}
		out = append(out, m)
	}
}

func formParameters(form url.Values) []cfn.ParameterValue {
	var out []cfn.ParameterValue
	for _, m := range formStructs(form, "Parameters", "ParameterKey", "ParameterValue", "UsePreviousValue") {
		out = append(out, cfn.ParameterValue{Key: m["ParameterKey"], Value: m["ParameterValue"], UsePrevious: m["UsePreviousValue"] == "true"})
	}
	return out
}

func formTags(form url.Values) []gov.Tag {
	var out []gov.Tag
	for _, m := range formStructs(form, "Tags", "Key", "Value") {
		out = append(out, gov.Tag{Key: m["Key"], Value: m["Value"]})
	}
	return out
}

func stackInput(form url.Values) stack.Input {
	return stack.Input{
		StackName: form.Get("StackName"), TemplateBody: form.Get("TemplateBody"), TemplateURL: form.Get("TemplateURL"),
		UsePreviousTemplate: form.Get("UsePreviousTemplate") == "true", Parameters: formParameters(form),
		DisableRollback: form.Get("DisableRollback") == "true", OnFailure: form.Get("OnFailure"),
		Capabilities: formMembers(form, "Capabilities"), Tags: formTags(form), NotificationARNs: formMembers(form, "NotificationARNs"),
	}
}

type cfnStackIDResult struct {
	StackID string `xml:"StackId"`
}

func cfnCreateStack(h *Handler, r *request, form url.Values) (any, error) {
	id, err := h.stacks.CreateStack(r.Context(), r.caller, stackInput(form))
	return cfnStackIDResult{id}, err
}

func cfnUpdateStack(h *Handler, r *request, form url.Values) (any, error) {
	id, err := h.stacks.UpdateStack(r.Context(), r.caller, stackInput(form))
	return cfnStackIDResult{id}, err
}

func cfnDeleteStack(h *Handler, r *request, form url.Values) (any, error) {
	return nil, h.stacks.DeleteStack(r.Context(), r.caller, form.Get("StackName"))
}

// noEcho names the parameters of a template whose values are hidden.
func noEcho(body string) map[string]bool {
	out := map[string]bool{}
	sum, err := stack.Summarize(body)
	if err != nil {
		return out
	}
	for _, p := range sum.Parameters {
		if p.NoEcho {
			out[p.Name] = true
		}
	}
	return out
}

func stackParameters(body string, values map[string]string) []cfnParameter {
	hidden := noEcho(body)
	var out []cfnParameter
	for _, k := range sortedKeys(values) {
		v := values[k]
		if hidden[k] {
			v = "****"
		}
		out = append(out, cfnParameter{ParameterKey: k, ParameterValue: v})
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func cfnTags(tags []gov.Tag) []cfnTag {
	var out []cfnTag
	for _, t := range tags {
		out = append(out, cfnTag{Key: t.Key, Value: t.Value})
	}
	return out
}

func stackShape(s *stack.Stack) cfnStack {
	out := cfnStack{StackID: s.ID, StackName: s.Name, Description: s.Description, Parameters: stackParameters(s.Template, s.Parameters),
		CreationTime: cfnTimePtr(s.CreatedAt), LastUpdatedTime: cfnTimePtr(s.LastUpdatedAt), DeletionTime: cfnTimePtr(s.DeletedAt),
		StackStatus: s.Status, StackStatusReason: s.StatusReason, DisableRollback: s.DisableRollback,
		NotificationARNs: s.NotificationARNs, Capabilities: s.Capabilities, Tags: cfnTags(s.Tags),
		DriftInformation: cfnDrift{StackDriftStatus: "NOT_CHECKED"}}
	for _, o := range s.Outputs {
		out.Outputs = append(out.Outputs, cfnOutput{OutputKey: o.Key, OutputValue: o.Value, Description: o.Description, ExportName: o.ExportName})
	}
	if n := len(s.ChangeSets); n > 0 && s.ChangeSets[n-1].ExecutionStatus == "EXECUTE_COMPLETE" {
		out.ChangeSetID = s.ChangeSets[n-1].ID
	}
	return out
}

type cfnDescribeStacksResult struct {
	Stacks    []cfnStack `xml:"Stacks>member"`
	NextToken string     `xml:"NextToken,omitempty"`
}

func cfnDescribeStacks(h *Handler, r *request, form url.Values) (any, error) {
	stacks, err := h.stacks.Stacks(r.caller, form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	stacks, next, err := cfnPage(form, "DescribeStacks\x00"+form.Get("StackName"), stacks, func(s *stack.Stack) string { return s.ID })
	if err != nil {
		return nil, err
	}
	out := cfnDescribeStacksResult{Stacks: []cfnStack{}, NextToken: next}
	for _, s := range stacks {
		out.Stacks = append(out.Stacks, stackShape(s))
	}
	return out, nil
}

type cfnListStacksResult struct {
	StackSummaries []cfnStackSummary `xml:"StackSummaries>member"`
	NextToken      string            `xml:"NextToken,omitempty"`
}

func cfnListStacks(h *Handler, r *request, form url.Values) (any, error) {
	stacks, err := h.stacks.ListStacks(r.caller, formMembers(form, "StackStatusFilter"))
	if err != nil {
		return nil, err
	}
	stacks, next, err := cfnPage(form, "ListStacks", stacks, func(s *stack.Stack) string { return s.ID })
	if err != nil {
		return nil, err
	}
	out := cfnListStacksResult{StackSummaries: []cfnStackSummary{}, NextToken: next}
	for _, s := range stacks {
		out.StackSummaries = append(out.StackSummaries, cfnStackSummary{StackID: s.ID, StackName: s.Name, TemplateDescription: s.Description,
			CreationTime: cfnTimePtr(s.CreatedAt), LastUpdatedTime: cfnTimePtr(s.LastUpdatedAt), DeletionTime: cfnTimePtr(s.DeletedAt),
			StackStatus: s.Status, StackStatusReason: s.StatusReason, DriftInformation: cfnDrift{StackDriftStatus: "NOT_CHECKED"}})
	}
	return out, nil
}

type cfnEventsResult struct {
	StackEvents []cfnEvent `xml:"StackEvents>member"`
	NextToken   string     `xml:"NextToken,omitempty"`
}

func cfnDescribeStackEvents(h *Handler, r *request, form url.Values) (any, error) {
	s, events, err := h.stacks.Events(r.caller, form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	events, next, err := cfnPage(form, "DescribeStackEvents\x00"+s.ID, events, func(e stack.Event) string { return e.ID })
	if err != nil {
		return nil, err
	}
	out := cfnEventsResult{StackEvents: []cfnEvent{}, NextToken: next}
	for _, e := range events {
		out.StackEvents = append(out.StackEvents, cfnEvent{StackID: s.ID, EventID: e.ID, StackName: s.Name, LogicalResourceID: e.LogicalID,
			PhysicalResourceID: e.PhysicalID, ResourceType: e.Type, Timestamp: cfnTimePtr(e.Time), ResourceStatus: e.Status,
			ResourceStatusReason: e.Reason, ResourceProperties: e.Properties})
	}
	return out, nil
}

type cfnResourcesResult struct {
	StackResources []cfnStackResource `xml:"StackResources>member"`
}

func cfnDescribeStackResources(h *Handler, r *request, form url.Values) (any, error) {
	s, rs, err := h.stacks.Resources(r.caller, form.Get("StackName"), form.Get("LogicalResourceId"), form.Get("PhysicalResourceId"))
	if err != nil {
		return nil, err
	}
	out := cfnResourcesResult{StackResources: []cfnStackResource{}}
	for _, res := range rs {
		out.StackResources = append(out.StackResources, cfnStackResource{StackName: s.Name, StackID: s.ID, LogicalResourceID: res.LogicalID,
			PhysicalResourceID: res.PhysicalID, ResourceType: res.Type, Timestamp: cfnTimePtr(res.UpdatedAt), ResourceStatus: res.Status,
			ResourceStatusReason: res.StatusReason, DriftInformation: cfnResourceDrift{StackResourceDriftStatus: "NOT_CHECKED"}})
	}
	return out, nil
}

type cfnResourceResult struct {
	StackResourceDetail cfnStackResource `xml:"StackResourceDetail"`
}

func cfnDescribeStackResource(h *Handler, r *request, form url.Values) (any, error) {
	logical := form.Get("LogicalResourceId")
	if logical == "" {
		return nil, &stack.Error{Code: stack.CodeValidation, Message: "1 validation error detected: Value null at 'logicalResourceId' failed to satisfy constraint: Member must not be null"}
	}
	s, rs, err := h.stacks.Resources(r.caller, form.Get("StackName"), logical, "")
	if err != nil {
		return nil, err
	}
	res := rs[0]
	return cfnResourceResult{cfnStackResource{StackName: s.Name, StackID: s.ID, LogicalResourceID: res.LogicalID,
		PhysicalResourceID: res.PhysicalID, ResourceType: res.Type, LastUpdatedTimestamp: cfnTimePtr(res.UpdatedAt),
		ResourceStatus: res.Status, ResourceStatusReason: res.StatusReason, DriftInformation: cfnResourceDrift{StackResourceDriftStatus: "NOT_CHECKED"}}}, nil
}

type cfnResourceSummariesResult struct {
	StackResourceSummaries []cfnResourceSummary `xml:"StackResourceSummaries>member"`
	NextToken              string               `xml:"NextToken,omitempty"`
}

func cfnListStackResources(h *Handler, r *request, form url.Values) (any, error) {
	name := form.Get("StackName")
	if name == "" {
		return nil, &stack.Error{Code: stack.CodeValidation, Message: "1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null"}
	}
	s, rs, err := h.stacks.Resources(r.caller, name, "", "")
	if err != nil {
		return nil, err
	}
	rs, next, err := cfnPage(form, "ListStackResources\x00"+s.ID, rs, func(res stack.Resource) string { return res.LogicalID })
	if err != nil {
		return nil, err
	}
	out := cfnResourceSummariesResult{StackResourceSummaries: []cfnResourceSummary{}, NextToken: next}
	for _, res := range rs {
		out.StackResourceSummaries = append(out.StackResourceSummaries, cfnResourceSummary{LogicalResourceID: res.LogicalID,
			PhysicalResourceID: res.PhysicalID, ResourceType: res.Type, LastUpdatedTimestamp: cfnTimePtr(res.UpdatedAt),
			ResourceStatus: res.Status, ResourceStatusReason: res.StatusReason, DriftInformation: cfnResourceDrift{StackResourceDriftStatus: "NOT_CHECKED"}})
	}
	return out, nil
}

type cfnTemplateResult struct {
	TemplateBody    string   `xml:"TemplateBody"`
	StagesAvailable []string `xml:"StagesAvailable>member"`
}

func cfnGetTemplate(h *Handler, r *request, form url.Values) (any, error) {
	body, err := h.stacks.Template(r.caller, form.Get("StackName"), form.Get("ChangeSetName"))
	return cfnTemplateResult{TemplateBody: body, StagesAvailable: []string{"Original", "Processed"}}, err
}

// templateBody reads the template a summary or validation asks about:
// TemplateBody, or a stack's own (GetTemplateSummary's StackName).
func templateBody(h *Handler, r *request, form url.Values) (string, error) {
	switch {
	case form.Get("TemplateURL") != "":
		return "", &stack.Error{Code: stack.CodeValidation, Message: "TemplateURL must reference a valid S3 object to which you have access.: chatgov does not read templates from S3; give TemplateBody"}
	case form.Get("StackName") != "":
		return h.stacks.Template(r.caller, form.Get("StackName"), "")
	case form.Get("TemplateBody") == "":
		return "", &stack.Error{Code: stack.CodeValidation, Message: "Either Template URL or Template Body must be specified."}
	}
	return form.Get("TemplateBody"), nil
}

func templateParameters(sum stack.Summary, typed bool) []cfnTemplateParameter {
	out := []cfnTemplateParameter{}
	for _, p := range sum.Parameters {
		tp := cfnTemplateParameter{ParameterKey: p.Name, DefaultValue: p.Default, NoEcho: p.NoEcho, Description: p.Description}
		if typed {
			tp.ParameterType, tp.AllowedValues = p.Type, p.AllowedValues
		}
		out = append(out, tp)
	}
	return out
}

func cfnValidateTemplate(h *Handler, r *request, form url.Values) (any, error) {
	body, err := templateBody(h, r, form)
	if err != nil {
		return nil, err
	}
	sum, err := stack.Summarize(body)
	if err != nil {
		return nil, err
	}
	return cfnValidateResult{Parameters: templateParameters(sum, false), Description: sum.Description}, nil
}

func cfnGetTemplateSummary(h *Handler, r *request, form url.Values) (any, error) {
	body, err := templateBody(h, r, form)
	if err != nil {
		return nil, err
	}
	sum, err := stack.Summarize(body)
	if err != nil {
		return nil, err
	}
	return cfnSummaryResult{Parameters: templateParameters(sum, true), Description: sum.Description, ResourceTypes: sum.ResourceTypes,
		Version: sum.Template.FormatVersion, Metadata: sum.Metadata}, nil
}

type cfnCreateChangeSetResult struct {
	ID      string `xml:"Id"`
	StackID string `xml:"StackId"`
}

func cfnCreateChangeSet(h *Handler, r *request, form url.Values) (any, error) {
	in := stack.ChangeSetInput{Input: stackInput(form), ChangeSetName: form.Get("ChangeSetName"),
		Type: form.Get("ChangeSetType"), Description: form.Get("Description")}
	id, stackID, err := h.stacks.CreateChangeSet(r.Context(), r.caller, in)
	return cfnCreateChangeSetResult{ID: id, StackID: stackID}, err
}

func changeShape(c cfn.Change) cfnChange {
	rc := cfnResourceChange{Action: c.Action, LogicalResourceID: c.LogicalID, PhysicalResourceID: c.PhysicalID,
		ResourceType: c.Type, Replacement: c.Replacement, Scope: []string{}, Details: []cfnChangeDetail{}}
	if c.Action == cfn.ActionModify {
		rc.Scope = []string{"Properties"}
		replacing := cfn.Types[c.Type].Replacement
		for _, p := range c.Properties {
			rec := "Never"
			for _, x := range replacing {
				if x == p {
					rec = "Always"
				}
			}
			rc.Details = append(rc.Details, cfnChangeDetail{Target: cfnResourceTarget{Attribute: "Properties", Name: p, RequiresRecreation: rec},
				Evaluation: "Static", ChangeSource: "DirectModification"})
		}
	}
	return cfnChange{Type: "Resource", ResourceChange: rc}
}

func cfnDescribeChangeSet(h *Handler, r *request, form url.Values) (any, error) {
	s, cs, err := h.stacks.DescribeChangeSet(r.caller, form.Get("StackName"), form.Get("ChangeSetName"))
	if err != nil {
		return nil, err
	}
	out := cfnChangeSet{ChangeSetName: cs.Name, ChangeSetID: cs.ID, StackID: s.ID, StackName: s.Name, Description: cs.Description,
		Parameters: stackParameters(cs.Template, cs.Parameters), CreationTime: cfnTimePtr(cs.CreatedAt),
		ExecutionStatus: cs.ExecutionStatus, Status: cs.Status, StatusReason: cs.StatusReason, Capabilities: cs.Capabilities,
		Tags: cfnTags(cs.Tags), Changes: []cfnChange{}}
	for _, c := range cs.Changes {
		out.Changes = append(out.Changes, changeShape(c))
	}
	return out, nil
}

func cfnExecuteChangeSet(h *Handler, r *request, form url.Values) (any, error) {
	return nil, h.stacks.ExecuteChangeSet(r.Context(), r.caller, form.Get("StackName"), form.Get("ChangeSetName"),
		form.Get("DisableRollback") == "true")
}

func cfnDeleteChangeSet(h *Handler, r *request, form url.Values) (any, error) {
	return nil, h.stacks.DeleteChangeSet(r.Context(), r.caller, form.Get("StackName"), form.Get("ChangeSetName"))
}

type cfnListChangeSetsResult struct {
	Summaries []cfnChangeSetSummary `xml:"Summaries>member"`
	NextToken string                `xml:"NextToken,omitempty"`
}

func cfnListChangeSets(h *Handler, r *request, form url.Values) (any, error) {
	s, sets, err := h.stacks.ListChangeSets(r.caller, form.Get("StackName"))
	if err != nil {
		return nil, err
	}
	sets, next, err := cfnPage(form, "ListChangeSets\x00"+s.ID, sets, func(cs stack.ChangeSet) string { return cs.ID })
	if err != nil {
		return nil, err
	}
	out := cfnListChangeSetsResult{Summaries: []cfnChangeSetSummary{}, NextToken: next}
	for _, cs := range sets {
		out.Summaries = append(out.Summaries, cfnChangeSetSummary{StackID: s.ID, StackName: s.Name, ChangeSetID: cs.ID, ChangeSetName: cs.Name,
			ExecutionStatus: cs.ExecutionStatus, Status: cs.Status, StatusReason: cs.StatusReason, CreationTime: cfnTimePtr(cs.CreatedAt),
			Description: strings.TrimSpace(cs.Description)})
	}
	return out, nil
}

// ResumeStacks finishes or rolls back the CloudFormation stack operations
// a stopped server left running; the server calls it at start-up, before
// it answers, and with replicas every little while, to take over the
// operations of a replica that stopped. It returns how many stacks it
// resumed and the first error of saving a stack.
func (h *Handler) ResumeStacks(ctx context.Context) (int, error) { return h.stacks.Resume(ctx) }
