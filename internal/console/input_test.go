package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chatgov/chatgov/internal/console"
	"github.com/chatgov/chatgov/internal/gov"
	"github.com/chatgov/chatgov/internal/policy"
)

// TestBadInput checks that a refused change says what is wrong on the page
// it came from, and that nothing of it is saved.
func TestBadInput(t *testing.T) {
	w := newWorld(t)
	h := console.Mount(apiStandIn, console.New(w.srv.Service, console.Options{}))
	b := newBrowserish(t, h)
	b.signIn(rootKey, rootSecret, "")
	b.do("GET", "/console/", nil, nil)

	t.Run("forms", func(t *testing.T) {
		tests := []struct {
			name, path string
			form       url.Values
			back, says string
		}{
			{"an OU without a name", "/console/org/ou", url.Values{"parent": {w.rootID}, "name": {""}}, "/console/org?node=" + w.rootID, "Name is required"},
			{"an OU name too long", "/console/org/ou", url.Values{"parent": {w.rootID}, "name": {strings.Repeat("n", 129)}}, "/console/org?node=" + w.rootID, "at most 128"},
			{"a move to nowhere", "/console/org/move", url.Values{"account": {w.dev}, "source": {w.ouID}, "destination": {"ou-zzzz-zzzzzzzz"}}, "/console/org?node=" + w.dev, "ou-zzzz-zzzzzzzz"},
			{"a move to a malformed ID", "/console/org/move", url.Values{"account": {w.dev}, "source": {w.ouID}, "destination": {"elsewhere"}}, "/console/org?node=" + w.dev, "elsewhere"},
			{"an unknown policy type", "/console/policies/types", url.Values{"root": {w.rootID}, "type": {"NO_SUCH_POLICY"}, "action": {"enable"}}, "/console/policies?type=NO_SUCH_POLICY", "NO_SUCH_POLICY"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.form.Set("csrf", b.csrf)
				rec := b.do("POST", tt.path, tt.form, nil)
				if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != tt.back {
					t.Fatalf("POST %s: %d to %q, want 303 to %q\n%s", tt.path, rec.Code, rec.Header().Get("Location"), tt.back, rec.Body)
				}
				page := b.do("GET", tt.back, nil, nil).Body.String()
				if !strings.Contains(page, `id="flash-problem"`) || !strings.Contains(page, tt.says) {
					t.Errorf("the page does not say %q:\n%s", tt.says, page)
				}
			})
		}
		ous, _ := w.srv.Service.ListOrganizationalUnitsForParent(w.mgmt, w.rootID, "", 20)
		if len(ous.Items) != 1 {
			t.Errorf("refused forms created OUs: %+v", ous.Items)
		}
	})

	t.Run("move previews", func(t *testing.T) {
		tests := []struct{ name, query, says string }{
			{"no destination", "account=" + w.dev, "Name where to move the account"},
			{"no account", "destination=" + w.rootID, "Name the account to move"},
			{"a destination that does not exist", "account=" + w.dev + "&destination=ou-zzzz-zzzzzzzz", "ou-zzzz-zzzzzzzz"},
			{"a malformed destination", "account=" + w.dev + "&destination=elsewhere", "elsewhere"},
			{"from a parent it is not under", "account=" + w.dev + "&source=" + w.rootID + "&destination=" + w.ouID, w.rootID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := b.do("GET", "/console/org/move?"+tt.query, nil, nil)
				page := rec.Body.String()
				if rec.Code != http.StatusOK || !strings.Contains(page, `id="preview-problem"`) || !strings.Contains(page, tt.says) ||
					strings.Contains(page, `id="confirm-move"`) {
					t.Errorf("GET %s: %d, want the problem %q and no confirmation:\n%s", tt.query, rec.Code, tt.says, page)
				}
			})
		}
		if ps, err := w.srv.Service.ListParents(w.mgmt, w.dev, "", 1); err != nil || ps.Items[0].ID != w.ouID {
			t.Errorf("a preview moved the account: %+v %v", ps, err)
		}
	})

	t.Run("a malformed policy comes back as typed", func(t *testing.T) {
		doc := `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"maybe"}}}}}`
		rec := b.do("POST", "/console/policies/new", url.Values{"csrf": {b.csrf}, "type": {"CHATBOT_POLICY"}, "name": {"Broken"}, "content": {doc}}, nil)
		if rec.Code != http.StatusBadRequest {
			t.Fatalf("create: %d", rec.Code)
		}
		page := rec.Body.String()
		for _, want := range []string{`id="form-problem"`, "$.chatbot.platforms.slack.client", "maybe", `value="Broken"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the form does not show %q", want)
			}
		}
		ps, _ := w.srv.Service.ListPolicies(w.mgmt, policy.ChatbotPolicy, "", 20)
		if len(ps.Items) != 0 {
			t.Errorf("a malformed policy was saved: %+v", ps.Items)
		}
	})

	t.Run("live validation", func(t *testing.T) {
		tests := []struct {
			name, typ, content string
			valid              bool
			paths              []string
		}{
			{"Figure 4", "CHATBOT_POLICY", figure4, true, nil},
			{"two problems", "CHATBOT_POLICY", `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"maybe"},"colour":{"@@assign":"red"}}}}}`, false,
				[]string{"$.chatbot.platforms.slack.client.@@assign", "$.chatbot.platforms.slack.colour"}},
			{"not JSON", "CHATBOT_POLICY", `{"chatbot":`, false, []string{"$"}},
			{"an SCP", "SERVICE_CONTROL_POLICY", `{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`, false, []string{"$.Statement[0].Effect"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				body, _ := json.Marshal(map[string]string{"type": tt.typ, "content": tt.content})
				rec := b.doJSON("/console/api/validate", body)
				if rec.Code != http.StatusOK {
					t.Fatalf("validate: %d %s", rec.Code, rec.Body)
				}
				var ans struct {
					Valid    bool
					Problems []struct{ Path, Message string }
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
					t.Fatal(err)
				}
				if ans.Valid != tt.valid {
					t.Errorf("valid = %v, want %v: %+v", ans.Valid, tt.valid, ans.Problems)
				}
				for _, p := range tt.paths {
					found := false
					for _, got := range ans.Problems {
						found = found || strings.HasPrefix(got.Path, p)
					}
					if !found {
						t.Errorf("no problem at %s: %+v", p, ans.Problems)
					}
				}
			})
		}
	})
}

// TestFirstMinute signs in to a server that holds no organization yet and
// creates one from the home page.
func TestFirstMinute(t *testing.T) {
	srv := startServer(t)
	h := console.Mount(apiStandIn, console.New(srv.Service, console.Options{}))
	b := newBrowserish(t, h)
	b.signIn(rootKey, rootSecret, "")
	home := b.do("GET", "/console/", nil, nil)
	if !strings.Contains(home.Body.String(), `id="create-org"`) {
		t.Fatalf("no way to create an organization:\n%s", home.Body)
	}
	rec := b.do("POST", "/console/org/create", url.Values{"csrf": {b.csrf}}, nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/console/org" {
		t.Fatalf("create: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if org := b.do("GET", "/console/org", nil, nil); org.Code != http.StatusOK || !strings.Contains(org.Body.String(), "Created organization") {
		t.Errorf("the organization page after creating it: %d", org.Code)
	}
	// A second time is gov's refusal, shown on the home page.
	rec = b.do("POST", "/console/org/create", url.Values{"csrf": {b.csrf}}, nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/console/" {
		t.Errorf("a second organization: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if home := b.do("GET", "/console/", nil, nil).Body.String(); !strings.Contains(home, `id="flash-problem"`) {
		t.Errorf("the refusal is not shown")
	}
	if _, err := srv.Service.DescribeOrganization(gov.Caller{AccountID: mgmtAccount, ARN: "arn:aws:iam::" + mgmtAccount + ":root"}); err != nil {
		t.Errorf("no organization: %v", err)
	}
}
