// Package policy implements the AWS Organizations management-policy
// language: strict decoding of policy documents, the inheritance operators,
// effective policies rendered as AWS renders them, and the provenance of
// every effective value.
//
// # Documents
//
// A document is a JSON object. Each object in it is either a block holding
// nested objects, or a setting that carries value operators: @@assign (a
// single value or a list), @@append and @@remove (lists), alone or
// together. Either may also carry @@operators_allowed_for_child_policies.
// As on AWS, keys, operator names and child-control values are read without
// regard to case: keys that differ only in case are one key (a
// DUPLICATE_KEY within one object) and are published lower-cased; a value
// listed twice counts once; a value operator with a single value beside the
// type's top key is accepted and has no effect. Parse rejects everything
// else, and reports every problem with its JSON path. Types with a schema
// (CHATBOT_POLICY) are also checked key by key and value by value; other
// management types are checked against the grammar alone.
//
// # Merging
//
// An account's effective policy merges the policies on its path level by
// level: the root, each OU from the outermost, then the account. At each
// level, in this order:
//
//  1. For each setting, the first-attached policy that @@assigns it sets the
//     value, replacing what was inherited; later peers' assignments are
//     ignored and reported (decision D1).
//  2. Every @@append of the level's policies applies, in attach order; then
//     every @@remove, in attach order (AWS applies a node's appends before
//     its removes, and a policy's own @@assign, @@append and @@remove on one
//     setting in that order). Lists behave as sets: appending a present
//     value does nothing. A list @@remove empties stays as [] (D3). Removing
//     a value from a wildcard list that keeps "*" has no effect and is
//     reported (D4).
//  3. The level's child-control restrictions are recorded. They bind the
//     levels below, never the level's peers. Restrictions accumulate: a
//     setting an earlier level set is governed by the intersection of the
//     restrictions declared on it by any ancestor level; a setting a child
//     adds, or an object a child assigns as a whole, also by those declared
//     on every enclosing object (D2 as corrected by AWS's observed
//     behaviour). A child's change using a disallowed operator is ignored
//     and reported; so is a child's attempt to widen a restriction.
//
// Merging never fails: whatever cannot apply is left out of the result and
// reported as a ValidationError (the data behind AWS's
// ListEffectivePolicyValidationErrors), so a valid document can always be
// merged. A state with nothing in effect renders as {}.
//
// # States
//
// A State is the effective policy at one node of the tree. States are
// immutable and share structure: applying a level copies only the paths it
// changes, and a node without policies of its own shares its parent's
// state. ForTree therefore computes a whole organization's effective
// policies in time proportional to the policies attached, not the accounts.
//
// The package is pure: standard library and the project's engines only, no
// I/O.
package policy
