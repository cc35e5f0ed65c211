package gov

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/chatgov/chatgov/internal/gov/snapshot"
	"github.com/chatgov/chatgov/internal/store"
)

// Credential is what authentication needs to know of an access key.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	AccountID       string
	ARN             string
	ExpiresAt       time.Time // zero for long-term keys
}

// EmulatorAccountID is the account of unknown access keys in emulator mode,
// the account moto and LocalStack use.
const EmulatorAccountID = "123456789012"

// Settings kept by Bootstrap.
const SettingManagementAccount = "management_account_id"

// Credential returns the credential with the given access key ID, and
// whether there is one.
func (s *Service) Credential(accessKeyID string) (Credential, bool) {
	c, ok := s.model().Credentials.Get(accessKeyID)
	if !ok {
		return Credential{}, false
	}
	return Credential{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken,
		AccountID: c.AccountID, ARN: c.PrincipalARN, ExpiresAt: c.ExpiresAt}, true
}

// EmulatorCaller returns the caller an access key stands for in emulator
// mode: its own account when the key is known, EmulatorAccountID otherwise.
func (s *Service) EmulatorCaller(accessKeyID string) Caller {
	if c, ok := s.Credential(accessKeyID); ok {
		return Caller{AccountID: c.AccountID, ARN: c.ARN, AccessKeyID: accessKeyID}
	}
	return Caller{AccountID: EmulatorAccountID, ARN: "arn:aws:iam::" + EmulatorAccountID + ":root", AccessKeyID: accessKeyID}
}

// BootstrapInput names the management account and its root credentials;
// empty fields are taken from the store, or generated.
type BootstrapInput struct {
	ManagementAccountID string
	ManagementEmail     string
	AccessKeyID         string
	SecretAccessKey     string
}

// BootstrapResult says which management account and root access key the
// server uses. GeneratedSecret is set only when the key was generated now:
// it must be shown to the operator once and is never shown again.
type BootstrapResult struct {
	ManagementAccountID string
	AccessKeyID         string
	GeneratedSecret     string
}

var (
	reAccessKey = regexp.MustCompile(`^[A-Z0-9]{16,128}$`)
	reAccountID = regexp.MustCompile(`^\d{12}$`)
)

// Bootstrap makes sure the management account has an ID and root
// credentials, as given, as stored, or newly generated, and stores them. It
// returns Invalid (INVALID_PATTERN) for an account ID that is not 12 digits
// or not the stored organization's management account, for a malformed
// access key or a secret shorter than 16 characters, and for an access key
// of another account.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapInput) (BootstrapResult, error) {
	var out BootstrapResult
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		stored := m.Settings[SettingManagementAccount]
		id := in.ManagementAccountID
		switch {
		case id != "" && !reAccountID.MatchString(id):
			return invalid(ReasonInvalidPattern, "the management account ID %q is not 12 digits", id)
		case id != "" && m.Org != nil && id != m.Org.ManagementAccountID:
			return invalid(ReasonInvalidPattern, "the store holds organization %s, whose management account is %s, not %s",
				m.Org.ID, m.Org.ManagementAccountID, id)
		case id == "" && stored != "":
			id = stored
		case id == "":
			var err error
			if id, err = s.newAccountID(m); err != nil {
				return err
			}
		}
		settings := map[string]string{}
		for k, v := range m.Settings {
			settings[k] = v
		}
		setting := func(k, v string) {
			if settings[k] != v {
				settings[k] = v
				ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, k, v) })
			}
		}
		setting(SettingManagementAccount, id)
		if in.ManagementEmail != "" {
			setting(SettingManagementEmail, in.ManagementEmail)
		}
		m.Settings = settings
		out.ManagementAccountID = id
		rootARN := "arn:aws:iam::" + id + ":root"
		switch {
		case in.AccessKeyID != "":
			if !reAccessKey.MatchString(in.AccessKeyID) || len(in.SecretAccessKey) < 16 {
				return invalid(ReasonInvalidPattern, "the root access key must be 16 or more upper-case letters and digits, and its secret 16 or more characters")
			}
			if cur, ok := m.Credentials.Get(in.AccessKeyID); ok && cur.AccountID != id {
				return invalid(ReasonInvalidPattern, "access key %s belongs to account %s", in.AccessKeyID, cur.AccountID)
			}
			cr := store.Credential{AccessKeyID: in.AccessKeyID, SecretAccessKey: in.SecretAccessKey, AccountID: id, PrincipalARN: rootARN}
			if cur, ok := m.Credentials.Get(cr.AccessKeyID); !ok || *cur != cr {
				ch.m.Credentials.Set(cr.AccessKeyID, &cr)
				ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCredential(ctx, cr) })
			}
			out.AccessKeyID = in.AccessKeyID
		default:
			m.Credentials.Range(func(k string, c *store.Credential) bool {
				if c.AccountID == id && c.PrincipalARN == rootARN && c.ExpiresAt.IsZero() {
					out.AccessKeyID = k
				}
				return out.AccessKeyID == ""
			})
			if out.AccessKeyID != "" {
				break
			}
			key, err := s.newID("AKIA", keyChars, 16, func(k string) bool { _, used := m.Credentials.Get(k); return used })
			if err != nil {
				return err
			}
			secret, err := s.newSecret(30)
			if err != nil {
				return err
			}
			cr := store.Credential{AccessKeyID: key, SecretAccessKey: secret, AccountID: id, PrincipalARN: rootARN}
			ch.m.Credentials.Set(key, &cr)
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCredential(ctx, cr) })
			out.AccessKeyID, out.GeneratedSecret = key, secret
		}
		return nil
	})
	return out, err
}

// RootCredentials are the management account's new root access key, as
// ResetRootCredentials issued it.
type RootCredentials struct {
	ManagementAccountID string
	AccessKeyID         string
	SecretAccessKey     string
	// RevokedKeys are the root access keys revoked; RevokedSessions counts
	// the session credentials revoked with them.
	RevokedKeys     []string
	RevokedSessions int
}

// ResetRootCredentials revokes the management account's root access keys and
// every session (sessions are issued to the management account, so a lost or
// leaked root key's sessions go with it), and stores a new root key. It is
// for an operator who has the store but not the key: the command line calls
// it while no server holds the store. It returns NotFound (ResAccount) when
// the store has no management account yet.
func (s *Service) ResetRootCredentials(ctx context.Context) (RootCredentials, error) {
	var out RootCredentials
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		id := m.Settings[SettingManagementAccount]
		if m.Org != nil {
			id = m.Org.ManagementAccountID
		}
		if id == "" {
			return newErr(NotFound, ResAccount, "", "the store has no management account yet: chatgov serve makes one on its first start")
		}
		rootARN := "arn:aws:iam::" + id + ":root"
		var revoke []string
		m.Credentials.Range(func(k string, c *store.Credential) bool {
			switch {
			case !c.ExpiresAt.IsZero():
				out.RevokedSessions++
				revoke = append(revoke, k)
			case c.AccountID == id && c.PrincipalARN == rootARN:
				out.RevokedKeys = append(out.RevokedKeys, k)
				revoke = append(revoke, k)
			}
			return true
		})
		sort.Strings(out.RevokedKeys)
		for _, k := range revoke {
			key := k
			ch.m.Credentials.Delete(key)
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteCredential(ctx, key) })
		}
		key, err := s.newID("AKIA", keyChars, 16, func(k string) bool { _, used := m.Credentials.Get(k); return used })
		if err != nil {
			return err
		}
		secret, err := s.newSecret(30)
		if err != nil {
			return err
		}
		cr := store.Credential{AccessKeyID: key, SecretAccessKey: secret, AccountID: id, PrincipalARN: rootARN}
		ch.m.Credentials.Set(key, &cr)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCredential(ctx, cr) })
		out.ManagementAccountID, out.AccessKeyID, out.SecretAccessKey = id, key, secret
		return nil
	})
	return out, err
}

// AssumedRole is AssumeRole's answer.
type AssumedRole struct {
	Credentials   Credential
	AssumedRoleID string
	ARN           string
}

var (
	reRoleARN     = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov|-iso|-iso-[bef]|-eusc)?:iam::(\d{12}):role/(?:[\x21-\x7e]*/)?([\w+=,.@-]{1,64})$`)
	reSessionName = regexp.MustCompile(`^[\w+=,.@-]{2,64}$`)
)

// Role session durations, in seconds.
const (
	MinSessionSeconds     = 900
	MaxSessionSeconds     = 43200
	DefaultSessionSeconds = 3600
)

// AssumeRole issues temporary credentials for a role in a member account:
// the role CreateAccount made there, which trusts the management account (in
// emulator mode any caller may assume any role). It returns Invalid
// (INPUT_REQUIRED, INVALID_PATTERN) for a malformed RoleSessionName or
// RoleArn, Invalid (MAX_VALUE_EXCEEDED) for DurationSeconds outside 900 to
// 43200, and AccessDenied (ResRole) when the role does not trust the caller
// (authorizeAssumeRole).
func (s *Service) AssumeRole(ctx context.Context, c Caller, roleARN, sessionName string, seconds int) (AssumedRole, error) {
	var out AssumedRole
	err := s.update(ctx, func(ch *change) error {
		m := ch.m
		if err := checkPattern("RoleSessionName", sessionName, reSessionName, "a session name (2 to 64 of letters, digits and +=,.@_-)"); err != nil {
			return err
		}
		if seconds == 0 {
			seconds = DefaultSessionSeconds
		}
		if seconds < MinSessionSeconds || seconds > MaxSessionSeconds {
			return invalid(ReasonMaxValue, "DurationSeconds must be between %d and %d, not %d", MinSessionSeconds, MaxSessionSeconds, seconds)
		}
		match := reRoleARN.FindStringSubmatch(roleARN)
		if match == nil {
			return invalid(ReasonInvalidPattern, "RoleArn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", roleARN)
		}
		account, roleName := match[1], match[2]
		if err := m.authorizeAssumeRole(c, s.emu, roleARN, account, roleName); err != nil {
			return err
		}
		key, err := s.newID("ASIA", keyChars, 16, func(k string) bool { _, used := m.Credentials.Get(k); return used })
		if err != nil {
			return err
		}
		secret, err := s.newSecret(30)
		if err != nil {
			return err
		}
		tokenKey, err := s.sessionTokenKey(ch)
		if err != nil {
			return err
		}
		expires := ch.now.Add(time.Duration(seconds) * time.Second)
		token, err := s.newSessionToken(tokenKey, key, expires)
		if err != nil {
			return err
		}
		arn := "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName
		cr := store.Credential{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token, AccountID: account,
			PrincipalARN: arn, ExpiresAt: expires}
		ch.m.Credentials.Set(key, &cr)
		ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutCredential(ctx, cr) })
		// Expired sessions are swept whenever a new one is issued; their
		// tokens still say when they expired (SessionTokenExpiry).
		var expired []string
		m.Credentials.Range(func(k string, c *store.Credential) bool {
			if !c.ExpiresAt.IsZero() && c.ExpiresAt.Before(ch.now) {
				expired = append(expired, k)
			}
			return true
		})
		if len(expired) > 0 {
			for _, k := range expired {
				ch.m.Credentials.Delete(k)
			}
			now := ch.now
			ch.do(func(ctx context.Context, tx store.Tx) error {
				_, err := tx.DeleteExpiredCredentials(ctx, now)
				return err
			})
		}
		out = AssumedRole{
			Credentials:   Credential{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token, AccountID: account, ARN: arn, ExpiresAt: cr.ExpiresAt},
			AssumedRoleID: roleID(account, roleName) + ":" + sessionName,
			ARN:           "arn:" + c.Partition() + strings.TrimPrefix(arn, "arn:aws"),
		}
		return nil
	})
	return out, err
}

// SettingSessionTokenKey holds the key (hex) that authenticates the session
// tokens AssumeRole issues; it is made with the first session.
const SettingSessionTokenKey = "session_token_key"

// A session token says, authenticated, which access key it goes with and
// when it expires, so that an expired session answers ExpiredToken even
// after its credential was swept from the store, after a restart, and for
// ever, as AWS's tokens do; keeping a list of swept keys instead would
// grow without bound or forget them at some point. The layout, before
// base64url: a version byte, the expiry in Unix microseconds (8 bytes, big
// endian), 48 random bytes, then HMAC-SHA256 under SettingSessionTokenKey
// of the access key ID and everything before it.
const (
	sessionTokenVersion = 1
	sessionTokenBody    = 1 + 8 + 48
	sessionTokenLen     = sessionTokenBody + sha256.Size
)

// sessionTokenKey returns the key of session tokens, making and storing it
// in ch when the store has none yet.
func (s *Service) sessionTokenKey(ch *change) ([]byte, error) {
	if k, err := hex.DecodeString(ch.m.Settings[SettingSessionTokenKey]); err == nil && len(k) == sha256.Size {
		return k, nil
	}
	k := make([]byte, sha256.Size)
	if _, err := io.ReadFull(s.rand, k); err != nil {
		return nil, internal(err, "no randomness")
	}
	settings := make(map[string]string, len(ch.m.Settings)+1)
	for name, v := range ch.m.Settings {
		settings[name] = v
	}
	v := hex.EncodeToString(k)
	settings[SettingSessionTokenKey] = v
	ch.m.Settings = settings
	ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutSetting(ctx, SettingSessionTokenKey, v) })
	return k, nil
}

// newSessionToken returns a session token for accessKeyID expiring at expires.
func (s *Service) newSessionToken(key []byte, accessKeyID string, expires time.Time) (string, error) {
	raw := make([]byte, sessionTokenBody, sessionTokenLen)
	raw[0] = sessionTokenVersion
	binary.BigEndian.PutUint64(raw[1:9], uint64(expires.UnixMicro()))
	if _, err := io.ReadFull(s.rand, raw[9:]); err != nil {
		return "", internal(err, "no randomness")
	}
	raw = append(raw, sessionTokenMAC(key, accessKeyID, raw)...)
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

func sessionTokenMAC(key []byte, accessKeyID string, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("chatgov session token\n"))
	h.Write([]byte(accessKeyID))
	h.Write([]byte{'\n'})
	h.Write(body)
	return h.Sum(nil)
}

// SessionTokenExpiry reads when a session token chatgov issued for
// accessKeyID expires, whether or not its credential is still stored. ok is
// false for anything else: a token of another key, of another store, or
// altered.
func (s *Service) SessionTokenExpiry(accessKeyID, token string) (expires time.Time, ok bool) {
	key, err := hex.DecodeString(s.model().Settings[SettingSessionTokenKey])
	if err != nil || len(key) != sha256.Size {
		return time.Time{}, false
	}
	return parseSessionToken(key, accessKeyID, token)
}

// parseSessionToken returns the expiry a session token states, when key
// authenticates it for accessKeyID.
func parseSessionToken(key []byte, accessKeyID, token string) (time.Time, bool) {
	if len(token) != base64.RawURLEncoding.EncodedLen(sessionTokenLen) {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != sessionTokenLen || raw[0] != sessionTokenVersion {
		return time.Time{}, false
	}
	if !hmac.Equal(raw[sessionTokenBody:], sessionTokenMAC(key, accessKeyID, raw[:sessionTokenBody])) {
		return time.Time{}, false
	}
	return time.UnixMicro(int64(binary.BigEndian.Uint64(raw[1:9]))).UTC(), true
}

// roleID derives a stable unique ID for a role, in AWS's AROA form.
func roleID(account, role string) string {
	sum := sha256.Sum256([]byte(account + "/" + role))
	return "AROA" + strings.ToUpper(hex.EncodeToString(sum[:]))[:17]
}

// Identity is GetCallerIdentity's answer.
type Identity struct {
	UserID  string
	Account string
	ARN     string
}

// GetCallerIdentity says who the caller is. Any caller may ask; it cannot
// fail.
func (s *Service) GetCallerIdentity(c Caller) Identity {
	id := Identity{Account: c.AccountID, ARN: c.ARN, UserID: c.AccountID}
	if i := strings.Index(c.ARN, ":assumed-role/"); i >= 0 {
		parts := strings.SplitN(c.ARN[i+len(":assumed-role/"):], "/", 2)
		if len(parts) == 2 {
			id.UserID = roleID(c.AccountID, parts[0]) + ":" + parts[1]
		}
	}
	return id
}

// ManagementAccountID returns the management account chatgov serves: the
// organization's, or the one the server was started with while there is
// none.
func (s *Service) ManagementAccountID() string {
	m := s.model()
	if m.Org != nil {
		return m.Org.ManagementAccountID
	}
	return m.Settings[SettingManagementAccount]
}

// Reset wipes the organization and every credential, as moto's reset does,
// and the CloudFormation stacks.
// It exists for emulator mode only: it returns AccessDenied otherwise.
func (s *Service) Reset(ctx context.Context) error {
	if !s.emu {
		return newErr(AccessDenied, "", "", "reset is available in emulator mode only")
	}
	return s.update(ctx, func(ch *change) error {
		m := ch.m
		s.stacks.forget(ch)
		if m.Org != nil {
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteOrganization(ctx) })
		}
		var keys []string
		m.Credentials.Range(func(k string, _ *store.Credential) bool { keys = append(keys, k); return true })
		for _, k := range keys {
			key := k
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteCredential(ctx, key) })
		}
		// Chat data goes too: configurations (with their user identities),
		// the directory, preferences, which return to their defaults, and
		// IAM registrations.
		// The compliance history stays (only retention prunes it), so
		// event IDs keep counting from where they were.
		for _, ac := range m.Chats.Values() {
			for _, c := range ac.Configs {
				arn := c.ARN
				ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteChatConfiguration(ctx, arn) })
			}
		}
		for _, c := range m.SlackChannels.Values() {
			team, channel := c.TeamID, c.ChannelID
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteSlackChannel(ctx, team, channel) })
		}
		for _, t := range m.TeamsTeams.Values() {
			team := t.TeamID
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteTeamsTeam(ctx, team) })
		}
		for _, p := range m.Preferences.Values() {
			if p.UserAuthorizationRequired || p.TrainingDataCollectionEnabled {
				def := store.AccountPreferences{AccountID: p.AccountID}
				ch.do(func(ctx context.Context, tx store.Tx) error { return tx.PutAccountPreferences(ctx, def) })
			}
		}
		for _, r := range m.Roles.Values() {
			arn := r.RoleARN
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteRolePermissions(ctx, arn) })
		}
		for _, p := range m.CustomerPolicies.Values() {
			arn := p.ARN
			ch.do(func(ctx context.Context, tx store.Tx) error { return tx.DeleteManagedPolicy(ctx, arn) })
		}
		ch.forgetStandalone()
		fresh := snapshot.New()
		fresh.Rev, fresh.Settings, fresh.CauseSeq, fresh.EventSeq = m.Rev, m.Settings, m.CauseSeq, m.EventSeq
		*m.Model = *fresh
		if len(ch.ops) == 0 {
			// Nothing stored: still publish a fresh model.
			ch.do(func(context.Context, store.Tx) error { return nil })
		}
		return nil
	})
}
