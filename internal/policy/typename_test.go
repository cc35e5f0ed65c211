package policy

import "testing"

func TestTypeByName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Type
	}{
		{"SCP", ServiceControlPolicy}, {"scp", ServiceControlPolicy}, {"RCP", ResourceControlPolicy}, {"rcp", ResourceControlPolicy},
		{"chatbot", ChatbotPolicy}, {"Chatbot_Policy", ChatbotPolicy}, {"CHATBOT_POLICY", ChatbotPolicy},
		{"tag", TagPolicy}, {"backup", BackupPolicy}, {"service-control-policy", ServiceControlPolicy},
		{"declarative", DeclarativePolicyEC2}, {"aiservices-opt-out", AIServicesOptOutPolicy}, {" guardduty ", GuardDutyPolicy},
		{"bogus", ""}, {"", ""}, {"POLICY", ""},
	}
	for _, tc := range tests {
		got, ok := TypeByName(tc.name)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("TypeByName(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

func TestRecognizeType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      Type
	}{
		{"SCP", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, ServiceControlPolicy},
		{"SCP, one statement", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, ServiceControlPolicy},
		{"RCP", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`, ResourceControlPolicy},
		{"chatbot", `{"chatbot":{"platforms":{}}}`, ChatbotPolicy},
		{"tag", `{"tags":{}}`, TagPolicy},
		{"backup", `{"plans":{}}`, BackupPolicy},
		{"AI opt-out", `{"services":{}}`, AIServicesOptOutPolicy},
		{"unknown keys", `{"nothing":{}}`, ""},
		{"two types", `{"chatbot":{},"tags":{}}`, ""},
		{"not JSON", `chatbot: {}`, ""},
		{"not an object", `[1]`, ""},
		{"null", `null`, ""},
	}
	for _, tc := range tests {
		got, ok := RecognizeType(tc.doc)
		if got.Type != tc.want || ok != (tc.want != "") || ok && got.Why == "" {
			t.Errorf("%s: RecognizeType = %+v, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}

func FuzzRecognizeType(f *testing.F) {
	f.Add(`{"Statement":[{"Principal":"*"}]}`)
	f.Add(`{"chatbot":{}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		if r, ok := RecognizeType(doc); ok {
			if _, known := Lookup(r.Type); !known {
				t.Fatalf("RecognizeType(%q) = unknown type %q", doc, r.Type)
			}
		}
	})
}
