// Package iam parses IAM policy documents (service control policies, resource
// control policies, identity policies such as chat-channel guardrails, and
// resource-based policies such as the Organizations delegation policy) and
// evaluates requests against them, returning the decision together with the
// statements that produced it.
//
// # Documents
//
// [Parse] checks a document strictly and compiles it once: action patterns are
// lower-cased, resource ARNs are split into their six segments, CIDRs, numbers,
// dates and base64 values are decoded, and policy variables are tokenised. A
// document that fails is reported as a [*jsondoc.Error] listing every problem
// with its JSON path, so an author sees all mistakes at once.
//
// # One set of policies
//
// A statement applies to a [Request] when its action matches (Action, or no
// NotAction pattern), its principal matches (resource-based policies only),
// its resource matches (Resource, or no NotResource pattern), and every
// condition in its Condition block holds. Within a set of
// policies ([Evaluate], [Decide]):
//
//   - any applicable Deny statement gives [ExplicitDeny];
//   - otherwise any applicable Allow statement gives [Allow];
//   - otherwise the answer is [ImplicitDeny].
//
// Evaluate looks at every statement, so that its [Result] names all the
// statements behind the decision; Decide stops as soon as the answer is known
// and allocates nothing, for hot loops.
//
// # Service control policy chains
//
// SCPs are evaluated along the organization path, root first, then each OU,
// then the account ([EvaluateSCPs], [DecideSCPs]). Policies attached to the
// same node are OR-ed, nodes are AND-ed: every node must allow the action and
// no node may deny it. SCPs never restrict the management account.
//
// # Conditions
//
// Condition blocks are AND-ed across operators and keys and OR-ed across the
// values listed for one key. Key names are case-insensitive; values compare
// case-sensitively unless the operator says IgnoreCase. A key absent from the
// request makes ForAnyValue false (IfExists or not), any other operator with
// the IfExists suffix true, ForAllValues true, a negated operator
// (StringNotEquals, NotIpAddress, ArnNotLike, ...) true and a positive one
// false; Null tests for absence. The Arn operators compare the six
// colon-separated parts of an ARN one by one: a wildcard never leaves its
// part, and a value with fewer than six parts matches no ARN.
//
// # Policy variables
//
// Under Version 2012-10-17, "${key}" in a string or ARN condition value, and
// in the resource part of a Resource or NotResource ARN (after the fifth
// colon), is replaced by the request's value for key; before the fifth colon
// it is literal text. The substituted value is literal: its '*' and '?' are
// not wildcards, and it must match whole, in its place. A variable with no
// value and no default compares with nothing, and never makes a statement
// apply: a positive comparison fails, a negated operator's condition is
// false, and a NotResource statement does not apply.
//
// # Resource-based policies
//
// A [ResourceBased] policy's statements name whom they apply to with
// Principal or NotPrincipal; a [Request] carries the caller as its
// [Principal]. [EvaluateResourcePolicy] decides a request against one such
// policy.
//
// The package is pure: no I/O, no clocks, no logging, no shared mutable state.
// A parsed [Policy] is immutable and safe for concurrent use.
package iam
