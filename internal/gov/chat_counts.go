package gov

// ChatConfigurationsByState counts the chat configurations of every
// account by state (StateEnabled, StateDisabled), for the server's
// metrics: counts only, which say nothing of any account. It returns no
// error; it reads the current state.
func (s *Service) ChatConfigurationsByState() map[string]int {
	counts := map[string]int{StateEnabled: 0, StateDisabled: 0}
	s.cur.Load().chats.Range(func(_ string, ac *accountChats) bool {
		for _, st := range ac.states {
			if st.enabled {
				counts[StateEnabled]++
			} else {
				counts[StateDisabled]++
			}
		}
		return true
	})
	return counts
}
