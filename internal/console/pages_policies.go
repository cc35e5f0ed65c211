package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/jsondoc"
	"github.com/chatgov/chatgov/internal/policy"
)

// typeRow is a policy type on the Policies page.
type typeRow struct {
	Type       policy.Type
	Enabled    bool
	Management bool
}

func (c *Console) rootOf(caller gov.Caller) (gov.Root, error) {
	roots, err := c.gov.ListRoots(caller, "", 1)
	if err != nil {
		return gov.Root{}, err
	}
	if len(roots.Items) == 0 {
		return gov.Root{}, errors.New("the organization has no root")
	}
	return roots.Items[0], nil
}

// policiesPage is the Policies page (the blog's Figure 1): every policy
// type, enabled or not, and the policies of the chosen type.
func (c *Console) policiesPage(w http.ResponseWriter, r *http.Request, ss *session) {
	root, err := c.rootOf(ss.caller)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	enabled := map[policy.Type]bool{}
	for _, pt := range root.PolicyTypes {
		enabled[pt.Type] = pt.Status == gov.StatusEnabled
	}
	var types []typeRow
	for _, ti := range policy.Types() {
		types = append(types, typeRow{Type: ti.Type, Enabled: enabled[ti.Type], Management: ti.Management})
	}
	t := policy.Type(r.URL.Query().Get("type"))
	if t == "" {
		t = policy.ChatbotPolicy
	}
	page, err := c.gov.ListPolicies(ss.caller, t, r.URL.Query().Get("token"), pageSize)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	c.render(w, r, ss, "policies", http.StatusOK, map[string]any{"Root": root, "Types": types, "Type": t,
		"Enabled": enabled[t], "Policies": page.Items, "Next": page.NextToken})
}

func (c *Console) setPolicyType(w http.ResponseWriter, r *http.Request, ss *session) {
	t := policy.Type(r.PostFormValue("type"))
	var err error
	switch r.PostFormValue("action") {
	case "enable":
		_, err = c.gov.EnablePolicyType(r.Context(), ss.caller, r.PostFormValue("root"), t)
	case "disable":
		_, err = c.gov.DisablePolicyType(r.Context(), ss.caller, r.PostFormValue("root"), t)
	default:
		c.fail(w, r, ss, http.StatusBadRequest, "The action must be enable or disable.")
		return
	}
	if err != nil {
		c.refused(w, r, ss, "/console/policies?type="+url.QueryEscape(string(t)), err)
		return
	}
	c.done(w, r, ss, "/console/policies?type="+url.QueryEscape(string(t)), string(t)+" is now "+r.PostFormValue("action")+"d.")
}

// policyForm is the create and edit form's content.
type policyForm struct {
	ID, Name, Description, Content string
	Type                           policy.Type
	Problem                        string
	AWSManaged                     bool
}

func (c *Console) newPolicyPage(w http.ResponseWriter, r *http.Request, ss *session) {
	t := policy.Type(r.URL.Query().Get("type"))
	if t == "" {
		t = policy.ChatbotPolicy
	}
	content := `{}`
	if t == policy.ServiceControlPolicy || t == policy.ResourceControlPolicy {
		content = `{"Version":"2012-10-17","Statement":[]}`
	}
	c.render(w, r, ss, "policy", http.StatusOK, map[string]any{"Form": policyForm{Type: t, Content: content}, "New": true})
}

func (c *Console) createPolicy(w http.ResponseWriter, r *http.Request, ss *session) {
	f := policyForm{Type: policy.Type(r.PostFormValue("type")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Description: r.PostFormValue("description"), Content: r.PostFormValue("content")}
	p, err := c.gov.CreatePolicy(r.Context(), ss.caller, gov.CreatePolicyInput{Name: f.Name, Description: f.Description, Type: f.Type, Content: f.Content})
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			c.failErr(w, r, ss, err)
			return
		}
		// The form comes back as typed, with gov's message: nothing is lost
		// and nothing was saved.
		f.Problem = messageOf(err)
		c.render(w, r, ss, "policy", http.StatusBadRequest, map[string]any{"Form": f, "New": true})
		return
	}
	c.done(w, r, ss, "/console/policies/"+p.ID, "Created policy "+p.Name+" ("+p.ID+").")
}

func (c *Console) policyPage(w http.ResponseWriter, r *http.Request, ss *session) {
	c.showPolicy(w, r, ss, nil, http.StatusOK)
}

// showPolicy renders a policy's page; form, when set, is an edit that
// failed, shown as typed.
func (c *Console) showPolicy(w http.ResponseWriter, r *http.Request, ss *session, form *policyForm, status int) {
	p, err := c.gov.DescribePolicy(ss.caller, r.PathValue("id"))
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	targets, err := c.gov.ListTargetsForPolicy(ss.caller, p.ID, r.URL.Query().Get("token"), pageSize)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	f := policyForm{ID: p.ID, Name: p.Name, Description: p.Description, Content: prettyJSON(p.Content), Type: p.Type, AWSManaged: p.AWSManaged}
	if form != nil {
		f = *form
	}
	c.render(w, r, ss, "policy", status, map[string]any{"Form": f, "Policy": p, "Targets": targets.Items, "Next": targets.NextToken})
}

func (c *Console) updatePolicy(w http.ResponseWriter, r *http.Request, ss *session) {
	id := r.PathValue("id")
	f := policyForm{ID: id, Type: policy.Type(r.PostFormValue("type")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Description: r.PostFormValue("description"), Content: r.PostFormValue("content")}
	_, err := c.gov.UpdatePolicy(r.Context(), ss.caller, gov.UpdatePolicyInput{PolicyID: id, Name: &f.Name, Description: &f.Description, Content: &f.Content})
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			c.failErr(w, r, ss, err)
			return
		}
		f.Problem = messageOf(err)
		c.showPolicy(w, r, ss, &f, http.StatusBadRequest)
		return
	}
	c.done(w, r, ss, "/console/policies/"+url.PathEscape(id), "Saved policy "+f.Name+".")
}

func (c *Console) deletePolicy(w http.ResponseWriter, r *http.Request, ss *session) {
	id := r.PathValue("id")
	p, err := c.gov.DescribePolicy(ss.caller, id)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	if err := c.gov.DeletePolicy(r.Context(), ss.caller, id); err != nil {
		c.refused(w, r, ss, "/console/policies/"+url.PathEscape(id), err)
		return
	}
	c.done(w, r, ss, "/console/policies?type="+url.QueryEscape(string(p.Type)), "Deleted policy "+p.Name+".")
}

// validateRequest is the live validation's question.
type validateRequest struct {
	Type    policy.Type `json:"type"`
	Content string      `json:"content"`
}

// validateAnswer lists every problem of a document at its JSON path.
type validateAnswer struct {
	Valid    bool              `json:"Valid"`
	Problems []jsondoc.Problem `json:"Problems"`
}

// validate runs gov's document validation on what the editor holds; the
// editor calls it as the person types.
func (c *Console) validate(w http.ResponseWriter, r *http.Request, ss *session) {
	var req validateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		c.fail(w, r, ss, http.StatusBadRequest, "the request is not JSON with a type and a content")
		return
	}
	if _, ok := policy.Lookup(req.Type); !ok {
		c.fail(w, r, ss, http.StatusBadRequest, "unknown policy type "+string(req.Type))
		return
	}
	ans := validateAnswer{Valid: true, Problems: []jsondoc.Problem{}}
	if err := gov.ValidateDocument(req.Type, req.Content); err != nil {
		ans.Valid = false
		var je *jsondoc.Error
		if errors.As(err, &je) {
			ans.Problems = je.Problems
		} else {
			ans.Problems = []jsondoc.Problem{{Path: "$", Message: err.Error()}}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(ans)
}
