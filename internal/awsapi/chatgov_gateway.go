package awsapi

import (
	api "github.com/chatgov/chatgov/internal/chatgovapi"
	"github.com/chatgov/chatgov/internal/gov"
)

// The gateway's operations under /chatgov/: the directory's write-only
// secrets and the record of deliveries.

func putSlackBotToken(h *Handler, r *request, in *api.PutSlackBotTokenInput) (api.PutSlackBotTokenOutput, error) {
	return api.PutSlackBotTokenOutput{}, h.gov.PutSlackBotToken(r.Context(), r.caller, in.SlackTeamID, in.BotToken)
}

func putTeamsWebhookURL(h *Handler, r *request, in *api.PutTeamsWebhookURLInput) (api.PutTeamsWebhookURLOutput, error) {
	return api.PutTeamsWebhookURLOutput{}, h.gov.PutTeamsWebhookURL(r.Context(), r.caller, in.TeamID, in.ChannelID, in.WebhookURL)
}

// maxDeliveriesPage is the largest page of deliveries, and the default.
const maxDeliveriesPage = 100

func listNotificationDeliveries(h *Handler, r *request, in *api.ListNotificationDeliveriesInput) (api.ListNotificationDeliveriesOutput, error) {
	limit := in.MaxResults
	if limit < 0 || limit > maxDeliveriesPage {
		return api.ListNotificationDeliveriesOutput{}, &gov.Error{Kind: gov.Invalid, Reason: gov.ReasonMaxValue,
			Message: "MaxResults must be from 1 to 100"}
	}
	if limit == 0 {
		limit = maxDeliveriesPage
	}
	ds, err := h.gov.Deliveries(r.Context(), r.caller, gov.DeliveryQuery{Status: in.Status, ConfigurationARN: in.ConfigurationARN,
		MessageID: in.MessageID, AfterID: in.NextToken, Limit: limit})
	if err != nil {
		return api.ListNotificationDeliveriesOutput{}, err
	}
	out := api.ListNotificationDeliveriesOutput{Deliveries: []api.NotificationDelivery{}}
	for _, d := range ds {
		nd := api.NotificationDelivery{DeliveryID: d.ID, MessageID: d.MessageID, ConfigurationARN: d.ConfigurationARN, AccountID: d.AccountID,
			Status: d.Status, Attempts: d.Attempts, Detail: d.Detail, CreatedTimestamp: api.TimeOf(d.CreatedAt)}
		if !d.DoneAt.IsZero() {
			t := api.TimeOf(d.DoneAt)
			nd.DoneTimestamp = &t
		}
		out.Deliveries = append(out.Deliveries, nd)
	}
	if len(ds) == limit {
		out.NextToken = ds[len(ds)-1].ID
	}
	return out, nil
}
