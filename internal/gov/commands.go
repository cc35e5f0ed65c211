package gov

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/chatgov/chatgov/internal/chatauthz"
	"github.com/chatgov/chatgov/internal/chatcmd"
	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/org"
	"github.com/chatgov/chatgov/internal/policy"
)

// DefaultCommandRegion is the region of a chat command that names none.
// AWS Chatbot runs a command in the region its configuration's channel
// chose, which chatgov does not model.
const DefaultCommandRegion = "us-east-1"

// CommandInput is a chat command to decide.
type CommandInput struct {
	ConfigurationARN string
	Command          string
	// ChatUserID is the member who types it, for their user role; optional.
	ChatUserID string
}

// CommandDecision is the verdict on a chat command, per request it makes.
type CommandDecision struct {
	Command chatcmd.Command
	chatauthz.Verdict
}

// SimulateChatCommand decides whether a command typed in a configuration's
// channel may run, walking every gate. Any account may ask about its own
// configurations; the management account and the chatbot delegated
// administrator about any (authorizeFor). It returns Invalid
// (ResChatConfiguration, INVALID_PATTERN) for a malformed ARN and for a
// missing or unparsable command, AccessDenied for another account's
// configuration, and NotFound (ResChatConfiguration) for a configuration
// that does not exist.
func (s *Service) SimulateChatCommand(c Caller, in CommandInput) (CommandDecision, error) {
	m := s.model()
	match := reChatConfigARN.FindStringSubmatch(in.ConfigurationARN)
	if match == nil {
		return CommandDecision{}, badParam("ChatConfigurationArn %q is not a chat configuration ARN", in.ConfigurationARN)
	}
	account := match[1]
	if err := m.authorizeFor(c, opSimulateChatCommand, account); err != nil {
		return CommandDecision{}, err
	}
	ac, _ := m.Chats.Get(account)
	i := ac.Find(in.ConfigurationARN)
	if i < 0 {
		return CommandDecision{}, newErr(NotFound, ResChatConfiguration, "", "there is no configuration %s", in.ConfigurationARN)
	}
	if strings.TrimSpace(in.Command) == "" {
		return CommandDecision{}, badParam("Command is required: the text a member types, such as \"@aws ec2 describe-instances\"")
	}
	cmd, err := chatcmd.Parse(in.Command, chatcmd.Env{AccountID: account, DefaultRegion: DefaultCommandRegion})
	if err != nil {
		var ce *chatcmd.Error
		if errors.As(err, &ce) {
			return CommandDecision{}, badParam("%s", ce.Error())
		}
		return CommandDecision{}, badParam("%v", err)
	}
	sit := m.situation(ac, i, in.ChatUserID)
	inputs := chatauthz.Inputs(sit, cmd, s.now().UTC())
	return CommandDecision{Command: cmd, Verdict: chatauthz.DecideAll(inputs)}, nil
}

// situation gathers what a decision on a command in configuration i of ac
// needs from the model.
func (m model) situation(ac *snapshot.AccountChats, i int, chatUserID string) *chatauthz.Situation {
	rec, st := ac.Configs[i], ac.States[i]
	account := rec.AccountID
	sit := &chatauthz.Situation{
		ConfigurationARN: rec.ARN,
		Config:           m.config(rec, m.userRoleRequired(account)),
		ChannelRoleARN:   rec.IamRoleARN,
		Enabled:          st.Enabled,
		StateReason:      stateReason(st, rec),
		View:             m.chatbotView(account),
		ChatUserID:       chatUserID,
		GuardrailARNs:    rec.GuardrailPolicyARNs,
		// Roles and policies resolve as the configuration's account sees
		// them, whoever asks: another account's never do.
		Policy:       m.iamPolicyFor(account),
		RolePolicies: m.rolePoliciesFor(account),
	}
	if chatUserID != "" {
		ids, _ := m.Identities.Get(rec.ARN)
		for _, u := range ids {
			if u.ChatUserID == chatUserID {
				sit.UserRoleARN = u.IamRoleARN
			}
		}
	}
	if m.Org != nil {
		sit.OrganizationID = m.Org.ID
		sit.ManagementAccount = account == m.Org.ManagementAccountID
		if _, inOrg := m.Accounts.Get(account); inOrg && m.Enabled[policy.ServiceControlPolicy] {
			sit.SCPsEnabled = true
			sit.SCPs = m.scpPath(account)
		}
	}
	return sit
}

// scpPath returns the SCPs along the path from the root to an account.
// The levels above the account come from scpLevels, built once per model
// and OU: they are shared, and must not be changed.
func (m model) scpPath(account string) []iam.Level {
	n, ok := m.Tree.Node(account)
	if !ok {
		return []iam.Level{}
	}
	above := scpLevelsOf(m.Model).path(m, n.ParentID)
	levels := make([]iam.Level, len(above)+1)
	copy(levels, above)
	levels[len(above)] = m.scpLevel(n)
	return levels
}

// scpLevel is one node's level of an SCP path: the node and the SCPs
// attached to it.
func (m model) scpLevel(n *org.Node) iam.Level {
	lv := iam.Level{Node: iam.Node{ID: n.ID, Name: n.Name, Type: iamNodeType(n.Type)}}
	for _, p := range m.AttachmentsOf(n.ID, policy.ServiceControlPolicy) {
		lv.Policies = append(lv.Policies, iam.Named{ID: p.ID, Name: p.Name, Policy: p.IAM})
	}
	lv.Policies = slices.Clip(lv.Policies)
	return lv
}

// scpLevels holds the SCP paths from the root to each OU (and the root) of
// one model, as scpPath asks for them: a simulated chat command or request
// looked up every level's attachments again, a tenth of its time. A model
// never changes once published, so neither do its paths; the cache follows
// the model a Service reads (one at a time, the latest asked about), and
// holds it weakly so that a replaced model is not kept alive by it.
type scpLevels struct {
	model weak.Pointer[snapshot.Model]
	paths sync.Map // node ID -> []iam.Level, root first
}

var currentSCPLevels atomic.Pointer[scpLevels]

// scpLevelsOf returns the cache of m's SCP paths.
func scpLevelsOf(m *snapshot.Model) *scpLevels {
	if c := currentSCPLevels.Load(); c != nil && c.model.Value() == m {
		return c
	}
	c := &scpLevels{model: weak.Make(m)}
	currentSCPLevels.Store(c)
	return c
}

// path returns the levels from the root to node id, inclusive (none for
// ""), from the cache or built and kept.
func (c *scpLevels) path(m model, id string) []iam.Level {
	if id == "" {
		return nil
	}
	if v, ok := c.paths.Load(id); ok {
		return v.([]iam.Level)
	}
	n, ok := m.Tree.Node(id)
	if !ok {
		return nil
	}
	above := c.path(m, n.ParentID)
	levels := make([]iam.Level, len(above)+1)
	copy(levels, above)
	levels[len(above)] = m.scpLevel(n)
	c.paths.Store(id, levels)
	return levels
}

func iamNodeType(t org.NodeType) iam.NodeType {
	switch t {
	case org.Root:
		return iam.NodeRoot
	case org.OU:
		return iam.NodeOrganizationalUnit
	}
	return iam.NodeAccount
}
