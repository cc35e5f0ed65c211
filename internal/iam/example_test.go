package iam_test

import (
	"errors"
	"fmt"

	"github.com/chatgov/chatgov/internal/iam"
	"github.com/chatgov/chatgov/internal/jsondoc"
)

// An OU denies every action but two to sessions started from chat. The same
// call is denied from a Slack channel and allowed from the CLI.
func ExampleEvaluateSCPs() {
	full, err := iam.Parse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, iam.SCP)
	if err != nil {
		panic(err)
	}
	chatOnly, err := iam.Parse(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "ChatRunsOnlyAutomation",
	    "Effect": "Deny",
	    "NotAction": ["ssm:StartAutomationExecution", "lambda:InvokeFunction"],
	    "Resource": "*",
	    "Condition": {"ArnLike": {"aws:ChatbotSourceArn": "arn:aws:chatbot::*:chat-configuration/*"}}
	  }]
	}`, iam.SCP)
	if err != nil {
		panic(err)
	}
	fullAccess := iam.Named{ID: "p-FullAWSAccess", Name: "FullAWSAccess", Policy: full}
	path := []iam.Level{
		{Node: iam.Node{ID: "r-ab12", Type: iam.NodeRoot, Name: "Root"}, Policies: []iam.Named{fullAccess}},
		{Node: iam.Node{ID: "ou-ab12-11111111", Type: iam.NodeOrganizationalUnit, Name: "Workloads"}, Policies: []iam.Named{
			fullAccess, {ID: "p-chatonly", Name: "ChatOnly", Policy: chatOnly},
		}},
		{Node: iam.Node{ID: "111122223333", Type: iam.NodeAccount, Name: "prod"}, Policies: []iam.Named{fullAccess}},
	}

	fromChat := iam.Request{Action: "rds:DeleteDBCluster", Resource: "*"}
	fromChat.Context.Set("aws:ChatbotSourceArn", "arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops")
	r := iam.EvaluateSCPs(path, fromChat, false)
	fmt.Println(r.Decision)
	for _, lv := range r.Levels {
		fmt.Printf("  %s: %s\n", lv.Node, lv.Decision)
	}
	fmt.Println(r.Levels[1].Deny[0])

	fromCLI := iam.Request{Action: "rds:DeleteDBCluster", Resource: "*"}
	fmt.Println(iam.DecideSCPs(path, fromCLI, false))
	// Output:
	// explicitDeny
	//   root r-ab12 (Root): allowed
	//   OU ou-ab12-11111111 (Workloads): explicitDeny
	//   account 111122223333 (prod): allowed
	// policy p-chatonly (ChatOnly) statement 0 (Sid ChatRunsOnlyAutomation): Deny because the action matched none of its NotAction patterns, resource matched "*", ArnLike aws:ChatbotSourceArn ["arn:aws:chatbot::*:chat-configuration/*"] held for ["arn:aws:chatbot::111122223333:chat-configuration/slack-channel/ops"]
	// allowed
}

// Parse reports every problem of a document at once, each with its path.
func ExampleParse() {
	_, err := iam.Parse(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Effect": "Deny",
	    "Action": "iam",
	    "Resource": "*",
	    "Principal": "*",
	    "Condition": {"StringEqual": {"aws:username": "alice"}}
	  }]
	}`, iam.SCP)
	var doc *jsondoc.Error
	if errors.As(err, &doc) {
		for _, p := range doc.Problems {
			fmt.Println(p.Code, p.Path)
		}
	}
	// Output:
	// INVALID_VALUE $.Statement[0].Action
	// UNSUPPORTED_ELEMENT $.Statement[0].Principal
	// UNKNOWN_CONDITION_OPERATOR $.Statement[0].Condition.StringEqual
}
