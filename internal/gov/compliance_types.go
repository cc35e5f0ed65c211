package gov

import (
	"time"

	"github.com/chatgov/chatgov/internal/store"
)

// ComplianceEvent is one configuration's change of state, with the write
// that caused it.
type ComplianceEvent struct {
	ID               int64
	Time             time.Time
	ConfigurationARN string
	AccountID        string
	Platform         string
	OldState         string
	NewState         string
	// Reason is the new StateReason (empty when the configuration is
	// enabled again).
	Reason string
	Cause  ComplianceCause
}

// ComplianceCause is a write that changed the state of configurations.
type ComplianceCause struct {
	ID        int64
	Time      time.Time
	Operation string // the use case: AttachPolicy, MoveAccount, put-slack-channel, ...
	CallerARN string
	Detail    string // what the write did, in a sentence
}

func complianceEventOf(r store.ComplianceRecord) ComplianceEvent {
	e, c := r.ComplianceEvent, r.Cause
	return ComplianceEvent{ID: e.ID, Time: e.Time, ConfigurationARN: e.ConfigurationARN, AccountID: e.AccountID, Platform: e.Platform,
		OldState: e.OldState, NewState: e.NewState, Reason: e.Reason,
		Cause: ComplianceCause{ID: c.ID, Time: c.Time, Operation: c.Operation, CallerARN: c.CallerARN, Detail: c.Detail}}
}

// PrunedCompliance counts what PruneCompliance deleted.
type PrunedCompliance struct {
	Events int
	Causes int
}
