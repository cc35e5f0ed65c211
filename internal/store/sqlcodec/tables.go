package sqlcodec

// OrganizationTables are the tables DeleteOrganization empties, children
// before parents. Settings, credentials and standalone accounts outlive the
// organization.
var OrganizationTables = []string{
	"policy_types", "ous", "accounts", "create_account_statuses",
	"attachments", "policies", "tags", "delegated_admins", "service_access",
	"handshakes",
}
