package awsapi

import (
	"encoding/xml"
	"time"
)

// CloudFormation's awsQuery answers: XML in its namespace, lists as
// <member> elements, times in ISO 8601 with milliseconds.

const (
	cfnNamespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
	cfnVersion   = "2010-05-15"
)

type cfnTime time.Time

func (t cfnTime) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z")), nil
}

func cfnTimePtr(t time.Time) *cfnTime {
	if t.IsZero() {
		return nil
	}
	c := cfnTime(t)
	return &c
}

type cfnMetadata struct {
	RequestID string `xml:"RequestId"`
}

// cfnResponse is every answer: <ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/></ActionResponse>.
type cfnResponse struct {
	XMLName          xml.Name
	Xmlns            string      `xml:"xmlns,attr"`
	Result           any         `xml:",omitempty"`
	ResponseMetadata cfnMetadata `xml:"ResponseMetadata"`
}

type cfnResult struct {
	XMLName xml.Name
	Body    any
}

func (r cfnResult) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Name = r.XMLName
	if r.Body == nil {
		return e.EncodeElement(struct{}{}, start)
	}
	return e.EncodeElement(r.Body, start)
}

type cfnParameter struct {
	ParameterKey   string `xml:"ParameterKey"`
	ParameterValue string `xml:"ParameterValue"`
}

type cfnTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type cfnOutput struct {
	OutputKey   string `xml:"OutputKey"`
	OutputValue string `xml:"OutputValue"`
	Description string `xml:"Description,omitempty"`
	ExportName  string `xml:"ExportName,omitempty"`
}

type cfnDrift struct {
	StackDriftStatus string `xml:"StackDriftStatus"`
}

type cfnResourceDrift struct {
	StackResourceDriftStatus string `xml:"StackResourceDriftStatus"`
}

type cfnStack struct {
	StackID                     string         `xml:"StackId"`
	StackName                   string         `xml:"StackName"`
	ChangeSetID                 string         `xml:"ChangeSetId,omitempty"`
	Description                 string         `xml:"Description,omitempty"`
	Parameters                  []cfnParameter `xml:"Parameters>member,omitempty"`
	CreationTime                *cfnTime       `xml:"CreationTime"`
	DeletionTime                *cfnTime       `xml:"DeletionTime,omitempty"`
	LastUpdatedTime             *cfnTime       `xml:"LastUpdatedTime,omitempty"`
	StackStatus                 string         `xml:"StackStatus"`
	StackStatusReason           string         `xml:"StackStatusReason,omitempty"`
	DisableRollback             bool           `xml:"DisableRollback"`
	NotificationARNs            []string       `xml:"NotificationARNs>member,omitempty"`
	Capabilities                []string       `xml:"Capabilities>member,omitempty"`
	Outputs                     []cfnOutput    `xml:"Outputs>member,omitempty"`
	Tags                        []cfnTag       `xml:"Tags>member,omitempty"`
	EnableTerminationProtection bool           `xml:"EnableTerminationProtection"`
	DriftInformation            cfnDrift       `xml:"DriftInformation"`
}

type cfnStackSummary struct {
	StackID             string   `xml:"StackId"`
	StackName           string   `xml:"StackName"`
	TemplateDescription string   `xml:"TemplateDescription,omitempty"`
	CreationTime        *cfnTime `xml:"CreationTime"`
	LastUpdatedTime     *cfnTime `xml:"LastUpdatedTime,omitempty"`
	DeletionTime        *cfnTime `xml:"DeletionTime,omitempty"`
	StackStatus         string   `xml:"StackStatus"`
	StackStatusReason   string   `xml:"StackStatusReason,omitempty"`
	DriftInformation    cfnDrift `xml:"DriftInformation"`
}

type cfnEvent struct {
	StackID              string   `xml:"StackId"`
	EventID              string   `xml:"EventId"`
	StackName            string   `xml:"StackName"`
	LogicalResourceID    string   `xml:"LogicalResourceId"`
	PhysicalResourceID   string   `xml:"PhysicalResourceId"`
	ResourceType         string   `xml:"ResourceType"`
	Timestamp            *cfnTime `xml:"Timestamp"`
	ResourceStatus       string   `xml:"ResourceStatus"`
	ResourceStatusReason string   `xml:"ResourceStatusReason,omitempty"`
	ResourceProperties   string   `xml:"ResourceProperties,omitempty"`
}

type cfnStackResource struct {
	StackName            string           `xml:"StackName"`
	StackID              string           `xml:"StackId"`
	LogicalResourceID    string           `xml:"LogicalResourceId"`
	PhysicalResourceID   string           `xml:"PhysicalResourceId,omitempty"`
	ResourceType         string           `xml:"ResourceType"`
	Timestamp            *cfnTime         `xml:"Timestamp,omitempty"`
	LastUpdatedTimestamp *cfnTime         `xml:"LastUpdatedTimestamp,omitempty"`
	ResourceStatus       string           `xml:"ResourceStatus"`
	ResourceStatusReason string           `xml:"ResourceStatusReason,omitempty"`
	Metadata             string           `xml:"Metadata,omitempty"`
	DriftInformation     cfnResourceDrift `xml:"DriftInformation"`
}

type cfnResourceSummary struct {
	LogicalResourceID    string           `xml:"LogicalResourceId"`
	PhysicalResourceID   string           `xml:"PhysicalResourceId,omitempty"`
	ResourceType         string           `xml:"ResourceType"`
	LastUpdatedTimestamp *cfnTime         `xml:"LastUpdatedTimestamp"`
	ResourceStatus       string           `xml:"ResourceStatus"`
	ResourceStatusReason string           `xml:"ResourceStatusReason,omitempty"`
	DriftInformation     cfnResourceDrift `xml:"DriftInformation"`
}

type cfnTemplateParameter struct {
	ParameterKey  string   `xml:"ParameterKey"`
	DefaultValue  *string  `xml:"DefaultValue,omitempty"`
	ParameterType string   `xml:"ParameterType,omitempty"`
	NoEcho        bool     `xml:"NoEcho"`
	Description   string   `xml:"Description,omitempty"`
	AllowedValues []string `xml:"ParameterConstraints>AllowedValues>member,omitempty"`
}

type cfnValidateResult struct {
	Parameters  []cfnTemplateParameter `xml:"Parameters>member"`
	Description string                 `xml:"Description,omitempty"`
}

type cfnSummaryResult struct {
	Parameters    []cfnTemplateParameter `xml:"Parameters>member"`
	Description   string                 `xml:"Description,omitempty"`
	ResourceTypes []string               `xml:"ResourceTypes>member"`
	Version       string                 `xml:"Version,omitempty"`
	Metadata      string                 `xml:"Metadata,omitempty"`
}

type cfnResourceTarget struct {
	Attribute          string `xml:"Attribute"`
	Name               string `xml:"Name"`
	RequiresRecreation string `xml:"RequiresRecreation"`
}

type cfnChangeDetail struct {
	Target       cfnResourceTarget `xml:"Target"`
	Evaluation   string            `xml:"Evaluation"`
	ChangeSource string            `xml:"ChangeSource"`
}

type cfnResourceChange struct {
	Action             string            `xml:"Action"`
	LogicalResourceID  string            `xml:"LogicalResourceId"`
	PhysicalResourceID string            `xml:"PhysicalResourceId,omitempty"`
	ResourceType       string            `xml:"ResourceType"`
	Replacement        string            `xml:"Replacement,omitempty"`
	Scope              []string          `xml:"Scope>member"`
	Details            []cfnChangeDetail `xml:"Details>member"`
}

type cfnChange struct {
	Type           string            `xml:"Type"`
	ResourceChange cfnResourceChange `xml:"ResourceChange"`
}

type cfnChangeSet struct {
	ChangeSetName       string         `xml:"ChangeSetName"`
	ChangeSetID         string         `xml:"ChangeSetId"`
	StackID             string         `xml:"StackId"`
	StackName           string         `xml:"StackName"`
	Description         string         `xml:"Description,omitempty"`
	Parameters          []cfnParameter `xml:"Parameters>member,omitempty"`
	CreationTime        *cfnTime       `xml:"CreationTime"`
	ExecutionStatus     string         `xml:"ExecutionStatus"`
	Status              string         `xml:"Status"`
	StatusReason        string         `xml:"StatusReason,omitempty"`
	Capabilities        []string       `xml:"Capabilities>member,omitempty"`
	Tags                []cfnTag       `xml:"Tags>member,omitempty"`
	Changes             []cfnChange    `xml:"Changes>member"`
	IncludeNestedStacks bool           `xml:"IncludeNestedStacks"`
}

type cfnChangeSetSummary struct {
	StackID         string   `xml:"StackId"`
	StackName       string   `xml:"StackName"`
	ChangeSetID     string   `xml:"ChangeSetId"`
	ChangeSetName   string   `xml:"ChangeSetName"`
	ExecutionStatus string   `xml:"ExecutionStatus"`
	Status          string   `xml:"Status"`
	StatusReason    string   `xml:"StatusReason,omitempty"`
	CreationTime    *cfnTime `xml:"CreationTime"`
	Description     string   `xml:"Description,omitempty"`
}
