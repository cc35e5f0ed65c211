package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/chatgov/chatgov/internal/store/postgres/pgtest"
)

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestConsoleOnReplicas signs in to the console on one replica and goes on
// on the others, as a browser behind a load balancer without affinity
// does: the session holds everywhere, and the page after a change, served
// by another replica, shows the change.
func TestConsoleOnReplicas(t *testing.T) {
	t.Parallel()
	storeURL := pgtest.Schema(t)
	var urls []string
	for range 3 {
		srv := mustStart(t, serverConfig(t.TempDir(), storeURL), ServerOptions{})
		urls = append(urls, srv.URL())
	}
	ctx := context.Background()
	c := orgsAt(urls[0], sdkWith(mgmtCreds, nil))
	if _, err := c.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	root := aws.ToString(roots.Roots[0].Id)

	jar, _ := cookiejar.New(nil) // cookies of 127.0.0.1 go to every port
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(method, u string, form url.Values) (int, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, u, body)
		req.Header.Set("Accept", "text/html")
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	csrf := func(html string) string {
		t.Helper()
		m := csrfRe.FindStringSubmatch(html)
		if m == nil {
			t.Fatalf("no CSRF token in the page:\n%s", html)
		}
		return m[1]
	}
	_, signin := page("GET", urls[0]+"/console/signin", nil)
	if code, _ := page("POST", urls[0]+"/console/signin", url.Values{"csrf": {csrf(signin)},
		"access_key_id": {testRootKey}, "secret_access_key": {testRootSecret}}); code != http.StatusSeeOther {
		t.Fatalf("sign-in on replica 0: %d", code)
	}
	code, org := page("GET", urls[1]+"/console/org", nil)
	if code != http.StatusOK {
		t.Fatalf("the organization page on replica 1: %d", code)
	}
	for i := range 5 { // a change on one replica, the next page on another
		name := "team-" + string(rune('a'+i))
		code, _ := page("POST", urls[(i+1)%3]+"/console/org/ou", url.Values{"csrf": {csrf(org)}, "parent": {root}, "name": {name}})
		if code != http.StatusSeeOther {
			t.Fatalf("creating %s on replica %d: %d", name, (i+1)%3, code)
		}
		code, org = page("GET", urls[(i+2)%3]+"/console/org?node="+url.QueryEscape(root), nil)
		if code != http.StatusOK || !strings.Contains(org, name) {
			t.Fatalf("the page after creating %s, on replica %d: %d, without it", name, (i+2)%3, code)
		}
	}
	if code, _ := page("POST", urls[2]+"/console/signout", url.Values{"csrf": {csrf(org)}}); code != http.StatusSeeOther {
		t.Fatalf("sign-out on replica 2: %d", code)
	}
	if code, _ := page("GET", urls[0]+"/console/org", nil); code != http.StatusSeeOther {
		t.Fatalf("after signing out on replica 2, replica 0 answers %d", code)
	}
}
