package gov

import (
	"errors"
	"strings"

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
func (m model) scpPath(account string) []iam.Level {
	var path []*org.Node
	for id := account; id != ""; {
		n, ok := m.Tree.Node(id)
		if !ok {
			break
		}
		path = append(path, n)
		id = n.ParentID
	}
	levels := make([]iam.Level, len(path))
	for i, n := range path {
		lv := iam.Level{Node: iam.Node{ID: n.ID, Name: n.Name, Type: iamNodeType(n.Type)}}
		for _, p := range m.AttachmentsOf(n.ID, policy.ServiceControlPolicy) {
			lv.Policies = append(lv.Policies, iam.Named{ID: p.ID, Name: p.Name, Policy: p.IAM})
		}
		levels[len(path)-1-i] = lv
	}
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
