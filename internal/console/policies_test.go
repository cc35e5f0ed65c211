package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/console"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// TestPolicyLifecycle creates, edits, attaches (after the preview),
// detaches and deletes a policy through the console's forms, checking
// each step in gov and in the member's configuration's state.
func TestPolicyLifecycle(t *testing.T) {
	w := newWorld(t)
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{}))
	b := newBrowserish(t, h)
	b.signIn(rootKey, rootSecret, "")
	b.do("GET", "/console/policies", nil, nil)
	post := func(path string, form url.Values) *httptest.ResponseRecorder {
		t.Helper()
		form.Set("csrf", b.csrf)
		return b.do("POST", path, form, nil)
	}
	state := func() string {
		t.Helper()
		member := gov.Caller{AccountID: w.dev, ARN: w.member.ARN, AccessKeyID: w.member.AccessKeyID}
		c, err := w.srv.Service.GetChatConfiguration(member, w.config.ARN, gov.PlatformSlack)
		if err != nil {
			t.Fatal(err)
		}
		return c.State
	}

	if rec := post("/console/policies/types", url.Values{"root": {w.rootID}, "type": {"CHATBOT_POLICY"}, "action": {"enable"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("enable: %d", rec.Code)
	}
	rec := post("/console/policies/new", url.Values{"type": {"CHATBOT_POLICY"}, "name": {"SlackOnly"}, "description": {"first"}, "content": {`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}`}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/console/policies/p-") {
		t.Fatalf("create: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	page := rec.Header().Get("Location")
	id := strings.TrimPrefix(page, "/console/policies/")
	if got := b.do("GET", page, nil, nil); got.Code != http.StatusOK || !strings.Contains(got.Body.String(), "SlackOnly") {
		t.Fatalf("policy page: %d", got.Code)
	}

	// A bad edit changes nothing and comes back as typed.
	rec = post(page, url.Values{"type": {"CHATBOT_POLICY"}, "name": {"SlackOnly"}, "content": {`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"on"}}}}}`}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `&#34;on&#34;`) {
		t.Errorf("bad edit: %d", rec.Code)
	}
	if p, _ := w.srv.Service.DescribePolicy(w.mgmt, id); !strings.Contains(p.Content, `"enabled"`) {
		t.Errorf("a refused edit changed the policy: %s", p.Content)
	}
	// A good edit: Figure 4.
	if rec := post(page, url.Values{"type": {"CHATBOT_POLICY"}, "name": {"Figure4"}, "description": {"second"}, "content": {figure4}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", rec.Code, rec.Body)
	}
	if p, _ := w.srv.Service.DescribePolicy(w.mgmt, id); p.Name != "Figure4" || !strings.Contains(p.Content, "user_role") {
		t.Errorf("the edit did not land: %+v", p)
	}

	// The preview shows the configuration it would disable, and attaches nothing.
	prev := b.do("GET", page+"/attach?target="+w.ouID, nil, nil)
	if prev.Code != http.StatusOK || !strings.Contains(prev.Body.String(), `id="would-disable"`) || !strings.Contains(prev.Body.String(), w.config.ARN) {
		t.Fatalf("attach preview: %d\n%s", prev.Code, prev.Body)
	}
	if state() != gov.StateEnabled {
		t.Fatal("the preview changed the configuration")
	}
	if rec := post(page+"/attach", url.Values{"target": {w.ouID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("attach: %d", rec.Code)
	}
	if state() != gov.StateDisabled {
		t.Errorf("after the attachment the configuration is %s", state())
	}
	// Attached policies cannot be deleted: the page says so.
	if rec := post(page+"/delete", url.Values{}); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != page {
		t.Errorf("delete while attached: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if body := b.do("GET", page, nil, nil).Body.String(); !strings.Contains(body, `id="flash-problem"`) {
		t.Errorf("the refusal to delete is not shown")
	}
	// A bad preview target is said on the page.
	if prev := b.do("GET", page+"/attach?target=ou-nope", nil, nil); !strings.Contains(prev.Body.String(), `id="preview-problem"`) {
		t.Errorf("a malformed target: no problem shown")
	}

	prev = b.do("GET", page+"/detach?target="+w.ouID, nil, nil)
	if !strings.Contains(prev.Body.String(), `id="would-enable"`) || !strings.Contains(prev.Body.String(), w.config.ARN) {
		t.Errorf("the detach preview does not show the configuration enabled again")
	}
	if rec := post(page+"/detach", url.Values{"target": {w.ouID}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("detach: %d", rec.Code)
	}
	if state() != gov.StateEnabled {
		t.Errorf("after the detachment the configuration is %s", state())
	}
	if rec := post(page+"/delete", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", rec.Code)
	}
	if ps, _ := w.srv.Service.ListPolicies(w.mgmt, policy.ChatbotPolicy, "", 20); len(ps.Items) != 0 {
		t.Errorf("the policy survived its deletion: %+v", ps.Items)
	}
	if rec := b.do("GET", page, nil, nil); rec.Code != http.StatusNotFound {
		t.Errorf("a deleted policy's page: %d", rec.Code)
	}
}

// TestChatPage simulates a chat command as the member and reads the
// directory; a command in another account's configuration gets gov's
// refusal on the page.
func TestChatPage(t *testing.T) {
	w := newWorld(t)
	if err := w.srv.Service.PutSlackChannel(context.Background(), w.mgmt, gov.SlackChannel{TeamID: workspace, TeamName: "acme", ChannelID: "C0OPS0001", ChannelName: "ops", Visibility: "private"}); err != nil {
		t.Fatal(err)
	}
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{}))
	b := newBrowserish(t, h)
	b.signIn(w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken)
	rec := b.do("GET", "/console/chat?"+url.Values{"arn": {w.config.ARN}, "command": {"@aws lambda invoke --function-name deploy"}}.Encode(), nil, nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `id="verdict"`) || !strings.Contains(body, "lambda:InvokeFunction") {
		t.Fatalf("simulate: %d\n%s", rec.Code, body)
	}
	if !strings.Contains(body, `id="slack-channels"`) || !strings.Contains(body, "C0OPS0001") {
		t.Errorf("the directory is not shown")
	}
	rec = b.do("GET", "/console/chat?"+url.Values{"arn": {w.config.ARN}, "command": {"@aws"}}.Encode(), nil, nil)
	if !strings.Contains(rec.Body.String(), `id="simulate-problem"`) {
		t.Errorf("an incomplete command: no problem shown")
	}
	// Another account's configuration is gov's refusal.
	other := strings.Replace(w.config.ARN, w.dev, mgmtAccount, 1)
	if rec := b.do("GET", "/console/chat?"+url.Values{"arn": {other}, "command": {"@aws s3 ls"}}.Encode(), nil, nil); !strings.Contains(rec.Body.String(), `id="simulate-problem"`) {
		t.Errorf("another account's configuration: %d", rec.Code)
	}
}

// TestDelegatedAdministrator signs in as the chatbot delegated
// administrator: it may manage chat applications policies, not other
// types.
func TestDelegatedAdministrator(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	svc := w.srv.Service
	if err := svc.EnableAWSServiceAccess(ctx, w.mgmt, gov.ChatbotServicePrincipal); err != nil {
		t.Fatal(err)
	}
	if err := svc.RegisterDelegatedAdministrator(ctx, w.mgmt, w.dev, gov.ChatbotServicePrincipal); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EnablePolicyType(ctx, w.mgmt, w.rootID, policy.ChatbotPolicy); err != nil {
		t.Fatal(err)
	}
	h := console.Mount(apiStandIn, console.New(svc, console.Options{}))
	b := newBrowserish(t, h)
	b.signIn(w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken)
	home := b.do("GET", "/console/", nil, nil).Body.String()
	if !strings.Contains(home, `href="/console/policies"`) {
		t.Errorf("the delegated administrator's navigation has no Policies page")
	}
	rec := b.do("POST", "/console/policies/new", url.Values{"csrf": {b.csrf}, "type": {"CHATBOT_POLICY"}, "name": {"Figure4"}, "content": {figure4}}, nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("the delegated administrator creating a chat applications policy: %d\n%s", rec.Code, rec.Body)
	}
	rec = b.do("POST", "/console/policies/types", url.Values{"csrf": {b.csrf}, "root": {w.rootID}, "type": {"TAG_POLICY"}, "action": {"enable"}}, nil)
	if rec.Code != http.StatusForbidden {
		t.Errorf("the delegated administrator enabling tag policies: %d, want 403", rec.Code)
	}
}
