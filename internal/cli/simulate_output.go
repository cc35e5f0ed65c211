package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/iam"
)

// simulateOut is the answer of `chatgov simulate -o json`, offline and
// with --server alike: the shape of the server's simulate-chat-command
// answer, so that a script reads both the same way. Server answers are
// decoded into it and encoded again, which keeps the shape stable whatever
// else a server adds.
type simulateOut struct {
	// Decision is ALLOWED when every request is allowed, else DENIED.
	Decision string       `json:"Decision"`
	Command  commandOut   `json:"Command"`
	Requests []requestOut `json:"Requests"`
}

// commandOut is the command resolved: the CLI service name, the API
// operation, the IAM action, the region and the resource ARNs.
type commandOut struct {
	Service   string   `json:"Service"`
	Operation string   `json:"Operation"`
	Action    string   `json:"Action"`
	Region    string   `json:"Region"`
	Resources []string `json:"Resources"`
}

// requestOut is the decision on one request (one resource) of the command.
type requestOut struct {
	Action   string    `json:"Action"`
	Resource string    `json:"Resource"`
	Decision string    `json:"Decision"`
	Gates    []gateOut `json:"Gates"`
}

// gateOut is one gate: its chatauthz name and outcome (ALLOWED, DENIED,
// NOT_EVALUATED), the reason, and for the policy gates the statements that
// decided, for the SCP gate each level's verdict, root first.
type gateOut struct {
	Name       string         `json:"Name"`
	Outcome    string         `json:"Outcome"`
	Reason     string         `json:"Reason"`
	Statements []statementOut `json:"Statements,omitempty"`
	Levels     []levelOut     `json:"Levels,omitempty"`
}

// statementOut is a statement that decided a policy gate. Description is
// the whole explanation in a sentence (iam.Match's).
type statementOut struct {
	PolicyID       string `json:"PolicyId"`
	PolicyName     string `json:"PolicyName"`
	StatementIndex int    `json:"StatementIndex"`
	Sid            string `json:"Sid,omitempty"`
	Effect         string `json:"Effect"`
	Description    string `json:"Description"`
}

// levelOut is one level of the SCP chain. Decision is the level's own
// verdict, ALLOWED or DENIED; the reason says whether a statement denies
// or none allows.
type levelOut struct {
	NodeID   string `json:"NodeId"`
	NodeType string `json:"NodeType"`
	NodeName string `json:"NodeName"`
	Decision string `json:"Decision"`
	Reason   string `json:"Reason"`
}

func verdictWord(allowed bool) string {
	if allowed {
		return string(chatauthz.Allowed)
	}
	return string(chatauthz.Denied)
}

// simulateResult turns a verdict into the answer's shape.
func simulateResult(cmd chatcmd.Command, v chatauthz.Verdict) simulateOut {
	resources := append([]string{}, cmd.Resources...)
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	out := simulateOut{Decision: verdictWord(v.Allowed), Requests: []requestOut{},
		Command: commandOut{Service: cmd.Service, Operation: cmd.Operation, Action: cmd.Action, Region: cmd.Region, Resources: resources}}
	for _, r := range v.Requests {
		ro := requestOut{Action: r.Action, Resource: r.Resource, Decision: verdictWord(r.Allowed), Gates: []gateOut{}}
		for _, g := range r.Gates {
			gate := gateOut{Name: string(g.Name), Outcome: string(g.Outcome), Reason: g.Reason}
			for _, m := range g.Statements {
				gate.Statements = append(gate.Statements, statementOut{PolicyID: m.PolicyID, PolicyName: m.PolicyName,
					StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: string(m.Effect), Description: m.String()})
			}
			for _, l := range g.Levels {
				gate.Levels = append(gate.Levels, levelOut{NodeID: l.Node.ID, NodeType: string(l.Node.Type), NodeName: l.Node.Name,
					Decision: verdictWord(l.Decision.Allowed()), Reason: l.Reason})
			}
			ro.Gates = append(ro.Gates, gate)
		}
		out.Requests = append(out.Requests, ro)
	}
	return out
}

// requestsOut turns a server's decisions into the answer's shape.
func requestsOut(rs []chatgovapi.DecidedRequest) []requestOut {
	out := []requestOut{}
	for _, r := range rs {
		ro := requestOut{Action: r.Action, Resource: r.Resource, Decision: r.Decision, Gates: []gateOut{}}
		for _, g := range r.Gates {
			gate := gateOut{Name: g.Name, Outcome: g.Outcome, Reason: g.Reason}
			for _, m := range g.Statements {
				gate.Statements = append(gate.Statements, statementOut{PolicyID: m.PolicyID, PolicyName: m.PolicyName,
					StatementIndex: m.StatementIndex, Sid: m.Sid, Effect: m.Effect, Description: m.Description})
			}
			for _, l := range g.Levels {
				gate.Levels = append(gate.Levels, levelOut{NodeID: l.NodeID, NodeType: l.NodeType, NodeName: l.NodeName,
					Decision: l.Decision, Reason: l.Reason})
			}
			ro.Gates = append(ro.Gates, gate)
		}
		out = append(out, ro)
	}
	return out
}

// printSimulation writes the answer for people: the verdict on the action
// and its resources, then every gate of every request with its outcome and
// reason; the statements behind a policy gate and the SCP levels go one
// per line below it.
//
// fix, when not nil, says which command fixes a denied gate ("" when it
// knows none); it is printed below the gate.
func printSimulation(w io.Writer, v simulateOut, fix func(gateOut) string, colour bool) {
	resources := make([]string, len(v.Requests))
	for i, r := range v.Requests {
		resources[i] = r.Resource
	}
	fmt.Fprintf(w, "%s: %s on %s\n", v.Decision, v.Command.Action, strings.Join(resources, ", "))
	indent := "  "
	for _, r := range v.Requests {
		if len(v.Requests) > 1 {
			fmt.Fprintf(w, "  %s on %s: %s\n", r.Action, r.Resource, r.Decision)
			indent = "    "
		}
		for _, g := range r.Gates {
			printGate(w, indent, g, colour)
			if fix == nil || g.Outcome != string(chatauthz.Denied) {
				continue
			}
			if f := fix(g); f != "" {
				fmt.Fprintf(w, "%s        fix: %s\n", indent, f)
			}
		}
	}
}

// gateMarks are the outcomes as the text output shows them, all as wide,
// so that the gate names line up.
var gateMarks = map[string]string{
	string(chatauthz.Allowed):      "ok     ",
	string(chatauthz.Denied):       "DENIED ",
	string(chatauthz.NotEvaluated): "unknown",
}

// gateColours are the ANSI colours of the outcomes on a terminal.
var gateColours = map[string]string{
	string(chatauthz.Allowed):      "\x1b[32m",   // green
	string(chatauthz.Denied):       "\x1b[1;31m", // bold red
	string(chatauthz.NotEvaluated): "\x1b[33m",   // yellow
}

// gateMark is an outcome as the text shows it, coloured when colour is set.
func gateMark(outcome string, colour bool) string {
	m, ok := gateMarks[outcome]
	if !ok {
		m = fmt.Sprintf("%-7s", outcome)
	}
	if c := gateColours[outcome]; colour && c != "" {
		return c + m + "\x1b[0m"
	}
	return m
}

func printGate(w io.Writer, indent string, g gateOut, colour bool) {
	head, statements := g.Reason, []string(nil)
	if len(g.Statements) > 0 {
		head, statements = splitStatements(g.Reason, g.Statements)
	}
	if l := levelStated(g); l != nil {
		// The gate's reason is the deciding level's, which is listed below.
		head = fmt.Sprintf("%s at %s", strings.ToLower(l.Decision), levelNode(*l))
	}
	fmt.Fprintf(w, "%s%s %s: %s\n", indent, gateMark(g.Outcome, colour), g.Name, head)
	sub := indent + "        "
	for _, s := range statements {
		fmt.Fprintf(w, "%s%s\n", sub, s)
	}
	for _, l := range g.Levels {
		fmt.Fprintf(w, "%s%s %s\n", sub, gateMark(l.Decision, colour), l.Reason)
	}
}

// splitStatements takes the statements off the end of a policy gate's
// reason ("the guardrails allow X: policy A statement 0: ...; policy B
// ..."), to list them one per line. A reason that does not end with them
// is kept whole, and the statements are not repeated.
func splitStatements(reason string, ms []statementOut) (string, []string) {
	descs := make([]string, len(ms))
	for i, m := range ms {
		descs[i] = m.Description
	}
	suffix := ": " + strings.Join(descs, "; ")
	if !strings.HasSuffix(reason, suffix) {
		return reason, nil
	}
	return strings.TrimSuffix(reason, suffix), descs
}

// levelStated returns the level whose reason is the gate's own, if any.
func levelStated(g gateOut) *levelOut {
	for i := range g.Levels {
		if g.Levels[i].Reason == g.Reason {
			return &g.Levels[i]
		}
	}
	return nil
}

func levelNode(l levelOut) string {
	return iam.Node{ID: l.NodeID, Type: iam.NodeType(l.NodeType), Name: l.NodeName}.String()
}
