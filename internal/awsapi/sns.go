package awsapi

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/chatgov/chatgov/internal/awsapi/snswire"
	"github.com/chatgov/chatgov/internal/gov"
)

// SNS: the awsQuery operations of Amazon SNS that AWS Chatbot consumes.
// Requests are told from STS's by the service of their SigV4 credential
// scope (queryService).

const snsNamespace = snswire.Namespace

// snsStatus is the HTTP status of each SNS error code.
var snsStatus = map[string]int{
	gov.SNSNotFound:           http.StatusNotFound,
	gov.SNSResourceNotFound:   http.StatusNotFound,
	gov.SNSAuthorizationError: http.StatusForbidden,
}

// snsError maps a domain error to SNS's wire error: errors about topics
// carry SNS's code as their Reason; others keep their kind's.
func snsError(e *gov.Error) wireError {
	code := e.Reason
	switch {
	case e.Kind == gov.Internal:
		return wireError{code: "InternalError", message: "An internal error occurred; it is logged with the request ID", status: http.StatusInternalServerError}
	case e.Resource == gov.ResTopic && code != "":
	case e.Kind == gov.AccessDenied:
		code = gov.SNSAuthorizationError
	case e.Kind == gov.NotFound:
		code = gov.SNSNotFound
	default:
		code = gov.SNSInvalidParameter
	}
	status, ok := snsStatus[code]
	if !ok {
		status = http.StatusBadRequest
	}
	return wireError{code: code, message: e.Message, status: status}
}

// snsActions are the operations served.
var snsActions = map[string]bool{"CreateTopic": true, "DeleteTopic": true, "ListTopics": true, "GetTopicAttributes": true,
	"Publish": true, "PublishBatch": true, "TagResource": true, "UntagResource": true, "ListTagsForResource": true}

// serveSNS serves one SNS request.
func (h *Handler) serveSNS(w http.ResponseWriter, r *request) {
	fail := func(e wireError) { writeQueryError(w, snsNamespace, r.id, e) }
	form, err := url.ParseQuery(string(r.body))
	if err != nil {
		fail(wireError{code: "MalformedQueryString", message: "the form body does not parse", status: http.StatusBadRequest})
		return
	}
	action := form.Get("Action")
	if !snsActions[action] {
		fail(wireError{code: "InvalidAction", message: "chatgov does not implement the SNS action " + strconv.Quote(action), status: http.StatusBadRequest})
		return
	}
	if v := form.Get("Version"); v != snswire.Version {
		fail(wireError{code: "InvalidParameterValue", message: "Version must be " + snswire.Version + ", not " + strconv.Quote(v), status: http.StatusBadRequest})
		return
	}
	caller, af := h.authenticate(r, "sns")
	if af != nil {
		fail(wireError{code: stsAuthCodes[af.code], message: af.message, status: af.status})
		return
	}
	r.caller = caller
	result, err := h.snsAction(r, action, form)
	if err != nil {
		e := gov.ErrorOf(err)
		wire := snsError(e)
		h.logFailure(r, action, e, wire.code)
		fail(wire)
		return
	}
	writeXML(w, http.StatusOK, snswire.NewResponse(action, r.id, result))
}

// snsAction runs one action and returns its result element (nil for none).
func (h *Handler) snsAction(r *request, action string, form url.Values) (any, error) {
	ctx, c := r.Context(), r.caller
	bad := func(err error) error {
		return &gov.Error{Kind: gov.Invalid, Resource: gov.ResTopic, Reason: gov.SNSInvalidParameter, Message: err.Error()}
	}
	switch action {
	case "CreateTopic":
		in, err := snswire.ParseCreateTopic(form)
		if err != nil {
			return nil, bad(err)
		}
		t, err := h.gov.CreateTopic(ctx, c, in.Name, in.Attributes, in.Tags)
		return snswire.CreateTopicResult{TopicARN: t.ARN}, err
	case "DeleteTopic":
		return nil, h.gov.DeleteTopic(ctx, c, form.Get("TopicArn"))
	case "ListTopics":
		p, err := h.gov.ListTopics(ctx, c, form.Get("NextToken"))
		res := snswire.ListTopicsResult{NextToken: p.NextToken, Topics: []snswire.TopicMember{}}
		for _, t := range p.Items {
			res.Topics = append(res.Topics, snswire.TopicMember{TopicARN: t.ARN})
		}
		return res, err
	case "GetTopicAttributes":
		attrs, err := h.gov.GetTopicAttributes(ctx, c, form.Get("TopicArn"))
		return snswire.GetTopicAttributesResult{Attributes: snswire.Entries(attrs)}, err
	case "Publish":
		in, err := snswire.ParsePublish(form)
		if err != nil {
			return nil, bad(err)
		}
		if err := publishTarget(in); err != nil {
			return nil, err
		}
		id, err := h.gov.Publish(ctx, c, publishInput(in))
		return snswire.PublishResult{MessageID: id}, err
	case "PublishBatch":
		topic, entries, err := snswire.ParsePublishBatch(form)
		if err != nil {
			return nil, bad(err)
		}
		var batch []gov.BatchEntry
		for _, e := range entries {
			batch = append(batch, gov.BatchEntry{ID: e.ID, PublishInput: publishInput(e)})
		}
		res, err := h.gov.PublishBatch(ctx, c, topic, batch)
		out := snswire.PublishBatchResult{Successful: []snswire.BatchSuccess{}, Failed: []snswire.BatchFailure{}}
		for _, p := range res.Published {
			out.Successful = append(out.Successful, snswire.BatchSuccess{ID: p.ID, MessageID: p.MessageID})
		}
		for _, f := range res.Failed {
			out.Failed = append(out.Failed, snswire.BatchFailure{ID: f.ID, Code: f.Code, Message: f.Message, SenderFault: f.SenderFault})
		}
		return out, err
	case "TagResource":
		tags, err := snswire.Tags(form)
		if err != nil {
			return nil, bad(err)
		}
		return snswire.NewEmptyResult(action), h.gov.TagTopic(ctx, c, form.Get("ResourceArn"), tags)
	case "UntagResource":
		keys, err := snswire.TagKeys(form)
		if err != nil {
			return nil, bad(err)
		}
		return snswire.NewEmptyResult(action), h.gov.UntagTopic(ctx, c, form.Get("ResourceArn"), keys)
	default: // ListTagsForResource
		tags, err := h.gov.TopicTags(ctx, c, form.Get("ResourceArn"))
		res := snswire.ListTagsForResourceResult{Tags: []snswire.Tag{}}
		for _, t := range tags {
			res.Tags = append(res.Tags, snswire.Tag{Key: t.Key, Value: t.Value})
		}
		return res, err
	}
}

// publishTarget refuses what chatgov does not deliver: SMS, mobile
// endpoints and FIFO message groups.
func publishTarget(in snswire.PublishRequest) error {
	var msg string
	switch {
	case in.PhoneNumber != "":
		msg = "Invalid parameter: PhoneNumber Reason: chatgov publishes to topics only, not SMS"
	case in.TargetARN != "" && in.TopicARN == "":
		msg = "Invalid parameter: TargetArn Reason: chatgov publishes to topics only (give TopicArn)"
	case in.TopicARN == "":
		msg = "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"
	case in.GroupID != "":
		msg = "Invalid parameter: MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type"
	default:
		return nil
	}
	return &gov.Error{Kind: gov.Invalid, Resource: gov.ResTopic, Reason: gov.SNSInvalidParameter, Message: msg}
}

func publishInput(in snswire.PublishRequest) gov.PublishInput {
	out := gov.PublishInput{TopicARN: in.TopicARN, Subject: in.Subject, Message: in.Message, MessageStructure: in.MessageStructure}
	if len(in.Attributes) > 0 {
		out.Attributes = map[string]gov.MessageAttribute{}
		for k, a := range in.Attributes {
			out.Attributes[k] = gov.MessageAttribute{DataType: a.DataType, Value: a.Value}
		}
	}
	return out
}
