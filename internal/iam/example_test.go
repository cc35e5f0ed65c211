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

// The management account delegates the management of chat applications
// policies to a member account with a resource-based delegation policy. A
// role session of the member may create one; another account may not.
func ExampleEvaluateResourcePolicy() {
	p, err := iam.Parse(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "DelegateChatbotPolicies",
	    "Effect": "Allow",
	    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
	    "Action": ["organizations:CreatePolicy", "organizations:UpdatePolicy", "organizations:DeletePolicy"],
	    "Resource": "*",
	    "Condition": {"StringEquals": {"organizations:PolicyType": "CHATBOT_POLICY"}}
	  }]
	}`, iam.ResourceBased)
	if err != nil {
		panic(err)
	}
	delegation := iam.Named{ID: "rp-delegation", Policy: p}

	req := iam.Request{Action: "organizations:CreatePolicy", Resource: "*",
		Principal: iam.Principal{ARN: "arn:aws:sts::111122223333:assumed-role/PolicyAdmins/alice"}}
	req.Context.Set("organizations:PolicyType", "CHATBOT_POLICY")
	r := iam.EvaluateResourcePolicy(delegation, req)
	fmt.Println(r.Decision)
	fmt.Println(r.Deciding()[0])

	req.Principal = iam.Principal{ARN: "arn:aws:iam::444455556666:root"}
	fmt.Println(iam.EvaluateResourcePolicy(delegation, req).Decision)
	// Output:
	// allowed
	// policy rp-delegation statement 0 (Sid DelegateChatbotPolicies): Allow because principal matched AWS "arn:aws:iam::111122223333:root", action matched "organizations:CreatePolicy", resource matched "*", StringEquals organizations:PolicyType ["CHATBOT_POLICY"] held for ["CHATBOT_POLICY"]
	// implicitDeny
}
