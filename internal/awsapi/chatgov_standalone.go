package awsapi

import (
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// chatgov's own operations on the accounts outside the organization (see
// gov.CreateStandaloneAccount).

func createStandaloneAccount(h *Handler, r *request, in *api.CreateStandaloneAccountInput) (api.CreateStandaloneAccountOutput, error) {
	a, cred, err := h.gov.CreateStandaloneAccount(r.Context(), r.caller, gov.StandaloneAccountInput{AccountID: in.AccountID,
		Name: in.AccountName, Email: in.Email})
	if err != nil {
		return api.CreateStandaloneAccountOutput{}, err
	}
	return api.CreateStandaloneAccountOutput{Account: standaloneAccount(a), AccessKey: accessKey(cred)}, nil
}

func createRootAccessKey(h *Handler, r *request, in *api.CreateRootAccessKeyInput) (api.CreateRootAccessKeyOutput, error) {
	cred, err := h.gov.CreateRootAccessKey(r.Context(), r.caller, in.AccountID)
	if err != nil {
		return api.CreateRootAccessKeyOutput{}, err
	}
	return api.CreateRootAccessKeyOutput{AccessKey: accessKey(cred)}, nil
}

func listStandaloneAccounts(h *Handler, r *request, _ *api.ListStandaloneAccountsInput) (api.ListStandaloneAccountsOutput, error) {
	as, err := h.gov.ListStandaloneAccounts(r.caller)
	if err != nil {
		return api.ListStandaloneAccountsOutput{}, err
	}
	return api.ListStandaloneAccountsOutput{Accounts: convert(as, standaloneAccount)}, nil
}

func standaloneAccount(a gov.StandaloneAccount) api.StandaloneAccount {
	return api.StandaloneAccount{ClosedTimestamp: api.TimeOf(a.ClosedAt), CreatedTimestamp: api.TimeOf(a.CreatedAt), Email: a.Email,
		ID: a.ID, Name: a.Name, Status: a.Status}
}

func accessKey(c gov.Credential) api.AccessKey {
	return api.AccessKey{AccessKeyID: c.AccessKeyID, AccountID: c.AccountID, SecretAccessKey: c.SecretAccessKey, UserArn: c.ARN}
}
