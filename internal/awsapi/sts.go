package awsapi

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chatgov/chatgov/internal/gov"
)

const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

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
		writeXML(w, http.StatusOK, getCallerIdentityResponse{Xmlns: stsNamespace, RequestID: r.id,
			Result: callerIdentityXML{UserID: id.UserID, Account: id.Account, Arn: id.ARN}})
	case "AssumeRole":
		seconds := 0
		if v := form.Get("DurationSeconds"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				writeQueryError(w, stsNamespace, r.id, wireError{code: "ValidationError", message: "DurationSeconds must be a number", status: http.StatusBadRequest})
				return
			}
			seconds = n
		}
		ar, err := h.gov.AssumeRole(r.Context(), caller, form.Get("RoleArn"), form.Get("RoleSessionName"), seconds)
		if err != nil {
			e := gov.ErrorOf(err)
			wire := stsError(e)
			h.logFailure(r, "AssumeRole", e, wire.code)
			writeQueryError(w, stsNamespace, r.id, wire)
			return
		}
		writeXML(w, http.StatusOK, assumeRoleResponse{Xmlns: stsNamespace, RequestID: r.id, Result: assumeRoleXML{
			Credentials: credentialsXML{AccessKeyID: ar.Credentials.AccessKeyID, SecretAccessKey: ar.Credentials.SecretAccessKey,
				SessionToken: ar.Credentials.SessionToken, Expiration: ar.Credentials.ExpiresAt.UTC().Format(time.RFC3339)},
			AssumedRoleUser: assumedRoleUserXML{AssumedRoleID: ar.AssumedRoleID, Arn: ar.ARN},
		}})
	}
}

type getCallerIdentityResponse struct {
	XMLName   xml.Name          `xml:"GetCallerIdentityResponse"`
	Xmlns     string            `xml:"xmlns,attr"`
	Result    callerIdentityXML `xml:"GetCallerIdentityResult"`
	RequestID string            `xml:"ResponseMetadata>RequestId"`
}

type callerIdentityXML struct {
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
	Arn     string `xml:"Arn"`
}

type assumeRoleResponse struct {
	XMLName   xml.Name      `xml:"AssumeRoleResponse"`
	Xmlns     string        `xml:"xmlns,attr"`
	Result    assumeRoleXML `xml:"AssumeRoleResult"`
	RequestID string        `xml:"ResponseMetadata>RequestId"`
}

type assumeRoleXML struct {
	Credentials     credentialsXML     `xml:"Credentials"`
	AssumedRoleUser assumedRoleUserXML `xml:"AssumedRoleUser"`
}

type credentialsXML struct {
	AccessKeyID     string `xml:"AccessKeyId"`
	SecretAccessKey string `xml:"SecretAccessKey"`
	SessionToken    string `xml:"SessionToken"`
	Expiration      string `xml:"Expiration"`
}

type assumedRoleUserXML struct {
	AssumedRoleID string `xml:"AssumedRoleId"`
	Arn           string `xml:"Arn"`
}
