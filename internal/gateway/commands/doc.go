// Package commands is the chat gateway's way in for commands: the Slack
// Events API (app mentions) and slash commands, and Microsoft Teams
// outgoing webhooks. Every request is verified with the signing secret the
// chat directory holds for its workspace or team before anything in it is
// believed; a Slack command is stored (gov.AcceptChatCommand, keyed by
// Slack's retry key) before Slack is acknowledged, and answered later, in
// the thread or through the command's response_url, by the handler's
// worker, which claims stored commands with a lease and resumes those a
// stopped process left unfinished (inbox.go).
//
// The package decides nothing itself: gov.DecideChannelCommand finds the
// channel's configuration and decides the command through the same gates
// as simulate-chat-command. A command that is allowed goes to the server's
// Executor (decide-only replies with the request it would make; aws-cli
// runs the AWS CLI with the role's credentials); one that is not is
// answered with the gate that denied it and never reaches the Executor.
package commands
