package orgfile

import (
	"fmt"
	"strconv"
	"time"

	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
	"github.com/chatgov/chatgov/internal/store"
)

// The offline command line runs the server's use cases over an org file:
// State turns the file into what a store holds, and the service loads it
// as it loads a server's store. The records are those the server makes
// for the same organization (its API makes them with IDs it draws; an org
// file gives them its own), so that the service answers alike.

// ManagementAccountName is the name the management account gets when the
// state adds it, the name the server gives it.
const ManagementAccountName = "management"

// defaultManagementAccount is the ID the state gives a management account
// that the file does not name, unless the file uses it.
const defaultManagementAccount = 999999999999

// stateEpoch is when the state says the file's nodes were created, one
// microsecond apart in file order (parents first), so that the service
// keeps the file's order.
var stateEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// StateOptions say what a state holds beyond the file.
type StateOptions struct {
	// Management names an account of the file (by ID or unique name) as
	// the organization's management account. Empty, the state adds one
	// outside the file, at the root, as every organization has: see
	// ManagementAccount.
	Management string
	// Unattached leaves the file's policies unattached (FullAWSAccess
	// stays where the file has it), for a caller that puts channel
	// configurations in first and then attaches the policies through the
	// service, in the file's order, as a server would have seen it.
	Unattached bool
}

// ManagementAccount returns the ID a state gives the management account
// when the file names none: 999999999999, or the highest ID below it that
// the file does not use.
func (o *Org) ManagementAccount() string {
	for id := defaultManagementAccount; ; id-- {
		s := strconv.Itoa(id)
		if _, used := o.Tree.Node(s); !used {
			return s
		}
	}
}

// OrganizationID returns the organization's ID in a state: derived from
// the root's, so that the same file always yields the same ID.
func (o *Org) OrganizationID() string { return "o-" + hash("organization/"+o.Tree.Root().ID, 10) }

// State returns the organization as a store holds it: the organization
// with its management account, the policy types the file enables, its OUs
// and accounts with their IDs, its policies, and every attachment in the
// file's order, FullAWSAccess first on every node that has it (see the
// package documentation). It returns an error when opts.Management does
// not name an account of the file.
func (o *Org) State(opts StateOptions) (*store.State, error) {
	root := o.Tree.Root()
	mgmt := store.Account{ID: o.ManagementAccount(), ParentID: root.ID, Name: ManagementAccountName, Status: "ACTIVE", JoinedMethod: "CREATED",
		JoinedAt: stateEpoch}
	if opts.Management != "" {
		n, err := o.Resolve(opts.Management)
		if err != nil {
			return nil, err
		}
		if n.Type != org.Account {
			return nil, fmt.Errorf("the management account must be an account; %s (%s) is not one", n.ID, n.Name)
		}
		mgmt.ID = n.ID
	}
	mgmt.Email = o.emailOf(mgmt.ID, "management+")
	st := &store.State{
		Settings: map[string]string{},
		Organization: &store.Organization{ID: o.OrganizationID(), FeatureSet: "ALL", ManagementAccountID: mgmt.ID, ManagementAccountEmail: mgmt.Email,
			RootID: root.ID, RootName: root.Name, CreatedAt: stateEpoch},
	}
	for _, t := range o.EnabledTypes() {
		st.PolicyTypes = append(st.PolicyTypes, store.PolicyType{Type: string(t), Status: "ENABLED"})
	}
	if opts.Management == "" {
		st.Accounts = append(st.Accounts, mgmt)
	}
	scps := o.enabled[policy.ServiceControlPolicy]
	if scps {
		full := FullAWSAccess()
		st.Policies = append(st.Policies, store.Policy{ID: full.ID, Name: full.Name, Description: full.Description, Type: string(full.Type),
			Content: full.Content, AWSManaged: true, CreatedAt: stateEpoch, UpdatedAt: stateEpoch})
	}
	for _, p := range o.Policies {
		st.Policies = append(st.Policies, store.Policy{ID: p.ID, Name: p.Name, Description: p.Description, Type: string(p.Type),
			Content: p.Content, CreatedAt: stateEpoch, UpdatedAt: stateEpoch})
	}
	var seq int64
	attach := func(policyID, target string) {
		seq++
		st.Attachments = append(st.Attachments, store.Attachment{PolicyID: policyID, TargetID: target, Seq: seq})
	}
	if scps && opts.Management == "" {
		attach(FullAWSAccessID, mgmt.ID) // as CreateOrganization attaches it
	}
	i := 0
	o.Tree.Walk(func(n *org.Node) bool {
		i++
		created := stateEpoch.Add(time.Duration(i) * time.Microsecond)
		switch n.Type {
		case org.OU:
			st.OUs = append(st.OUs, store.OU{ID: n.ID, ParentID: n.ParentID, Name: n.Name, CreatedAt: created})
		case org.Account:
			st.Accounts = append(st.Accounts, store.Account{ID: n.ID, ParentID: n.ParentID, Name: n.Name, Email: o.emailOf(n.ID, "account+"),
				Status: "ACTIVE", JoinedMethod: "CREATED", JoinedAt: created})
		}
		if scps && !o.fullDetached[n.ID] {
			attach(FullAWSAccessID, n.ID)
		}
		if !opts.Unattached {
			for _, p := range o.attached[n.ID] {
				attach(p.ID, n.ID)
			}
		}
		return true
	})
	return st, nil
}

// emailOf returns an account's email: the file's, or one made up as the
// server makes them up.
func (o *Org) emailOf(accountID, prefix string) string {
	if e := o.emails[accountID]; e != "" {
		return e
	}
	return prefix + accountID + "@example.com"
}
