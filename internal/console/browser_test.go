package console_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a headless chromium with a fresh profile and returns a
// context driving one tab. Without chromium the test skips, except under
// CI=true, where it fails. A failed test leaves a screenshot of the page
// it was on.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required under CI=true (apt-get install chromium): %v", err)
		}
		t.Skipf("no chromium at %s: browser tests skip locally", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	if err := chromedp.Do(ctx); err != nil {
		cancelTime()
		cancelTab()
		cancelAlloc()
		t.Fatalf("starting chromium: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			if png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100)); err == nil {
				name := filepath.Join(os.TempDir(), "chatgov-console-"+strings.NewReplacer("/", "-", " ", "_").Replace(t.Name())+".png")
				if os.WriteFile(name, png, 0o644) == nil {
					t.Logf("screenshot of the failed page: %s", name)
				}
			}
			cancel()
		}
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}

// run runs browser actions, failing the test at the first that fails.
func run(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s (at %s): %v", what, loc, err)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("%s (at %s): %v", what, loc, err)
	}
	return v
}

// text reads the text of the element sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return get(t, ctx, "reading "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// setEditor puts a document in the policy editor as typing would.
func setEditor(content string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.SetValue(chromedp.ID("content"), content),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("content").dispatchEvent(new Event("input"))`))
			return err
		}))
}

// waitText waits until the element sel's text contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		got, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var e=document.querySelector(`+jsString(sel)+`);return e?e.innerText:""})()`))
		if strings.Contains(got, want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s says %q, want it to contain %q", sel, got, want)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// waitFor waits until an element matching sel is on the page and shown.
// It asks the page by script, over again, rather than holding a node: a
// navigation that replaces the document in between is no error.
func waitFor(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		expr := `(function(){var e=document.querySelector(` + jsString(sel) + `);return !!e && document.readyState !== "loading" && e.getClientRects().length > 0})()`
		deadline := time.Now().Add(15 * time.Second)
		for {
			if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); ok {
				return nil
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s did not appear", sel)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// formValue returns the value of the form field with that ID.
func formValue(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return get(t, ctx, "reading "+id, chromedp.Evaluate[string](`document.getElementById(`+jsString(id)+`).value`))
}

// chooseOption picks an option of a select as a person does, with the
// change event that follows.
func chooseOption(id, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var e=document.getElementById(`+jsString(id)+`);e.value=`+jsString(value)+
			`;return e.dispatchEvent(new Event("change",{bubbles:true}))})()`))
		return err
	})
}

// shot saves a screenshot of the page as name.png in the directory
// CHATGOV_CONSOLE_SHOTS names, when it names one (README's pictures).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CHATGOV_CONSOLE_SHOTS")
	if dir == "" {
		return
	}
	png := get(t, ctx, "a screenshot", chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// signIn signs in through the sign-in form.
func signIn(t *testing.T, ctx context.Context, base, key, secret, token string) {
	t.Helper()
	run(t, ctx, "signing in",
		chromedp.Navigate(base+"/console/signin"),
		waitFor("#access_key_id"),
		chromedp.SendKeys(chromedp.CSS("#access_key_id"), key),
		chromedp.SendKeys(chromedp.CSS("#secret_access_key"), secret),
		chromedp.SendKeys(chromedp.CSS("#session_token"), token),
		chromedp.Click(chromedp.CSS("#signin")),
		waitFor("#principal"),
	)
}

// TestBrowserWalkthrough walks the blog's walkthrough in chromium: sign in
// as the management account, enable chatbot policies, write the Figure 4
// policy with live validation, attach it to an OU after the preview shows
// the configuration it disables, and see that configuration DISABLED with
// its reason; then a member is refused the management pages, and a post
// without the CSRF token is refused.
func TestBrowserWalkthrough(t *testing.T) {
	w := newWorld(t)
	ctx := newBrowser(t)

	// A browser at / lands on the sign-in page.
	run(t, ctx, "opening /", chromedp.Navigate(w.url+"/"), waitFor("#signin-form"))
	loc := get(t, ctx, "reading the location", chromedp.Location())
	if !strings.HasSuffix(loc, "/console/signin") {
		t.Errorf("/ took the browser to %s", loc)
	}
	// A wrong secret is refused with a message.
	run(t, ctx, "a wrong secret",
		chromedp.SendKeys(chromedp.CSS("#access_key_id"), rootKey),
		chromedp.SendKeys(chromedp.CSS("#secret_access_key"), "not-the-secret"),
		chromedp.Click(chromedp.CSS("#signin")),
		waitFor("#signin-problem"))

	signIn(t, ctx, w.url, rootKey, rootSecret, "")
	if got := text(t, ctx, "#principal"); !strings.Contains(got, mgmtAccount) {
		t.Errorf("signed in as %q", got)
	}

	// Figure 1: the Policies page; enable chatbot policies.
	run(t, ctx, "enabling chatbot policies",
		chromedp.Click(chromedp.CSS(`a[href="/console/policies"]`)),
		waitFor("#enable-CHATBOT_POLICY"),
		chromedp.Click(chromedp.CSS("#enable-CHATBOT_POLICY")),
		waitFor("#flash"))
	waitText(t, ctx, "#type-CHATBOT_POLICY", "Enabled")
	shot(t, ctx, "policies")

	// Figure 2 / 4: create the policy; the editor validates as one types.
	run(t, ctx, "opening the editor",
		chromedp.Click(chromedp.CSS("#create-policy")),
		waitFor("#content"),
		chromedp.SendKeys(chromedp.CSS("#name"), "AllowOnlySlackWithUserRolePolicy"),
		setEditor(`{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"sometimes"}}}}}`))
	waitText(t, ctx, "#problems", "$.chatbot.platforms.slack.client")
	shot(t, ctx, "editor-invalid")
	// The form follows the JSON...
	run(t, ctx, "a Teams document in the JSON", setEditor(`{"chatbot":{"platforms":{"microsoft_teams":{"client":{"@@assign":"enabled"},`+
		`"tenants":{"11111111-2222-3333-4444-555555555555":{"@@assign":["*"]}}},"slack":{"overrides":{"T0AAA":{"supported_role_settings":{"@@assign":["user_role"]}}}}}}}`))
	if got := formValue(t, ctx, "cf-teams-client"); got != "enabled" {
		t.Errorf("the form's Teams client is %q", got)
	}
	if got := formValue(t, ctx, "cf-teams-tenants"); got != "11111111-2222-3333-4444-555555555555: *" {
		t.Errorf("the form's Teams tenants are %q", got)
	}
	if got := formValue(t, ctx, "cf-slack-overrides"); got != "T0AAA roles=user_role" {
		t.Errorf("the form's Slack overrides are %q", got)
	}
	// ...and says where it cannot.
	run(t, ctx, "a document the form cannot show", setEditor(`{"chatbot":{"platforms":{"slack":{"workspaces":{"@@append":["T1"]}}}}}`))
	waitText(t, ctx, "#chatform-note", "$.chatbot.platforms.slack.workspaces.@@append")
	if !get(t, ctx, "the form's state", chromedp.Evaluate[bool](`document.getElementById("chatform").disabled`)) {
		t.Errorf("the form stays enabled for a document it cannot show")
	}
	// Figure 2: build the Figure 4 policy in the form; the JSON follows.
	run(t, ctx, "building the Figure 4 policy in the form", setEditor(`{}`),
		chooseOption("cf-default-client", "disabled"),
		chooseOption("cf-slack-client", "enabled"),
		chromedp.SendKeys(chromedp.CSS("#cf-slack-workspaces"), workspace),
		chromedp.Click(chromedp.CSS("#cf-slack-user_role")))
	waitText(t, ctx, "#problems", "Valid document.")
	var got, want any
	if err := json.Unmarshal([]byte(formValue(t, ctx, "content")), &got); err != nil {
		t.Fatalf("the editor holds no JSON: %v", err)
	}
	json.Unmarshal([]byte(figure4), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the form wrote %v, want Figure 4's %v", got, want)
	}
	shot(t, ctx, "editor-form")
	run(t, ctx, "creating the policy", chromedp.Click(chromedp.CSS("#save")), waitFor("#flash"))
	waitText(t, ctx, "#flash", "Created policy AllowOnlySlackWithUserRolePolicy")

	// Figure 3: attach to the OU, with the preview first.
	run(t, ctx, "previewing the attachment",
		chromedp.Click(chromedp.CSS("#attach")),
		waitFor("#target-form"),
		chromedp.Click(chromedp.CSS(`input[name="target"][value="`+w.ouID+`"]`)),
		chromedp.Click(chromedp.CSS("#preview")),
		waitFor("#impact"))
	waitText(t, ctx, "#impact-summary", "1 configurations would become DISABLED")
	waitText(t, ctx, "#would-disable", w.config.ARN)
	waitText(t, ctx, "#diff", "$.chatbot")
	shot(t, ctx, "attach-preview")
	// Nothing is attached before confirming.
	if ts, err := w.srv.Service.ListTargetsForPolicy(w.mgmt, policyIDOf(t, w), "", 10); err != nil || len(ts.Items) != 0 {
		t.Fatalf("the preview attached the policy: %+v %v", ts, err)
	}
	run(t, ctx, "confirming", chromedp.Click(chromedp.CSS("#confirm")), waitFor("#flash"))
	waitText(t, ctx, "#flash", "Attached to "+w.ouID)
	waitText(t, ctx, "#targets", "Workloads")

	// The configuration is DISABLED, with its reason.
	run(t, ctx, "the account's compliance",
		chromedp.Navigate(w.url+"/console/compliance?account="+w.dev),
		waitFor("#disabled"))
	waitText(t, ctx, "#disabled", w.config.ARN)
	reason := text(t, ctx, "#disabled tbody td:last-child")
	if !strings.Contains(reason, "role") {
		t.Errorf("the disabled configuration's reason is %q, want the role setting", reason)
	}
	waitText(t, ctx, "#events", "ENABLED → DISABLED")
	waitText(t, ctx, "#by-day", "1")
	shot(t, ctx, "compliance")
	// The organization page counts it under the OU.
	run(t, ctx, "the organization tree", chromedp.Navigate(w.url+"/console/org"), waitFor("#children"))
	waitText(t, ctx, "#children", "1 disabled")
	shot(t, ctx, "organization")
	// The effective policy says where each value came from.
	run(t, ctx, "the effective policy", chromedp.Navigate(w.url+"/console/accounts/"+w.dev+"/effective"), waitFor("#provenance"))
	waitText(t, ctx, "#provenance", "AllowOnlySlackWithUserRolePolicy")
	waitText(t, ctx, "#provenance", w.ouID)
	shot(t, ctx, "effective")

	// Moving the account: from its page, the impact preview first (out of
	// the OU, the policy no longer applies: the configuration would be
	// ENABLED again), nothing moved before confirming.
	run(t, ctx, "previewing a move to the root",
		chromedp.Navigate(w.url+"/console/org?node="+w.dev),
		waitFor("#move-account"),
		chromedp.SendKeys(chromedp.CSS("#destination"), w.rootID),
		chromedp.Click(chromedp.CSS("#move-preview")),
		waitFor("#impact"))
	waitText(t, ctx, "#impact-summary", "0 configurations would become DISABLED, 1 ENABLED")
	waitText(t, ctx, "#would-enable", w.config.ARN)
	waitText(t, ctx, "#diff", "$.chatbot")
	shot(t, ctx, "move-preview")
	if parents, err := w.srv.Service.ListParents(w.mgmt, w.dev, "", 1); err != nil || len(parents.Items) != 1 || parents.Items[0].ID != w.ouID {
		t.Fatalf("the preview moved the account: %+v %v", parents, err)
	}
	run(t, ctx, "confirming the move", chromedp.Click(chromedp.CSS("#confirm-move")), waitFor("#flash"))
	waitText(t, ctx, "#flash", "Moved account "+w.dev+" to "+w.rootID)
	run(t, ctx, "the compliance after the move", chromedp.Navigate(w.url+"/console/compliance?account="+w.dev), waitFor("#events"))
	waitText(t, ctx, "#events", "DISABLED → ENABLED")
	// A destination that does not exist is named on the preview page.
	run(t, ctx, "previewing a move to nowhere",
		chromedp.Navigate(w.url+"/console/org/move?account="+w.dev+"&source="+w.rootID+"&destination=ou-zzzz-zzzzzzzz"),
		waitFor("#preview-problem"))
	waitText(t, ctx, "#preview-problem", "ou-zzzz-zzzzzzzz")
	// And back under the OU, where the policy disables it again.
	run(t, ctx, "moving back", chromedp.Navigate(w.url+"/console/org/move?account="+w.dev+"&source="+w.rootID+"&destination="+w.ouID),
		waitFor("#impact"))
	waitText(t, ctx, "#would-disable", w.config.ARN)
	run(t, ctx, "confirming the move back", chromedp.Click(chromedp.CSS("#confirm-move")), waitFor("#flash"))
	waitText(t, ctx, "#flash", "Moved account "+w.dev+" to "+w.ouID)

	// On a narrow screen no page is wider than the screen: wide tables
	// scroll inside their cards.
	run(t, ctx, "a narrow screen", chromedp.EmulateViewport(375, 800))
	for _, path := range []string{"/console/org", "/console/policies", "/console/policies/new", "/console/compliance?account=" + w.dev,
		"/console/accounts/" + w.dev + "/effective"} {
		run(t, ctx, "opening "+path+" on a narrow screen", chromedp.Navigate(w.url+path), waitFor("main"))
		if wide := get(t, ctx, "measuring "+path, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
			t.Errorf("%s is wider than a 375 px screen", path)
		}
	}
	run(t, ctx, "back to a wide screen", chromedp.ResetViewport())

	// A post without the CSRF token is refused, even from the console's own origin.
	status := get(t, ctx, "a post without a CSRF token", chromedp.Evaluate[int](`fetch("/console/org/ou", {method: "POST", credentials: "same-origin",
		headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: "parent=`+w.rootID+`&name=Forged"}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if status != 403 {
		t.Errorf("a post without a CSRF token: %d, want 403", status)
	}

	// Sign out; a member signs in and is refused the management pages.
	run(t, ctx, "signing out", chromedp.Click(chromedp.CSS("#signout")), waitFor("#signin-form"))
	signIn(t, ctx, w.url, w.member.AccessKeyID, w.member.SecretAccessKey, w.member.SessionToken)
	links := get(t, ctx, "the member's navigation", chromedp.Evaluate[int](`document.querySelectorAll('a[href="/console/policies"]').length`))
	if links != 0 {
		t.Errorf("the member's navigation links to the Policies page")
	}
	waitText(t, ctx, "#configs", "DISABLED")
	run(t, ctx, "the member at the Policies page", chromedp.Navigate(w.url+"/console/policies"), waitFor("#error-message"))
	waitText(t, ctx, "h1", "Not allowed")
	run(t, ctx, "the member at the organization page", chromedp.Navigate(w.url+"/console/org"), waitFor("#error-message"))
	waitText(t, ctx, "h1", "Not allowed")
	// The member reads its own effective policy's provenance (gov's
	// ExplainEffectivePolicy, as the API answers it), not the validation
	// errors only administrators may list.
	run(t, ctx, "the member's effective policy", chromedp.Navigate(w.url+"/console/accounts/"+w.dev+"/effective"), waitFor("#provenance"))
	waitText(t, ctx, "#provenance", "AllowOnlySlackWithUserRolePolicy")
	waitText(t, ctx, "main", "may not list this account's validation errors")
}

// policyIDOf returns the ID of the walkthrough's policy.
func policyIDOf(t *testing.T, w *world) string {
	t.Helper()
	page, err := w.srv.Service.ListPolicies(w.mgmt, "CHATBOT_POLICY", "", 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.Name == "AllowOnlySlackWithUserRolePolicy" {
			return p.ID
		}
	}
	t.Fatal("no AllowOnlySlackWithUserRolePolicy")
	return ""
}
