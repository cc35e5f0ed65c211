package chatgovapi

// AWS Chatbot's custom actions and their associations with channel
// configurations, in the service's restJson1 shapes. Create answers 201,
// DeleteCustomAction 204, the others 200.
const (
	PathCreateCustomAction            = "/create-custom-action"
	PathGetCustomAction               = "/get-custom-action"
	PathUpdateCustomAction            = "/update-custom-action"
	PathDeleteCustomAction            = "/delete-custom-action"
	PathListCustomActions             = "/list-custom-actions"
	PathAssociateToConfiguration      = "/associate-to-configuration"
	PathDisassociateFromConfiguration = "/disassociate-from-configuration"
	PathListAssociations              = "/list-associations"
)

// CustomActionDefinition is the command a custom action runs; $name and
// ${name} are its variables.
type CustomActionDefinition struct {
	CommandText string `json:"CommandText"`
}

// CustomActionAttachment says when a custom action's button is attached to
// a notification.
type CustomActionAttachment struct {
	ButtonText       string                           `json:"ButtonText,omitempty"`
	Criteria         []CustomActionAttachmentCriteria `json:"Criteria,omitempty"`
	NotificationType string                           `json:"NotificationType,omitempty"`
	Variables        map[string]string                `json:"Variables,omitempty"`
}

// CustomActionAttachmentCriteria is a condition on a notification's
// variable.
type CustomActionAttachmentCriteria struct {
	Operator     string `json:"Operator"`
	Value        string `json:"Value,omitempty"`
	VariableName string `json:"VariableName"`
}

type CreateCustomActionInput struct {
	ActionName  string                   `json:"ActionName"`
	AliasName   string                   `json:"AliasName,omitempty"`
	Attachments []CustomActionAttachment `json:"Attachments,omitempty"`
	ClientToken string                   `json:"ClientToken,omitempty"`
	Definition  *CustomActionDefinition  `json:"Definition"`
	Tags        []Tag                    `json:"Tags,omitempty"`
}

type CreateCustomActionOutput struct {
	CustomActionArn string `json:"CustomActionArn"`
}

type GetCustomActionInput struct {
	CustomActionArn string `json:"CustomActionArn"`
}

type GetCustomActionOutput struct {
	CustomAction CustomAction `json:"CustomAction"`
}

// CustomAction is a custom action as GetCustomAction answers it.
type CustomAction struct {
	ActionName      string                   `json:"ActionName"`
	AliasName       string                   `json:"AliasName,omitempty"`
	Attachments     []CustomActionAttachment `json:"Attachments,omitempty"`
	CustomActionArn string                   `json:"CustomActionArn"`
	Definition      CustomActionDefinition   `json:"Definition"`
}

type UpdateCustomActionInput struct {
	AliasName       string                   `json:"AliasName,omitempty"`
	Attachments     []CustomActionAttachment `json:"Attachments,omitempty"`
	CustomActionArn string                   `json:"CustomActionArn"`
	Definition      *CustomActionDefinition  `json:"Definition"`
}

type UpdateCustomActionOutput struct {
	CustomActionArn string `json:"CustomActionArn"`
}

type DeleteCustomActionInput struct {
	CustomActionArn string `json:"CustomActionArn"`
}

type DeleteCustomActionOutput struct{}

type ListCustomActionsInput struct {
	MaxResults *int   `json:"MaxResults,omitempty"`
	NextToken  string `json:"NextToken,omitempty"`
}

type ListCustomActionsOutput struct {
	CustomActions []string `json:"CustomActions"`
	NextToken     string   `json:"NextToken,omitempty"`
}

type AssociateToConfigurationInput struct {
	ChatConfiguration string `json:"ChatConfiguration"`
	Resource          string `json:"Resource"`
}

type AssociateToConfigurationOutput struct{}

type DisassociateFromConfigurationInput struct {
	ChatConfiguration string `json:"ChatConfiguration"`
	Resource          string `json:"Resource"`
}

type DisassociateFromConfigurationOutput struct{}

type ListAssociationsInput struct {
	ChatConfiguration string `json:"ChatConfiguration"`
	MaxResults        *int   `json:"MaxResults,omitempty"`
	NextToken         string `json:"NextToken,omitempty"`
}

type ListAssociationsOutput struct {
	Associations []AssociationListing `json:"Associations"`
	NextToken    string               `json:"NextToken,omitempty"`
}

// AssociationListing is a resource associated with a configuration.
type AssociationListing struct {
	Resource string `json:"Resource"`
}
