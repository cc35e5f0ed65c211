package awsapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// TestServicePrincipals: trusted access and delegated administrators take
// only the principals of AWS services that integrate with Organizations,
// as AWS does.
func TestServicePrincipals(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	ctx := context.Background()
	c := ts.mgmtOrgs()
	ts.org()
	acct := ts.account("security")

	unrecognized := func(what string, err error) {
		t.Helper()
		ie := wantErr[*types.InvalidInputException](t, err)
		if ie.Reason != types.InvalidInputExceptionReasonUnrecognizedServicePrincipal ||
			!strings.HasPrefix(*ie.Message, "You specified an unrecognized service principal.") {
			t.Errorf("%s: %s %s", what, ie.Reason, *ie.Message)
		}
	}
	for _, p := range []string{"nosuchservice.amazonaws.com", "CHATBOT.amazonaws.com", "chatbot.amazonaws.com.evil"} {
		_, err := c.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(p)})
		unrecognized("EnableAWSServiceAccess "+p, err)
		_, err = c.DisableAWSServiceAccess(ctx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: aws.String(p)})
		unrecognized("DisableAWSServiceAccess "+p, err)
		_, err = c.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(acct), ServicePrincipal: aws.String(p)})
		unrecognized("RegisterDelegatedAdministrator "+p, err)
		_, err = c.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(p)})
		unrecognized("ListDelegatedAdministrators "+p, err)
	}

	// A service with trusted access but no delegated administrators.
	try(c.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("ram.amazonaws.com")})).must(t)
	_, err := c.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(acct), ServicePrincipal: aws.String("ram.amazonaws.com")})
	unrecognized("RegisterDelegatedAdministrator ram", err)

	for _, p := range []string{"chatbot.amazonaws.com", "guardduty.amazonaws.com"} {
		try(c.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(p)})).must(t)
		try(c.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(acct), ServicePrincipal: aws.String(p)})).must(t)
	}
	out := try(c.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(acct)})).must(t)
	if len(out.DelegatedServices) != 2 || *out.DelegatedServices[0].ServicePrincipal != "chatbot.amazonaws.com" {
		t.Errorf("delegated services %+v", out.DelegatedServices)
	}
	enabled := try(c.ListAWSServiceAccessForOrganization(ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})).must(t)
	if len(enabled.EnabledServicePrincipals) != 3 {
		t.Errorf("enabled services %+v", enabled.EnabledServicePrincipals)
	}
}
