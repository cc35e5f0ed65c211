// Package gov is chatgov's application layer: every use case (CreatePolicy,
// AttachPolicy, CreateChatConfiguration, DescribeEffectivePolicy,
// SimulateChatCommand, ...) lives here once, with the caller's
// authorization, the validation of its input, its transaction and its
// domain errors. Every adapter calls it and nothing beneath it: the AWS
// wire protocols (internal/awsapi) today, the command line, the web
// console, the chat gateway and CloudFormation stacks as they come. An
// adapter that needs a rule, a pattern or an ID check asks gov rather than
// repeating it, so that two adapters cannot disagree.
//
// # Model
//
// A [Service] keeps the whole state (the organization's tree, policies and
// attachments, effective policies, channel configurations and their
// states, the chat directory, handshakes, credentials) in memory, as an
// immutable snapshot, the model, behind an atomic pointer; the store
// (internal/store) makes it durable. The snapshot engine is the package
// internal/gov/snapshot (versions, their copy-on-write tables, the records
// they store, the caches derived from them); gov reads a version through
// its model type and decides what it means.
//
//   - Reads load the current snapshot and never lock or touch the store
//     (compliance history excepted, which stays in the store).
//   - Writes are serialized. A write copies what it changes from the
//     current snapshot into the next one (copy-on-write tables share the rest),
//     queues the store operations that make the change durable, computes
//     what the change implies (effective policies of the subtrees it
//     touched, the states of the configurations they govern, one compliance
//     event per state that changes), commits everything in one store
//     transaction, and only then publishes the next snapshot. A write that
//     fails, or fails to commit, publishes nothing: a reader sees a state
//     the store holds, never half of one.
//   - SimulatePolicyChange runs a write's code on a copy and commits
//     nothing.
//
// # Authorization
//
// Every method that takes a [Caller] names an operation of the access table
// (access.go): who may call it (the management account; the chatbot
// delegated administrator, for reading the organization and, for some
// operations, for CHATBOT_POLICY policies only; any member; any account on
// its own resources; a handshake's parties; the server's operator), what
// the organization's resource-based delegation policy can do for it, whether
// a standalone account may call it, and who may act on other accounts'
// resources. The table is the one place that knows; the role × operation
// matrix test calls every operation as every kind of caller and pins the
// result in testdata/access_matrix.txt. A caller outside the organization
// is told there is none (NotFound, ResOrganization), as AWS answers
// AWSOrganizationsNotInUseException; a caller in it that may not call the
// operation gets AccessDenied, whose message says who may.
//
// Authentication is the adapter's: it verifies the request's signature
// against [Service.Credential] (and [Service.SessionTokenExpiry] for
// session tokens), then passes the principal as a Caller.
//
// # Errors
//
// The errors of the use cases are [*Error]s (ErrorOf finds one in a
// chain): a [Kind] (NotFound, AlreadyExists, Invalid, Constraint,
// AccessDenied, ...), the Resource it concerns (ResPolicy,
// ResOrganization, ResHandshake, ...; it names the noun of the AWS
// exception), a Reason where the AWS error has one (INVALID_PATTERN,
// MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED, ...), and a Message for
// people. Internal errors carry their cause in Err, to be logged and never
// shown. Each method's comment says which errors it returns; "the errors of
// authorize" are those above, and any method may also return Internal (a
// store that fails, no randomness), which the comments leave out. Adapters
// map (Kind, Resource) to their protocol's exception in one table
// (internal/awsapi/errors.go) and never match messages.
//
// # Calling it
//
// An adapter opens the store, calls [New] once, and shares the Service
// between goroutines. Per request it builds the Caller (with
// [Caller.InRegion], so that ARNs in the answer are in the request's
// partition), calls the use case (writes take a context, which bounds the
// store transaction; reads answer from the snapshot), and turns an error
// into its protocol's with [ErrorOf]. Lists take a NextToken and a maximum
// and return a [Page]; a token is valid for the same list only.
package gov
