// Package chatgovapi is the wire contract of chatgov's restJson1 endpoint:
// the request and response shapes of the AWS Chatbot operations chatgov
// serves (as AWS Chatbot's service model spells them) and of chatgov's
// own operations under /chatgov/, their paths, and the error codes their
// answers carry.
//
// The server (internal/awsapi) decodes requests into these types and
// encodes answers from them; the client (internal/client) does the
// reverse, so the two cannot drift apart. The package holds data shapes
// only: it imports neither the service nor the store.
//
// Answers are encoded with encoding/json, so a member's position in its
// structure is its position in the answer. Response structures list their
// members in byte order of their names (the order chatgov has always
// written them in); TestResponseMembersAreInOrder keeps it so. Request
// structures list their members in the order an error about an unknown
// member names them.
package chatgovapi
