package awsapi

import (
	"encoding/json"
	"net/http"

	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// customActionOps are AWS Chatbot's custom action operations, by path.
var customActionOps = map[string]chatbotOp{
	api.PathCreateCustomAction:            rest(http.StatusCreated, createCustomAction),
	api.PathGetCustomAction:               rest(http.StatusOK, getCustomAction),
	api.PathUpdateCustomAction:            rest(http.StatusOK, updateCustomAction),
	api.PathDeleteCustomAction:            rest(http.StatusNoContent, deleteCustomAction),
	api.PathListCustomActions:             rest(http.StatusOK, listCustomActions),
	api.PathAssociateToConfiguration:      rest(http.StatusOK, associateToConfiguration),
	api.PathDisassociateFromConfiguration: rest(http.StatusOK, disassociateFromConfiguration),
	api.PathListAssociations:              rest(http.StatusOK, listAssociations),
}

// init adds the custom action operations and the signing secrets to the
// routing tables, keeping those tables' files as they were.
func init() {
	for path, op := range customActionOps {
		chatbotOps[path] = op
	}
	chatgovOps[api.Path(api.OpPutSigningSecret)] = own(putSigningSecret)
	chatgovOps[api.Path(api.OpDeleteSigningSecret)] = own(deleteSigningSecret)
}

func putSigningSecret(h *Handler, r *request, in *api.PutSigningSecretInput) (api.PutSigningSecretOutput, error) {
	return api.PutSigningSecretOutput{}, h.gov.PutSigningSecret(r.Context(), r.caller, gov.SigningSecretInput{Platform: in.Platform,
		WorkspaceID: in.WorkspaceID, Secret: in.SigningSecret})
}

func deleteSigningSecret(h *Handler, r *request, in *api.DeleteSigningSecretInput) (api.DeleteSigningSecretOutput, error) {
	return api.DeleteSigningSecretOutput{}, h.gov.DeleteSigningSecret(r.Context(), r.caller, in.Platform, in.WorkspaceID)
}

// actionInput turns the API's definition and attachments into gov's.
func actionInput(name, alias string, def *api.CustomActionDefinition, atts []api.CustomActionAttachment, tags []api.Tag) (gov.CustomActionInput, error) {
	in := gov.CustomActionInput{Name: name, AliasName: alias, Tags: chatTagsIn(tags)}
	if def != nil { // without one, gov refuses the empty command
		in.CommandText = def.CommandText
	}
	if len(atts) > 0 {
		b, err := json.Marshal(atts)
		if err != nil {
			return in, err
		}
		in.Attachments = string(b)
	}
	return in, nil
}

func createCustomAction(h *Handler, r *request, in *api.CreateCustomActionInput) (api.CreateCustomActionOutput, error) {
	ai, err := actionInput(in.ActionName, in.AliasName, in.Definition, in.Attachments, in.Tags)
	if err != nil {
		return api.CreateCustomActionOutput{}, err
	}
	arn, err := h.gov.CreateCustomAction(r.Context(), r.caller, ai)
	if err != nil {
		return api.CreateCustomActionOutput{}, err
	}
	return api.CreateCustomActionOutput{CustomActionArn: arn}, nil
}

func getCustomAction(h *Handler, r *request, in *api.GetCustomActionInput) (api.GetCustomActionOutput, error) {
	a, err := h.gov.GetCustomAction(r.caller, in.CustomActionArn)
	if err != nil {
		return api.GetCustomActionOutput{}, err
	}
	out := api.CustomAction{ActionName: a.Name, AliasName: a.AliasName, CustomActionArn: a.ARN, Definition: api.CustomActionDefinition{CommandText: a.CommandText}}
	if a.Attachments != "" && a.Attachments != "[]" {
		if err := json.Unmarshal([]byte(a.Attachments), &out.Attachments); err != nil {
			return api.GetCustomActionOutput{}, err
		}
	}
	return api.GetCustomActionOutput{CustomAction: out}, nil
}

func updateCustomAction(h *Handler, r *request, in *api.UpdateCustomActionInput) (api.UpdateCustomActionOutput, error) {
	ai, err := actionInput("", in.AliasName, in.Definition, in.Attachments, nil)
	if err != nil {
		return api.UpdateCustomActionOutput{}, err
	}
	if err := h.gov.UpdateCustomAction(r.Context(), r.caller, in.CustomActionArn, ai); err != nil {
		return api.UpdateCustomActionOutput{}, err
	}
	return api.UpdateCustomActionOutput{CustomActionArn: in.CustomActionArn}, nil
}

func deleteCustomAction(h *Handler, r *request, in *api.DeleteCustomActionInput) (api.DeleteCustomActionOutput, error) {
	return api.DeleteCustomActionOutput{}, h.gov.DeleteCustomAction(r.Context(), r.caller, in.CustomActionArn)
}

func listCustomActions(h *Handler, r *request, in *api.ListCustomActionsInput) (api.ListCustomActionsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListCustomActionsOutput{}, err
	}
	p, err := h.gov.ListCustomActions(r.caller, in.NextToken, max)
	if err != nil {
		return api.ListCustomActionsOutput{}, err
	}
	return api.ListCustomActionsOutput{CustomActions: nonNil(p.Items), NextToken: p.NextToken}, nil
}

func associateToConfiguration(h *Handler, r *request, in *api.AssociateToConfigurationInput) (api.AssociateToConfigurationOutput, error) {
	return api.AssociateToConfigurationOutput{}, h.gov.AssociateToConfiguration(r.Context(), r.caller, in.ChatConfiguration, in.Resource)
}

func disassociateFromConfiguration(h *Handler, r *request, in *api.DisassociateFromConfigurationInput) (api.DisassociateFromConfigurationOutput, error) {
	return api.DisassociateFromConfigurationOutput{}, h.gov.DisassociateFromConfiguration(r.Context(), r.caller, in.ChatConfiguration, in.Resource)
}

func listAssociations(h *Handler, r *request, in *api.ListAssociationsInput) (api.ListAssociationsOutput, error) {
	max, err := chatbotMax(in.MaxResults)
	if err != nil {
		return api.ListAssociationsOutput{}, err
	}
	p, err := h.gov.ListAssociations(r.caller, in.ChatConfiguration, in.NextToken, max)
	if err != nil {
		return api.ListAssociationsOutput{}, err
	}
	return api.ListAssociationsOutput{NextToken: p.NextToken,
		Associations: convert(nonNil(p.Items), func(s string) api.AssociationListing { return api.AssociationListing{Resource: s} })}, nil
}
