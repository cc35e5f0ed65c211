package storetest

import (
	"slices"

	"github.com/chatgov/chatgov/internal/store"
)

// merge returns the records of a and b together.
func merge(a, b store.State) store.State {
	m := a
	m.Settings = map[string]string{}
	for k, v := range a.Settings {
		m.Settings[k] = v
	}
	for k, v := range b.Settings {
		m.Settings[k] = v
	}
	if b.Organization != nil {
		m.Organization = b.Organization
	}
	m.PolicyTypes = slices.Concat(a.PolicyTypes, b.PolicyTypes)
	m.OUs = slices.Concat(a.OUs, b.OUs)
	m.Accounts = slices.Concat(a.Accounts, b.Accounts)
	m.CreateStatuses = slices.Concat(a.CreateStatuses, b.CreateStatuses)
	m.Policies = slices.Concat(a.Policies, b.Policies)
	m.Attachments = slices.Concat(a.Attachments, b.Attachments)
	m.Tags = slices.Concat(a.Tags, b.Tags)
	m.DelegatedAdmins = slices.Concat(a.DelegatedAdmins, b.DelegatedAdmins)
	m.ServiceAccess = slices.Concat(a.ServiceAccess, b.ServiceAccess)
	m.Credentials = slices.Concat(a.Credentials, b.Credentials)
	m.ChatConfigurations = slices.Concat(a.ChatConfigurations, b.ChatConfigurations)
	m.SlackChannels = slices.Concat(a.SlackChannels, b.SlackChannels)
	m.TeamsTeams = slices.Concat(a.TeamsTeams, b.TeamsTeams)
	m.Preferences = slices.Concat(a.Preferences, b.Preferences)
	m.UserIdentities = slices.Concat(a.UserIdentities, b.UserIdentities)
	m.RolePermissions = slices.Concat(a.RolePermissions, b.RolePermissions)
	m.ManagedPolicies = slices.Concat(a.ManagedPolicies, b.ManagedPolicies)
	m.Handshakes = slices.Concat(a.Handshakes, b.Handshakes)
	m.StandaloneAccounts = slices.Concat(a.StandaloneAccounts, b.StandaloneAccounts)
	m.Stacks = slices.Concat(a.Stacks, b.Stacks)
	return m
}

// without returns s minus the elements for which drop is true.
func without[T any](s []T, drop func(T) bool) []T {
	return slices.DeleteFunc(slices.Clone(s), drop)
}
