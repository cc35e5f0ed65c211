package cfn

import (
	"slices"
	"sort"
	"strings"
)

// TypeSchema describes a resource type chatgov provisions: its
// properties, which are required, which force a replacement when they
// change, and what Fn::GetAtt may ask of it. The facts are AWS's (the
// CloudFormation resource reference).
type TypeSchema struct {
	Name        string
	Properties  []string
	Required    []string
	Replacement []string
	Attributes  []string
	// RefIs says what Ref returns, for GetTemplateSummary and docs.
	RefIs string
}

// Types are the resource types chatgov supports, by name.
var Types = map[string]TypeSchema{
	"AWS::Organizations::Policy": {
		Name:        "AWS::Organizations::Policy",
		Properties:  []string{"Content", "Description", "Name", "Tags", "TargetIds", "Type"},
		Required:    []string{"Content", "Name", "Type"},
		Replacement: []string{"Type"},
		Attributes:  []string{"Arn", "AwsManaged", "Id"},
		RefIs:       "policy ID",
	},
	"AWS::Organizations::OrganizationalUnit": {
		Name:        "AWS::Organizations::OrganizationalUnit",
		Properties:  []string{"Name", "ParentId", "Tags"},
		Required:    []string{"Name", "ParentId"},
		Replacement: []string{"ParentId"},
		Attributes:  []string{"Arn", "Id"},
		RefIs:       "OU ID",
	},
	"AWS::Organizations::Account": {
		Name:        "AWS::Organizations::Account",
		Properties:  []string{"AccountName", "Email", "ParentIds", "RoleName", "Tags"},
		Required:    []string{"AccountName", "Email"},
		Replacement: []string{"Email"},
		Attributes:  []string{"AccountId", "Arn", "JoinedMethod", "JoinedTimestamp", "Status"},
		RefIs:       "account ID",
	},
	"AWS::Organizations::ResourcePolicy": {
		Name:       "AWS::Organizations::ResourcePolicy",
		Properties: []string{"Content", "Tags"},
		Required:   []string{"Content"},
		Attributes: []string{"Arn", "Id"},
		RefIs:      "resource policy ID",
	},
	"AWS::Chatbot::SlackChannelConfiguration": {
		Name: "AWS::Chatbot::SlackChannelConfiguration",
		Properties: []string{"ConfigurationName", "CustomizationResourceArns", "GuardrailPolicies", "IamRoleArn",
			"LoggingLevel", "SlackChannelId", "SlackWorkspaceId", "SnsTopicArns", "Tags", "UserRoleRequired"},
		Required:    []string{"ConfigurationName", "IamRoleArn", "SlackChannelId", "SlackWorkspaceId"},
		Replacement: []string{"ConfigurationName", "SlackWorkspaceId"},
		Attributes:  []string{"Arn"},
		RefIs:       "configuration ARN",
	},
	"AWS::Chatbot::MicrosoftTeamsChannelConfiguration": {
		Name: "AWS::Chatbot::MicrosoftTeamsChannelConfiguration",
		Properties: []string{"ConfigurationName", "CustomizationResourceArns", "GuardrailPolicies", "IamRoleArn",
			"LoggingLevel", "SnsTopicArns", "Tags", "TeamId", "TeamsChannelId", "TeamsChannelName", "TeamsTenantId",
			"UserRoleRequired"},
		Required:    []string{"ConfigurationName", "IamRoleArn", "TeamId", "TeamsChannelId", "TeamsTenantId"},
		Replacement: []string{"ConfigurationName", "TeamId", "TeamsTenantId"},
		Attributes:  []string{"Arn"},
		RefIs:       "configuration ARN",
	},
	"AWS::Chatbot::CustomAction": {
		Name:        "AWS::Chatbot::CustomAction",
		Properties:  []string{"ActionName", "AliasName", "Attachments", "Definition", "Tags"},
		Required:    []string{"ActionName", "Definition"},
		Replacement: []string{"ActionName"},
		Attributes:  []string{"CustomActionArn"},
		RefIs:       "custom action ARN",
	},
}

// Unsupported returns a *ValidationError naming the template's resource
// types chatgov does not provision, nil when it supports them all.
func (t *Template) Unsupported() error {
	var bad []string
	for _, typ := range t.ResourceTypes() {
		if _, ok := Types[typ]; !ok {
			bad = append(bad, typ)
		}
	}
	if len(bad) > 0 {
		return formatError("Unrecognized resource types: [%s]", strings.Join(bad, ", "))
	}
	for _, id := range t.ResourceIDs() {
		refs, _ := references(t.Resources[id].Properties)
		for _, name := range sortedKeys(t.Outputs) {
			more, _ := references(t.Outputs[name].Value)
			refs = append(refs, more...)
		}
		for _, ref := range refs {
			if !ref.getAtt {
				continue
			}
			target := Types[t.Resources[ref.name].Type]
			if !slices.Contains(target.Attributes, ref.attr) {
				return formatError("Template error: resource %s does not support attribute type %s in Fn::GetAtt", ref.name, ref.attr)
			}
		}
	}
	return nil
}

// CheckProperties checks a resource's evaluated properties against its
// type: unknown properties and missing required ones, worded as AWS's
// resource handlers word them.
func CheckProperties(typ string, props map[string]any) error {
	s, ok := Types[typ]
	if !ok {
		return formatError("Unrecognized resource types: [%s]", typ)
	}
	var unknown []string
	for k := range props {
		if !slices.Contains(s.Properties, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return invalid("Encountered unsupported property %s", unknown[0])
	}
	var missing []string
	for _, k := range s.Required {
		if _, ok := props[k]; !ok {
			missing = append(missing, "#: required key ["+k+"] not found")
		}
	}
	if len(missing) > 0 {
		return invalid("Properties validation failed for resource with message: %s", strings.Join(missing, "\n"))
	}
	return nil
}
