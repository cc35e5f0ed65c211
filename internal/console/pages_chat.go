package console

import (
	"net/http"
	"strings"

	"github.com/chatgov/chatgov/internal/gov"
)

// directoryLimit is how many entries of each kind the chat page lists.
const directoryLimit = 200

// chatPage shows the caller's configurations, the organization's chat
// directory, and the chat-command simulator: gov's SimulateChatCommand,
// with each gate and the statements that decided it.
func (c *Console) chatPage(w http.ResponseWriter, r *http.Request, ss *session) {
	configs, err := c.ownConfigurations(ss.caller)
	if err != nil {
		c.failErr(w, r, ss, err)
		return
	}
	q := r.URL.Query()
	in := gov.CommandInput{ConfigurationARN: strings.TrimSpace(q.Get("arn")), Command: q.Get("command"), ChatUserID: strings.TrimSpace(q.Get("user"))}
	if in.ConfigurationARN == "" && len(configs) > 0 {
		in.ConfigurationARN = configs[0].ARN
	}
	data := map[string]any{"Configs": configs, "Input": in}
	if dir, err := c.gov.ListDirectory(ss.caller); err == nil {
		data["SlackTotal"], data["TeamsTotal"] = len(dir.SlackChannels), len(dir.TeamsTeams)
		if len(dir.SlackChannels) > directoryLimit {
			dir.SlackChannels = dir.SlackChannels[:directoryLimit]
		}
		if len(dir.TeamsTeams) > directoryLimit {
			dir.TeamsTeams = dir.TeamsTeams[:directoryLimit]
		}
		data["Directory"] = dir
	} else {
		data["DirectoryProblem"] = messageOf(err)
	}
	if q.Has("command") {
		d, err := c.gov.SimulateChatCommand(ss.caller, in)
		if err != nil {
			if statusOf(err) == http.StatusInternalServerError {
				c.failErr(w, r, ss, err)
				return
			}
			data["Problem"] = messageOf(err)
		} else {
			data["Decision"] = d
		}
	}
	c.render(w, r, ss, "chat", http.StatusOK, data)
}
