package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/chatgov/chatgov/internal/gov"
)

// put-signing-secret reads the secret from stdin and registers it; the
// server then knows it, and nothing prints it.
func TestPutSigningSecret(t *testing.T) {
	ls := startLiveServer(t)
	if _, err := ls.orgs().CreateOrganization(context.Background(), &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	mgmt := env(mgmtCreds, ls.srv.URL())
	const secret = "8f742231b10e8888abcd99yyyzzz85a5"
	out := expect(t, mgmt, secret+"\n", ExitOK, []string{"Registered the signing secret of slack workspace T0CHATGOV1."},
		"directory", "put-signing-secret", "--workspace", "T0CHATGOV1")
	if got, ok := ls.srv.Service.SigningSecret(gov.PlatformSlack, "T0CHATGOV1"); !ok || got != secret {
		t.Errorf("the server holds %q, %v", got, ok)
	}
	if strings.Contains(out, secret) {
		t.Errorf("the output shows the secret: %q", out)
	}
	expect(t, mgmt, "", ExitUsage, []string{"give the secret on standard input"}, "directory", "put-signing-secret", "--workspace", "T0CHATGOV1")
	expect(t, mgmt, "short\n", ExitFailed, []string{"InvalidParameterException", "16 to 256 printable characters"},
		"directory", "put-signing-secret", "--workspace", "T0CHATGOV1")
	expect(t, mgmt, secret+"\n", ExitFailed, []string{"InvalidParameterException", "not a Microsoft Teams team ID"},
		"directory", "put-signing-secret", "--platform", "microsoft_teams", "--workspace", "T0CHATGOV1")
}
