package render

import (
	"encoding/json"
	"strings"

	"github.com/slack-go/slack"
)

// Text is a notification as one plain line or a few: the fallback text of
// a Slack message (what notifications and screen readers show).
func Text(n Notification) string {
	var b strings.Builder
	b.WriteString(n.Title)
	if n.Description != "" {
		b.WriteString("\n")
		b.WriteString(n.Description)
	}
	return clip(b.String())
}

// Slack returns the notification as Block Kit blocks and fallback text.
func Slack(n Notification) (blocks []slack.Block, fallback string) {
	icon := map[Severity]string{SeverityDanger: ":red_circle: ", SeverityGood: ":large_green_circle: ", SeverityWarning: ":large_yellow_circle: "}[n.Severity]
	blocks = append(blocks, slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, headerText(n.Title), true, false)))
	if n.Description != "" {
		text := n.Description
		if n.Kind == KindEvent {
			text = "```" + text + "```"
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, icon+text, false, false), nil, nil))
	}
	if len(n.Fields) > 0 {
		var fields []*slack.TextBlockObject
		for i, f := range n.Fields {
			if i == 10 { // a section holds at most 10 fields
				break
			}
			fields = append(fields, slack.NewTextBlockObject(slack.MarkdownType, "*"+f.Name+"*\n"+f.Value, false, false))
		}
		blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil))
	}
	if len(n.NextSteps) > 0 {
		var b strings.Builder
		b.WriteString("*Next steps*")
		for _, s := range n.NextSteps {
			b.WriteString("\n• " + s)
		}
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, clip(b.String()), false, false), nil, nil))
	}
	if len(n.Keywords) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, clip(strings.Join(n.Keywords, " · ")), false, false)))
	}
	return blocks, Text(n)
}

// headerText fits a Slack header's limit of 150 characters.
func headerText(s string) string {
	r := []rune(s)
	if len(r) > 150 {
		return string(r[:149]) + "…"
	}
	if s == "" {
		return "Notification"
	}
	return s
}

// Teams returns the notification as the body of a Microsoft Teams
// incoming-webhook (or Workflows) request: a message with one Adaptive
// Card attachment.
func Teams(n Notification) []byte {
	type item = map[string]any
	body := []item{{"type": "TextBlock", "text": n.Title, "weight": "Bolder", "size": "Medium", "wrap": true,
		"color": map[Severity]string{SeverityDanger: "Attention", SeverityGood: "Good", SeverityWarning: "Warning"}[n.Severity]}}
	if n.Description != "" {
		tb := item{"type": "TextBlock", "text": n.Description, "wrap": true}
		if n.Kind == KindEvent {
			tb["fontType"] = "Monospace"
		}
		body = append(body, tb)
	}
	if len(n.Fields) > 0 {
		var facts []item
		for _, f := range n.Fields {
			facts = append(facts, item{"title": f.Name, "value": f.Value})
		}
		body = append(body, item{"type": "FactSet", "facts": facts})
	}
	if len(n.NextSteps) > 0 {
		body = append(body, item{"type": "TextBlock", "text": "**Next steps**\n\n- " + strings.Join(n.NextSteps, "\n- "), "wrap": true})
	}
	if len(n.Keywords) > 0 {
		body = append(body, item{"type": "TextBlock", "text": strings.Join(n.Keywords, " · "), "isSubtle": true, "wrap": true, "size": "Small"})
	}
	msg := item{"type": "message", "attachments": []item{{
		"contentType": "application/vnd.microsoft.card.adaptive",
		"content": item{"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
			"body": body, "msteams": item{"width": "Full"}},
	}}}
	b, _ := json.Marshal(msg) // maps of strings and slices always encode
	return b
}

// MaxChimeContent is the most characters Amazon Chime's webhook takes in
// a message's Content.
const MaxChimeContent = 4096

// Chime returns the notification as the body of an Amazon Chime incoming
// webhook request: {"Content": text}, in Chime's markdown ("/md" first).
func Chime(n Notification) []byte {
	var b strings.Builder
	b.WriteString("/md **" + n.Title + "**")
	if n.Description != "" {
		b.WriteString("\n" + n.Description)
	}
	for _, f := range n.Fields {
		b.WriteString("\n**" + f.Name + ":** " + f.Value)
	}
	for _, s := range n.NextSteps {
		b.WriteString("\n- " + s)
	}
	if len(n.Keywords) > 0 {
		b.WriteString("\n" + strings.Join(n.Keywords, " · "))
	}
	text := []rune(b.String())
	if len(text) > MaxChimeContent {
		text = append(text[:MaxChimeContent-1], '…')
	}
	out, _ := json.Marshal(map[string]string{"Content": string(text)})
	return out
}
