package gov

// integratedService is an AWS service that integrates with AWS
// Organizations: it can be given trusted access, and some can have a
// delegated administrator.
type integratedService struct {
	// delegable is true for services that support a delegated administrator.
	delegable bool
}

// integratedServices are the service principals of the AWS services that
// work with Organizations, from the Organizations User Guide's list of
// them. EnableAWSServiceAccess, DisableAWSServiceAccess,
// RegisterDelegatedAdministrator and ListDelegatedAdministrators refuse
// any other principal, as AWS does.
var integratedServices = map[string]integratedService{
	"access-analyzer.amazonaws.com":                      {delegable: true},
	"account.amazonaws.com":                              {delegable: true},
	"auditmanager.amazonaws.com":                         {delegable: true},
	"aws-artifact-account-sync.amazonaws.com":            {},
	"backup.amazonaws.com":                               {delegable: true},
	ChatbotServicePrincipal:                              {delegable: true},
	"cloudtrail.amazonaws.com":                           {delegable: true},
	"compute-optimizer.amazonaws.com":                    {delegable: true},
	"config.amazonaws.com":                               {delegable: true},
	"config-multiaccountsetup.amazonaws.com":             {delegable: true},
	"controltower.amazonaws.com":                         {},
	"cost-optimization-hub.bcm.amazonaws.com":            {delegable: true},
	"detective.amazonaws.com":                            {delegable: true},
	"devops-guru.amazonaws.com":                          {delegable: true},
	"ds.amazonaws.com":                                   {delegable: true},
	"fms.amazonaws.com":                                  {delegable: true},
	"guardduty.amazonaws.com":                            {delegable: true},
	"health.amazonaws.com":                               {delegable: true},
	"iam.amazonaws.com":                                  {delegable: true},
	"inspector2.amazonaws.com":                           {delegable: true},
	"ipam.amazonaws.com":                                 {delegable: true},
	"license-manager.amazonaws.com":                      {delegable: true},
	"license-manager.member-account.amazonaws.com":       {},
	"license-management.marketplace.amazonaws.com":       {delegable: true},
	"macie.amazonaws.com":                                {delegable: true},
	"malware-protection.guardduty.amazonaws.com":         {},
	"member.org.stacksets.cloudformation.amazonaws.com":  {delegable: true},
	"mgn.amazonaws.com":                                  {delegable: true},
	"networkmanager.amazonaws.com":                       {delegable: true},
	"ram.amazonaws.com":                                  {},
	"reachabilityanalyzer.networkinsights.amazonaws.com": {delegable: true},
	"reporting.trustedadvisor.amazonaws.com":             {delegable: true},
	"resource-explorer-2.amazonaws.com":                  {delegable: true},
	"securityhub.amazonaws.com":                          {delegable: true},
	"securitylake.amazonaws.com":                         {delegable: true},
	"security-ir.amazonaws.com":                          {delegable: true},
	"servicecatalog.amazonaws.com":                       {delegable: true},
	"servicequotas.amazonaws.com":                        {},
	"ssm.amazonaws.com":                                  {delegable: true},
	"sso.amazonaws.com":                                  {delegable: true},
	"storage-lens.s3.amazonaws.com":                      {delegable: true},
	"tagpolicies.tag.amazonaws.com":                      {},
	"wellarchitected.amazonaws.com":                      {delegable: true},
	"declarative-policies.ec2.amazonaws.com":             {},
}

// checkIntegrated checks that principal names a service that integrates
// with Organizations (and, with delegation, one that supports a delegated
// administrator). It returns an Invalid error with reason
// UNRECOGNIZED_SERVICE_PRINCIPAL otherwise.
func checkIntegrated(principal string, delegation bool) error {
	if err := checkPrincipal(principal); err != nil {
		return err
	}
	s, ok := integratedServices[principal]
	switch {
	case !ok:
		return invalid(ReasonUnknownPrincipal, "%s is not the service principal of an AWS service that integrates with AWS Organizations", principal)
	case delegation && !s.delegable:
		return invalid(ReasonUnknownPrincipal, "%s integrates with AWS Organizations but does not support a delegated administrator", principal)
	}
	return nil
}
