package stack

import (
	"context"
	"time"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

// --- AWS::Organizations::Account

type accountResource struct{ gov *gov.Service }

func (a accountResource) physical(c gov.Caller, id string) (cfn.Physical, error) {
	acct, err := a.gov.DescribeAccount(c, id)
	if err != nil {
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: id, Attrs: map[string]string{"AccountId": id, "Arn": acct.ARN, "JoinedMethod": acct.JoinedMethod,
		"JoinedTimestamp": acct.JoinedAt.UTC().Format(time.RFC3339), "Status": acct.Status}}, nil
}

func (a accountResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	name, err := p.str("AccountName")
	if err != nil {
		return cfn.Physical{}, err
	}
	email, err := p.str("Email")
	if err != nil {
		return cfn.Physical{}, err
	}
	role, err := p.str("RoleName")
	if err != nil {
		return cfn.Physical{}, err
	}
	tags, err := p.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	parents, err := p.list("ParentIds")
	if err != nil {
		return cfn.Physical{}, err
	}
	if len(parents) > 1 {
		return cfn.Physical{}, &propError{"Properties validation failed for resource with message: #/ParentIds: expected maximum item count: 1"}
	}
	if role == "" {
		role = "OrganizationAccountAccessRole"
	}
	req, err := a.gov.CreateAccount(ctx, c, gov.CreateAccountInput{AccountName: name, Email: email, RoleName: role, Tags: tags})
	if err != nil {
		return cfn.Physical{}, err
	}
	st, err := a.gov.DescribeCreateAccountStatus(c, req.ID)
	if err != nil {
		return cfn.Physical{}, err
	}
	if st.AccountID == "" {
		return cfn.Physical{}, &propError{"the account could not be created: " + st.FailureReason}
	}
	if len(parents) == 1 {
		if err := a.move(ctx, c, st.AccountID, parents[0]); err != nil {
			return cfn.Physical{}, err
		}
	}
	return a.physical(c, st.AccountID)
}

func (a accountResource) move(ctx context.Context, c gov.Caller, id, dest string) error {
	page, err := a.gov.ListParents(c, id, "", 1)
	if err != nil {
		return err
	}
	if len(page.Items) == 0 || page.Items[0].ID == dest {
		return nil
	}
	return a.gov.MoveAccount(ctx, c, id, page.Items[0].ID, dest)
}

func (a accountResource) update(ctx context.Context, c gov.Caller, id string, old, new props) (cfn.Physical, error) {
	parents, err := new.list("ParentIds")
	if err != nil {
		return cfn.Physical{}, err
	}
	if len(parents) == 1 {
		if err := a.move(ctx, c, id, parents[0]); err != nil {
			return cfn.Physical{}, err
		}
	}
	if err := retag(ctx, a.gov, c, id, old, new); err != nil {
		return cfn.Physical{}, err
	}
	return a.physical(c, id)
}

// remove closes the account, as deleting an AWS::Organizations::Account
// does; DeletionPolicy Retain keeps it instead.
func (a accountResource) remove(ctx context.Context, c gov.Caller, id string, _ props) error {
	if err := a.gov.CloseAccount(ctx, c, id); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}

// --- AWS::Organizations::ResourcePolicy

type resourcePolicyResource struct{ gov *gov.Service }

func (rp resourcePolicyResource) put(ctx context.Context, c gov.Caller, p props, tags []gov.Tag) (cfn.Physical, error) {
	doc, err := content(p)
	if err != nil {
		return cfn.Physical{}, err
	}
	out, err := rp.gov.PutResourcePolicy(ctx, c, doc, tags)
	if err != nil {
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: out.ID, Attrs: map[string]string{"Id": out.ID, "Arn": out.ARN}}, nil
}

func (rp resourcePolicyResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	if _, err := rp.gov.DescribeResourcePolicy(c); err == nil {
		return cfn.Physical{}, &propError{"the organization already has a resource policy: a stack may create it only where there is none"}
	}
	tags, err := p.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	return rp.put(ctx, c, p, tags)
}

func (rp resourcePolicyResource) update(ctx context.Context, c gov.Caller, id string, old, new props) (cfn.Physical, error) {
	ph, err := rp.put(ctx, c, new, nil)
	if err != nil {
		return cfn.Physical{}, err
	}
	return ph, retag(ctx, rp.gov, c, id, old, new)
}

func (rp resourcePolicyResource) remove(ctx context.Context, c gov.Caller, _ string, _ props) error {
	if err := rp.gov.DeleteResourcePolicy(ctx, c); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}

// --- AWS::Chatbot::SlackChannelConfiguration and
// AWS::Chatbot::MicrosoftTeamsChannelConfiguration. The property names
// map to the API's: UserRoleRequired is UserAuthorizationRequired,
// GuardrailPolicies GuardrailPolicyArns, SlackWorkspaceId SlackTeamId,
// TeamsTenantId TenantId. CustomizationResourceArns are the custom
// actions associated with the configuration.

type chatResource struct {
	gov      *gov.Service
	platform string
}

func (cr chatResource) input(p props) (gov.ChatInput, string, error) {
	var in gov.ChatInput
	var err error
	if in.IamRoleARN, err = p.ptr("IamRoleArn"); err != nil {
		return in, "", err
	}
	topics, err := p.list("SnsTopicArns")
	if err != nil {
		return in, "", err
	}
	if topics == nil {
		topics = []string{}
	}
	in.SnsTopicARNs = &topics
	level, err := p.str("LoggingLevel")
	if err != nil {
		return in, "", err
	}
	if level == "" {
		level = "NONE"
	}
	in.LoggingLevel = &level
	guards, err := p.list("GuardrailPolicies")
	if err != nil {
		return in, "", err
	}
	if guards == nil {
		guards = []string{"arn:aws:iam::aws:policy/AdministratorAccess"}
	}
	in.GuardrailPolicyARNs = &guards
	if in.UserAuthorizationRequired, err = p.boolean("UserRoleRequired"); err != nil {
		return in, "", err
	}
	if in.UserAuthorizationRequired == nil {
		f := false
		in.UserAuthorizationRequired = &f
	}
	if _, err := p.list("CustomizationResourceArns"); err != nil {
		return in, "", err
	}
	channel := ""
	if cr.platform == gov.PlatformSlack {
		channel, err = p.str("SlackChannelId")
	} else {
		channel, err = p.str("TeamsChannelId")
		if err == nil {
			in.ChannelName, err = p.ptr("TeamsChannelName")
		}
	}
	return in, channel, err
}

func (cr chatResource) create(ctx context.Context, c gov.Caller, p props) (cfn.Physical, error) {
	in, channel, err := cr.input(p)
	if err != nil {
		return cfn.Physical{}, err
	}
	name, err := p.str("ConfigurationName")
	if err != nil {
		return cfn.Physical{}, err
	}
	tags, err := p.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	nc := gov.NewChatConfiguration{Platform: cr.platform, Name: name}
	if len(tags) > 0 {
		nc.Tags = map[string]string{}
		for _, t := range tags {
			nc.Tags[t.Key] = t.Value
		}
	}
	if cr.platform == gov.PlatformSlack {
		nc.SlackChannelID = channel
		if nc.SlackTeamID, err = p.str("SlackWorkspaceId"); err != nil {
			return cfn.Physical{}, err
		}
	} else {
		nc.ChannelID = channel
		if nc.TeamID, err = p.str("TeamId"); err != nil {
			return cfn.Physical{}, err
		}
		if nc.TenantID, err = p.str("TeamsTenantId"); err != nil {
			return cfn.Physical{}, err
		}
	}
	cfg, err := cr.gov.CreateChatConfiguration(ctx, c, nc, in)
	if err != nil {
		return cfn.Physical{}, err
	}
	custom, _ := p.list("CustomizationResourceArns")
	if err := associate(ctx, cr.gov, c, cfg.ARN, nil, custom); err != nil {
		// The configuration must not outlive a failed create.
		_ = cr.remove(ctx, c, cfg.ARN, p)
		return cfn.Physical{}, err
	}
	return cfn.Physical{Ref: cfg.ARN, Attrs: map[string]string{"Arn": cfg.ARN}}, nil
}

func (cr chatResource) update(ctx context.Context, c gov.Caller, arn string, old, new props) (cfn.Physical, error) {
	in, channel, err := cr.input(new)
	if err != nil {
		return cfn.Physical{}, err
	}
	if _, err := cr.gov.UpdateChatConfiguration(ctx, c, arn, cr.platform, channel, in); err != nil {
		return cfn.Physical{}, err
	}
	oldCustom, _ := old.list("CustomizationResourceArns")
	newCustom, _ := new.list("CustomizationResourceArns")
	if err := associate(ctx, cr.gov, c, arn, oldCustom, newCustom); err != nil {
		return cfn.Physical{}, err
	}
	oldTags, _ := old.tags()
	newTags, err := new.tags()
	if err != nil {
		return cfn.Physical{}, err
	}
	set, remove := diffTags(oldTags, newTags)
	if len(set) > 0 {
		m := map[string]string{}
		for _, t := range set {
			m[t.Key] = t.Value
		}
		if err := cr.gov.TagChatConfiguration(ctx, c, arn, m); err != nil {
			return cfn.Physical{}, err
		}
	}
	if len(remove) > 0 {
		if err := cr.gov.UntagChatConfiguration(ctx, c, arn, remove); err != nil {
			return cfn.Physical{}, err
		}
	}
	return cfn.Physical{Ref: arn, Attrs: map[string]string{"Arn": arn}}, nil
}

func (cr chatResource) remove(ctx context.Context, c gov.Caller, arn string, _ props) error {
	if err := cr.gov.DeleteChatConfiguration(ctx, c, arn, cr.platform); err != nil && gov.ErrorOf(err).Kind != gov.NotFound {
		return err
	}
	return nil
}
