// Package snapshot is chatgov's state engine: immutable versions of the
// whole state (organization, accounts, policies, chat configurations and
// their compliance states, the chat directory, credentials, IAM
// registrations, handshakes), the copy-on-write tables they are made of,
// and the caches derived from a version (effective policies per node, the
// accounts in tree order).
//
// A Model is either published or being built. Readers use a published
// Model without locks: nothing in it ever changes. A write clones the
// current Model (Clone, which copies no table), changes the clone's tables
// with Table.Set and Table.Delete, which copy a table's shard on its first
// write, and publishes it after Freeze. Adding a table to Model is adding a
// field: Freeze finds every table by itself.
//
// The package knows nothing of callers, authorization or the store's
// transactions: those are the use cases' (package gov), which build
// versions with this package and decide what they mean.
package snapshot
