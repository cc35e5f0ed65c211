// Package metrics is chatgov's Prometheus instrumentation: requests by
// service, operation and status with their latency, chat configurations by
// state, compliance events written, store commit latency, and the Go
// runtime's and the process's collectors, served in Prometheus's text
// format. Every metric is a count or a duration over the whole server: no
// label carries an account, a resource or anything a caller sent, so
// /metrics tells no account about another's data, and a caller cannot
// grow the label set (unknown operations are counted as "unknown").
package metrics

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/chatgov/chatgov/internal/store"
)

// Unknown is the operation label of a request that names no operation
// chatgov serves.
const Unknown = "unknown"

// ConfigurationCounts returns how many chat configurations are in each
// state (ENABLED, DISABLED).
type ConfigurationCounts func() map[string]int

// Metrics holds a server's metrics, in a registry of their own.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	commits    prometheus.Histogram
	failed     prometheus.Counter
	compliance prometheus.Counter
	configs    atomic.Pointer[ConfigurationCounts]
}

// New returns a server's metrics, with the Go and process collectors.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chatgov_requests_total",
		Help: "API requests answered, by service (organizations, sts, chatbot, chatgov), operation and HTTP status code.",
	}, []string{"service", "operation", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chatgov_request_duration_seconds",
		Help:    "Time to answer an API request, from its headers to its last byte written, by service and operation.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"service", "operation"})
	m.commits = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "chatgov_store_commit_duration_seconds",
		Help:    "Time the store takes to make a write durable (one Update, committed or not).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	})
	m.failed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "chatgov_store_commit_failures_total",
		Help: "Store updates that did not commit.",
	})
	m.compliance = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "chatgov_compliance_events_written_total",
		Help: "Compliance events (changes of a chat configuration's state) committed to the store since the server started.",
	})
	states := prometheus.NewDesc("chatgov_chat_configurations", "Chat configurations, by state.", []string{"state"}, nil)
	m.reg.MustRegister(m.requests, m.latency, m.commits, m.failed, m.compliance,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		configurationCollector{m: m, desc: states})
	return m
}

// Handler serves the metrics in Prometheus's text format (or OpenMetrics,
// as the scraper asks).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveRequest counts one answered request and its duration. operation
// must be one the server serves, or Unknown.
func (m *Metrics) ObserveRequest(service, operation string, status int, d time.Duration) {
	m.requests.WithLabelValues(service, operation, statusCode(status)).Inc()
	m.latency.WithLabelValues(service, operation).Observe(d.Seconds())
}

// CountConfigurations sets where the chat configurations' counts come
// from; until it is called, none are reported.
func (m *Metrics) CountConfigurations(f ConfigurationCounts) { m.configs.Store(&f) }

// Store returns st timed: each Update's duration, its failures, and the
// compliance events it committed.
func (m *Metrics) Store(st store.Store) store.Store { return observedStore{Store: st, m: m} }

type observedStore struct {
	store.Store
	m *Metrics
}

func (s observedStore) Update(ctx context.Context, fn func(ctx context.Context, tx store.Tx) error) error {
	var events int
	start := time.Now()
	err := s.Store.Update(ctx, func(ctx context.Context, tx store.Tx) error {
		return fn(ctx, countingTx{Tx: tx, events: &events})
	})
	s.m.commits.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.failed.Inc()
		return err
	}
	s.m.compliance.Add(float64(events))
	return nil
}

// countingTx counts the compliance events a transaction adds.
type countingTx struct {
	store.Tx
	events *int
}

func (t countingTx) AddComplianceEvents(ctx context.Context, events []store.ComplianceEvent) error {
	if err := t.Tx.AddComplianceEvents(ctx, events); err != nil {
		return err
	}
	*t.events += len(events)
	return nil
}

// configurationCollector reports the configurations by state when scraped.
type configurationCollector struct {
	m    *Metrics
	desc *prometheus.Desc
}

func (c configurationCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c configurationCollector) Collect(ch chan<- prometheus.Metric) {
	f := c.m.configs.Load()
	if f == nil {
		return
	}
	counts := (*f)()
	for _, state := range []string{"ENABLED", "DISABLED"} {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}

// statusCode is the code label: the three digits, from a small set.
func statusCode(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	const digits = "0123456789"
	return string([]byte{digits[status/100], digits[status/10%10], digits[status%10]})
}
