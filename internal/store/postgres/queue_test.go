package postgres

import (
	"slices"
	"testing"

	"github.com/chatgov/chatgov/internal/store/sqlcodec"
)

// TestChatConfigurationsTable checks that the queue's table of
// configurations lists the columns in the order in which
// sqlcodec.ChatConfigurationValues gives their values.
func TestChatConfigurationsTable(t *testing.T) {
	t.Parallel()
	var names []string
	for _, c := range chatConfigurationsTable.cols {
		names = append(names, c.name)
	}
	if !slices.Equal(names, sqlcodec.ChatConfigurationColumns) {
		t.Errorf("chat_configurations columns %q, want %q", names, sqlcodec.ChatConfigurationColumns)
	}
}
