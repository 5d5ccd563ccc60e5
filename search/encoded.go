package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sync"
)

// A cached result is handed out again and again, each time a copy with its
// own took_ms (live.go); encoding it to JSON anew for each was about a
// third of the server's CPU on cached searches. What the copies share is
// encoded once, with its hash for the ETag: everything but took_ms, which
// comes last for this reason (result.go).
type encoded struct {
	once sync.Once
	head []byte // the JSON up to took_ms: `{"query":…,"limited":[…]`
	tag  string
	err  error
}

// share makes r's copies share one encoding. Only for a result that is
// never modified again (the cache's).
func (r *Result) share() {
	r.encoded = new(encoded)
}

// EncodedHead returns r's JSON up to its took_ms, without the comma before
// it and the closing brace, and a tag that changes when those bytes do (a
// hash of them). A shared result (a cached one) is encoded once.
func (r *Result) EncodedHead() (head []byte, tag string, err error) {
	if r.encoded == nil {
		return encodeHead(r)
	}
	e := r.encoded
	e.once.Do(func() { e.head, e.tag, e.err = encodeHead(r) })
	return e.head, e.tag, e.err
}

func encodeHead(r *Result) ([]byte, string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, "", err
	}
	if i := bytes.LastIndex(b, []byte(`,"took_ms":`)); i >= 0 {
		b = b[:i]
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:12]), nil
}
