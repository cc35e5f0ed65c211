// Package stack runs CloudFormation stacks against the organization: it
// creates, updates and deletes the resources a template describes (see
// internal/cfn) through gov's use cases, as the account that owns the
// stack and with its rights, and keeps each stack, its events and its
// change sets durable through gov at every step. A resource that gov
// refuses fails the stack, which then rolls back.
//
// Operations run to completion before the call that starts them returns,
// each step saved first, so that DescribeStacks shows the final status at
// once; a server stopped midway finds the stack *_IN_PROGRESS at start-up
// and Resume rolls it back (or finishes a deletion). With replicas on one
// store, a running replica takes over, through the same Resume, the
// stacks a replica that stopped left in progress (resume.go).
package stack

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/chatgov/chatgov/internal/cfn"
	"github.com/chatgov/chatgov/internal/gov"
)

// Error codes, as CloudFormation's awsQuery errors name them.
const (
	CodeValidation          = "ValidationError"
	CodeAlreadyExists       = "AlreadyExistsException"
	CodeChangeSetNotFound   = "ChangeSetNotFound"
	CodeInvalidChangeSet    = "InvalidChangeSetStatus"
	CodeInsufficientCaps    = "InsufficientCapabilitiesException"
	CodeOperationInProgress = "OperationInProgressException"
	CodeInternal            = "InternalFailure"
)

// Error is a refused request: a code from the list above and AWS's
// message.
type Error struct {
	Code    string
	Message string
	// Err is the cause of an InternalFailure, logged, never shown.
	Err error
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap returns the cause of an InternalFailure.
func (e *Error) Unwrap() error { return e.Err }

func validation(msg string) *Error { return &Error{Code: CodeValidation, Message: msg} }

func errorOf(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	if errors.Is(err, gov.ErrStackTakenOver) {
		return &Error{Code: CodeOperationInProgress, Message: "Stack was changed by another operation while this one ran " +
			"(another replica took it over, or ran an operation of its own): this operation stopped", Err: err}
	}
	if ve, ok := err.(*cfn.ValidationError); ok {
		return validation(ve.Message)
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}

// Stack is a stack's document, as it is saved through gov.
type Stack struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Description      string            `json:"description,omitempty"`
	Owner            gov.Caller        `json:"owner"`
	Status           string            `json:"status"`
	StatusReason     string            `json:"statusReason,omitempty"`
	CreatedAt        time.Time         `json:"createdAt"`
	LastUpdatedAt    time.Time         `json:"lastUpdatedAt,omitzero"`
	DeletedAt        time.Time         `json:"deletedAt,omitzero"`
	Template         string            `json:"template,omitempty"`
	Parameters       map[string]string `json:"parameters,omitempty"`
	DisableRollback  bool              `json:"disableRollback,omitempty"`
	Capabilities     []string          `json:"capabilities,omitempty"`
	Tags             []gov.Tag         `json:"tags,omitempty"`
	NotificationARNs []string          `json:"notificationARNs,omitempty"`
	Resources        []Resource        `json:"resources,omitempty"`
	Outputs          []cfn.OutputValue `json:"outputs,omitempty"`
	Events           []Event           `json:"events,omitempty"`
	ChangeSets       []ChangeSet       `json:"changeSets,omitempty"`
	// Previous is the deployment an update started from, kept while it
	// runs, so that a failure (or a restart) can roll back to it.
	Previous *Deployment `json:"previous,omitempty"`
	// readAt is when the stack was last written, as the runner read it
	// or wrote it: it saves over that write only (save).
	readAt time.Time
}

// Deployment is a template deployed with its parameters.
type Deployment struct {
	Template   string            `json:"template"`
	Parameters map[string]string `json:"parameters,omitempty"`
	Resources  []Resource        `json:"resources,omitempty"`
	Outputs    []cfn.OutputValue `json:"outputs,omitempty"`
}

// Resource is a resource of a stack, in creation order.
type Resource struct {
	LogicalID           string            `json:"logicalId"`
	Type                string            `json:"type"`
	PhysicalID          string            `json:"physicalId,omitempty"`
	Status              string            `json:"status"`
	StatusReason        string            `json:"statusReason,omitempty"`
	Properties          map[string]any    `json:"properties,omitempty"`
	Attrs               map[string]string `json:"attrs,omitempty"`
	DeletionPolicy      string            `json:"deletionPolicy,omitempty"`
	UpdateReplacePolicy string            `json:"updateReplacePolicy,omitempty"`
	UpdatedAt           time.Time         `json:"updatedAt"`
}

// Event is one stack event.
type Event struct {
	ID         string    `json:"id"`
	LogicalID  string    `json:"logicalId"`
	PhysicalID string    `json:"physicalId,omitempty"`
	Type       string    `json:"type"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	Properties string    `json:"properties,omitempty"`
	Time       time.Time `json:"time"`
}

// ChangeSet is a change set of a stack.
type ChangeSet struct {
	ID              string            `json:"id"`
	Name            string            `json:"name"`
	Description     string            `json:"description,omitempty"`
	Type            string            `json:"type"` // CREATE or UPDATE
	Status          string            `json:"status"`
	ExecutionStatus string            `json:"executionStatus"`
	StatusReason    string            `json:"statusReason,omitempty"`
	Template        string            `json:"template"`
	Parameters      map[string]string `json:"parameters,omitempty"`
	Capabilities    []string          `json:"capabilities,omitempty"`
	Tags            []gov.Tag         `json:"tags,omitempty"`
	Changes         []cfn.Change      `json:"changes,omitempty"`
	CreatedAt       time.Time         `json:"createdAt"`
}

// Options configure a Runner.
type Options struct {
	Logger *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Heartbeat is how often, with replicas, a running operation stamps
	// its stack (gov.TouchStack); a quarter of gov's
	// StackAbandonedAfter when zero.
	Heartbeat time.Duration
}

// Runner runs stacks through gov. It is safe for concurrent use; stack
// operations run one at a time.
type Runner struct {
	gov *gov.Service
	log *slog.Logger
	now func() time.Time
	mu  sync.Mutex // one operation at a time (begin)
	// beat is how often the heartbeat stamps cur, the stack the running
	// operation works on (resume.go).
	beat time.Duration
	cur  current
	// stepHook, when set, runs before every resource's step (tests).
	stepHook func()
}

// New returns a runner over svc.
func New(svc *gov.Service, opts Options) *Runner {
	r := &Runner{gov: svc, log: opts.Logger, now: opts.Now, beat: opts.Heartbeat}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.beat <= 0 {
		r.beat = max(svc.StackAbandonedAfter()/4, time.Millisecond)
	}
	return r
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func region(c gov.Caller) string {
	if c.Region == "" {
		return "us-east-1"
	}
	return c.Region
}

// decode reads a stack's document.
func decode(rec gov.StackRecord) (*Stack, error) {
	dec := json.NewDecoder(strings.NewReader(rec.Document))
	dec.UseNumber()
	var s Stack
	if err := dec.Decode(&s); err != nil {
		return nil, &Error{Code: CodeInternal, Message: "internal error", Err: err}
	}
	s.readAt = rec.UpdatedAt
	return &s, nil
}

// encode writes a stack's document.
func encode(s *Stack) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return "", &Error{Code: CodeInternal, Message: "internal error", Err: err}
	}
	return strings.TrimSpace(buf.String()), nil
}

// find returns the caller's stack named by name or ID. A deleted stack is
// found by its ID only, as on AWS. It returns a ValidationError "Stack
// with id X does not exist" when there is none.
func (r *Runner) find(c gov.Caller, nameOrID string) (*Stack, error) {
	if nameOrID == "" {
		return nil, validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null")
	}
	for _, rec := range r.gov.Stacks(c) {
		if rec.ID == nameOrID || rec.Name == nameOrID && rec.Status != StatusDeleteComplete {
			return decode(rec)
		}
	}
	return nil, validation("Stack with id " + nameOrID + " does not exist")
}

// event appends an event to the stack.
func (r *Runner) event(s *Stack, logicalID, physicalID, typ, status, reason string, props any) {
	e := Event{ID: newUUID(), LogicalID: logicalID, PhysicalID: physicalID, Type: typ, Status: status, Reason: reason,
		Time: r.now().UTC()}
	if props != nil {
		if b, err := json.Marshal(props); err == nil {
			e.Properties = string(b)
		}
	}
	// AWS names a resource's events by the resource, status and time,
	// and the stack's own by a UUID.
	if typ != "AWS::CloudFormation::Stack" {
		e.ID = logicalID + "-" + status + "-" + e.Time.Format("2006-01-02T15:04:05.000Z")
		if n := len(s.Events); n > 0 && strings.HasPrefix(s.Events[n-1].ID, e.ID) {
			e.ID += "-" + newUUID()[:8] // two events in one millisecond
		}
	}
	s.Events = append(s.Events, e)
}

// stackEvent records the stack's own status.
func (r *Runner) stackEvent(s *Stack, status, reason string) {
	s.Status, s.StatusReason = status, reason
	r.event(s, s.Name, s.ID, "AWS::CloudFormation::Stack", status, reason, nil)
}
