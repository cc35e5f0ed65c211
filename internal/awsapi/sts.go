package awsapi

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/chatgov/chatgov/internal/awsapi/stswire"
	"github.com/chatgov/chatgov/internal/gov"
)

const stsNamespace = stswire.Namespace

// serveQuery serves the awsQuery protocol: STS's AssumeRole and GetCallerIdentity.
func (h *Handler) serveQuery(w http.ResponseWriter, r *request) {
	form, err := url.ParseQuery(string(r.body))
	if err != nil {
		writeQueryError(w, stsNamespace, r.id, wireError{code: "MalformedQueryString", message: "the form body does not parse", status: http.StatusBadRequest})
		return
	}
	action := form.Get("Action")
	if action != "AssumeRole" && action != "GetCallerIdentity" {
		writeQueryError(w, stsNamespace, r.id, wireError{code: "InvalidAction",
			message: "chatgov does not implement the STS action " + strconv.Quote(action), status: http.StatusBadRequest})
		return
	}
	caller, fail := h.authenticate(r, "sts")
	if fail != nil {
		writeQueryError(w, stsNamespace, r.id, wireError{code: stsAuthCodes[fail.code], message: fail.message, status: fail.status})
		return
	}
	r.caller = caller
	switch action {
	case "GetCallerIdentity":
		id := h.gov.GetCallerIdentity(caller)
		writeXML(w, http.StatusOK, stswire.GetCallerIdentityResponse{Xmlns: stsNamespace, ResponseMetadata: stswire.ResponseMetadata{RequestID: r.id},
			Result: stswire.GetCallerIdentityResult{UserID: id.UserID, Account: id.Account, ARN: id.ARN}})
	case "AssumeRole":
		in, err := stswire.ParseAssumeRoleRequest(form)
		if err != nil { // a *stswire.MemberError
			writeQueryError(w, stsNamespace, r.id, wireError{code: "ValidationError", message: err.Error(), status: http.StatusBadRequest})
			return
		}
		seconds := 0
		if in.DurationSeconds != nil {
			seconds = *in.DurationSeconds
		}
		ar, err := h.gov.AssumeRole(r.Context(), caller, in.RoleARN, in.RoleSessionName, seconds)
		if err != nil {
			e := gov.ErrorOf(err)
			wire := stsError(e)
			h.logFailure(r, "AssumeRole", e, wire.code)
			writeQueryError(w, stsNamespace, r.id, wire)
			return
		}
		writeXML(w, http.StatusOK, stswire.AssumeRoleResponse{Xmlns: stsNamespace, ResponseMetadata: stswire.ResponseMetadata{RequestID: r.id},
			Result: stswire.AssumeRoleResult{
				Credentials: stswire.Credentials{AccessKeyID: ar.Credentials.AccessKeyID, SecretAccessKey: ar.Credentials.SecretAccessKey,
					SessionToken: ar.Credentials.SessionToken, Expiration: stswire.Timestamp(ar.Credentials.ExpiresAt)},
				AssumedRoleUser: stswire.AssumedRoleUser{AssumedRoleID: ar.AssumedRoleID, ARN: ar.ARN},
			}})
	}
}
