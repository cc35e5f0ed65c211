package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Replica describes a server's place among the replicas of a shared store:
// the revision of its state and how long after their commit it applied
// the last changes of other replicas (0 once caught up).
type Replica struct {
	Revision func() int64
	Lag      func() time.Duration
}

// ObserveReplica exports r as chatgov_state_revision and
// chatgov_replication_lag_seconds, read at each scrape. Call it once.
func (m *Metrics) ObserveReplica(r Replica) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chatgov_state_revision",
			Help: "Revision of the state this server answers from; it grows with every committed write, of any replica.",
		}, func() float64 { return float64(r.Revision()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "chatgov_replication_lag_seconds",
			Help: "How long after its commit this replica applied the last change of another replica sharing its store (0 once caught up, and without replicas).",
		}, func() float64 { return r.Lag().Seconds() }),
	)
}
