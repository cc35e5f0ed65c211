package console

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

// pageNames are the templates that are pages; each defines "title" and
// "content" and is rendered inside layout.html.
var pageNames = []string{"signin", "error", "home", "org", "policies", "policy", "attach", "move", "effective", "compliance", "chat"}

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"pretty": prettyJSON,
	"query": func(kv ...string) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] != "" {
				v.Set(kv[i], kv[i+1])
			}
		}
		return template.URL(v.Encode())
	},
	"lower": strings.ToLower,
	"pct": func(part, whole int) int {
		if whole == 0 {
			return 0
		}
		return part * 100 / whole
	},
}

// prettyJSON indents a JSON document for reading; text that is not JSON is
// returned as it is.
func prettyJSON(s string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return pages
}

// view is what every page is rendered with.
type view struct {
	S     *session
	Flash string
	// Problem is true when Flash says a change was refused.
	Problem bool
	// Management is true for callers that may read the organization's
	// root: the navigation shows the organization's pages. gov decides
	// what they may do; this only spares members links that gov refuses.
	Management bool
	D          any
}

// CSRF is the session's token for the page's forms.
func (v view) CSRF() string {
	if v.S == nil {
		return ""
	}
	return v.S.csrf
}

// Caller is the signed-in caller.
func (v view) Caller() gov.Caller {
	if v.S == nil {
		return gov.Caller{}
	}
	return v.S.caller
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, ss *session, name string, status int, data any) {
	v := view{S: ss, D: data}
	if ss != nil {
		v.Flash, v.Problem = c.takeFlash(w, r, ss)
		// Whoever may read the organization's root (the management account,
		// a delegated administrator) is shown its pages.
		_, err := c.gov.ListRoots(ss.caller, "", 1)
		v.Management = err == nil
	}
	var b bytes.Buffer
	if err := c.pages[name].Execute(&b, v); err != nil {
		c.log.Error("console: rendering a page failed", "page", name, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail answers with an error page (JSON for the console's JSON endpoints).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, ss *session, status int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/console/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	c.render(w, r, ss, "error", status, map[string]any{"Status": status, "Message": msg})
}

// failErr answers with gov's error: its status and its message.
func (c *Console) failErr(w http.ResponseWriter, r *http.Request, ss *session, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		c.log.Error("console: internal error", "path", r.URL.Path, "err", err)
	}
	c.fail(w, r, ss, status, messageOf(err))
}

// done redirects after a successful write, with a message for the next page.
func (c *Console) done(w http.ResponseWriter, r *http.Request, ss *session, to, msg string) {
	if msg != "" {
		c.setFlash(w, r, ss, msg, false)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// refused answers a form whose change gov refused for its input (invalid,
// or naming something that does not exist): back to the form's page, with
// gov's message above it, so that the person sees what to correct where
// they typed it. Refusals of access, and faults, get an error page.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, ss *session, back string, err error) {
	if s := statusOf(err); s != http.StatusBadRequest && s != http.StatusNotFound {
		c.failErr(w, r, ss, err)
		return
	}
	c.setFlash(w, r, ss, messageOf(err), true)
	http.Redirect(w, r, back, http.StatusSeeOther)
}
