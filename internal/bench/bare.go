package bench

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Response is an HTTP answer recorded from chatgov, for the bare handler
// to repeat.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// bareHandler answers every request with the same response: the machine's
// ceiling for an HTTP server on this loopback, with the same client work
// on the other side. It reads the request body, as any server must, and
// does nothing else.
type bareHandler struct {
	resp   Response
	header http.Header
	length string
}

// newBareHandler returns a handler answering resp. Headers that describe
// one particular answer (its date and length) are not repeated; the length
// is set for the fixed body.
func newBareHandler(resp Response) *bareHandler {
	h := &bareHandler{resp: resp, header: http.Header{}, length: strconv.Itoa(len(resp.Body))}
	for k, vs := range resp.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Date", "Content-Length", "Connection", "Transfer-Encoding":
			continue
		}
		h.header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if h.resp.Status == 0 {
		h.resp.Status = http.StatusOK
	}
	return h
}

func (h *bareHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	out := w.Header()
	for k, vs := range h.header {
		out[k] = vs
	}
	out.Set("Content-Length", h.length)
	w.WriteHeader(h.resp.Status)
	_, _ = w.Write(h.resp.Body)
}

// bareServer is the bare handler listening on a loopback port of its own.
type bareServer struct {
	URL  string
	srv  *http.Server
	done chan error
}

// startBare serves resp on 127.0.0.1:0 with the same server timeouts as
// chatgov's, so that both servers differ only in their handlers.
func startBare(resp Response) (*bareServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &bareServer{URL: "http://" + ln.Addr().String(), done: make(chan error, 1),
		srv: &http.Server{Handler: newBareHandler(resp), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
			WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}}
	go func() {
		err := b.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		b.done <- err
	}()
	return b, nil
}

func (b *bareServer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := b.srv.Shutdown(ctx)
	if serveErr := <-b.done; err == nil {
		err = serveErr
	}
	return err
}

// recorder is an http.RoundTripper that keeps the last successful response
// it carried, so that the bare handler can repeat an answer the SDK
// clients accept as they accept chatgov's.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	last Response
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode < 300 {
		r.mu.Lock()
		r.last = Response{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: body}
		r.mu.Unlock()
	}
	return resp, nil
}

func (r *recorder) response() Response {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}
