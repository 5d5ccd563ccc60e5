package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// Search analytics, from the web side. Every search the page, the widget
// or the API answers is handed to the recorder with a fresh search id; the
// page's hit links and the API's answer carry that id, and a click on a hit
// comes back as a beacon to POST /api/click with the id and the hit's rank.
// Handing over never waits (the recorder queues or drops), so a search is
// never slower or failed because of analytics; /readyz and /metrics say how
// the recorder fares.
//
// Nothing about the visitor is recorded: no address, no user agent, no
// cookie. What is recorded is in analytics.Search and analytics.Click.

// Analytics is what the web layer needs from the recorder.
// *analytics.Recorder implements it.
type Analytics interface {
	Record(analytics.Search)
	Click(analytics.Click)
	Status() analytics.Status
}

// recordSearch hands a search that was answered to the recorder and returns
// its id; "" when analytics is off or the search is not one a visitor read:
// a count alone (size 0: the widget's probe). refines is the id of the
// search it may settle (the refines parameter), or "". It is called only
// when the answer's body is sent: a 304 leaves the client with the id of
// the answer it has, so a new id would be a search no click can reach.
func (h *handlers) recordSearch(source, refines string, req search.Request, res *search.Result) string {
	if !h.records(req, res) {
		return ""
	}
	s := analytics.Search{
		ID:      analytics.NewID(),
		Time:    time.Now().UTC(),
		Query:   normalizeQuery(req.Query),
		Filters: req.Filters,
		UI:      req.UILang,
		Prefer:  req.PreferLang,
		Source:  source,
		Total:   int(res.Total),
		Page:    req.Page,
		Refines: refines,
	}
	if req.EquipmentMode == "have" {
		s.Filters = copyFilters(req.Filters)
		s.Filters["equipment_mode"] = []string{"have"}
	}
	for _, u := range res.Understood {
		if s.Understood == nil {
			s.Understood = map[string][]string{}
		}
		values := u.Values
		if len(values) == 0 && u.Value != "" {
			values = []string{u.Value}
		}
		s.Understood[u.Facet] = append(s.Understood[u.Facet], values...)
	}
	h.analytics.Record(s)
	return s.ID
}

// records reports whether recordSearch would record the search.
func (h *handlers) records(req search.Request, res *search.Result) bool {
	return h.analytics != nil && res != nil && req.Size != 0
}

func copyFilters(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// normalizeQuery is the query as search reads it: normalised letters,
// lower case, single spaces. "Squat", " squat " and "ｓｑｕａｔ" are one
// query in the owner's tables.
func normalizeQuery(q string) string {
	if normalASCII(q) {
		return q // most queries: nothing to change, nothing to allocate
	}
	return strings.Join(strings.Fields(strings.ToLower(corpus.Normalize(q))), " ")
}

// normalASCII reports whether q is normalised already: ASCII without
// capitals or control characters, words split by single spaces.
func normalASCII(q string) bool {
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c >= utf8.RuneSelf || c < ' ' || c == 0x7f || 'A' <= c && c <= 'Z':
			return false
		case c == ' ' && (i == 0 || i == len(q)-1 || q[i-1] == ' '):
			return false
		}
	}
	return true
}

// clickLimit bounds a click's body: an id, a rank and a document id.
const clickLimit = 1 << 10

// clickBody is POST /api/click's body.
type clickBody struct {
	SearchID *string `json:"search_id"`
	Rank     *int    `json:"rank"`
	ID       *string `json:"id"`
}

// maxDocID bounds a clicked document's id; real ids are far shorter.
const maxDocID = 512

// apiClick records a click on a hit: {"search_id", "rank", "id"} as JSON,
// sent as application/json or as text/plain (navigator.sendBeacon with a
// string, which needs no CORS preflight from another origin). 204 when
// taken; 400 naming the field that is wrong; 413 over clickLimit.
func (h *handlers) apiClick(c echo.Context) error {
	mt, _, err := mime.ParseMediaType(c.Request().Header.Get("Content-Type"))
	if err != nil || (mt != "application/json" && mt != "text/plain") {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "want a JSON body sent as application/json or text/plain")
	}
	b, err := io.ReadAll(io.LimitReader(c.Request().Body, clickLimit+1))
	if err != nil {
		return &search.RequestError{Param: "body", Msg: "cannot be read"}
	}
	if len(b) > clickLimit {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge, "a click is at most 1 KB of JSON")
	}
	var body clickBody
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return &search.RequestError{Param: te.Field, Msg: "want a " + te.Type.String() + ", got a JSON " + te.Value}
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return &search.RequestError{Param: strings.Trim(f, `"`), Msg: "unknown field (known: search_id, rank, id)"}
		}
		return &search.RequestError{Param: "body", Msg: "not a JSON object: " + truncate(err.Error(), 80)}
	}
	if dec.More() {
		return &search.RequestError{Param: "body", Msg: "one JSON object, nothing after it"}
	}
	switch {
	case body.SearchID == nil:
		return &search.RequestError{Param: "search_id", Msg: "missing"}
	case !analytics.ValidID(*body.SearchID):
		return &search.RequestError{Param: "search_id", Msg: "want 32 lowercase hex digits, as the search's answer gave"}
	case body.Rank == nil:
		return &search.RequestError{Param: "rank", Msg: "missing"}
	case *body.Rank < 1 || *body.Rank > search.MaxDepth:
		return &search.RequestError{Param: "rank", Msg: "want the hit's position from 1"}
	case body.ID == nil || *body.ID == "":
		return &search.RequestError{Param: "id", Msg: "missing: want the clicked document's id"}
	case len(*body.ID) > maxDocID || !utf8.ValidString(*body.ID):
		return &search.RequestError{Param: "id", Msg: "not a document id"}
	}
	// A click on a document the index does not hold is no visitor's: the
	// owner's tables would count it against a search, and the store would
	// keep whatever text was sent. A click comes once per opened hit, so
	// the look-up costs what opening the document's page would.
	if _, err := h.s.Document(c.Request().Context(), *body.ID); errors.Is(err, search.ErrNotFound) {
		return &search.RequestError{Param: "id", Msg: "no such document in the index: " + strconv.Quote(truncate(*body.ID, 80))}
	} else if err != nil {
		return err
	}
	h.analytics.Click(analytics.Click{SearchID: *body.SearchID, Time: time.Now().UTC(), Rank: *body.Rank, DocID: *body.ID})
	return c.NoContent(http.StatusNoContent)
}

// analyticsHealth is /readyz's word on the recorder: "ok", "off", or
// "failing since …". The store's error itself goes to the log only: it may
// name hosts, users or paths, and anyone may read /readyz.
func (h *handlers) analyticsHealth() (string, string) {
	if h.analytics == nil {
		return "off", ""
	}
	st := h.analytics.Status()
	if st.LastError == "" {
		return "ok", ""
	}
	msg := "failing: the " + st.Store + " store refused its last write at " + st.LastErrorAt.UTC().Format(time.RFC3339) + " (see the log); searches are not affected"
	return msg, "analytics: " + msg
}

// analyticsCollectors are the recorder's counters for /metrics.
func analyticsCollectors(a Analytics) []prometheus.Collector {
	records := func(outcome string, get func(analytics.Status) uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name:        "exsearch_analytics_records_total",
			Help:        "Analytics records (searches and clicks), by outcome: queued, written, dropped (queue full), failed (store refused).",
			ConstLabels: prometheus.Labels{"outcome": outcome},
		}, func() float64 { return float64(get(a.Status())) })
	}
	return []prometheus.Collector{
		records("queued", func(s analytics.Status) uint64 { return s.Queued }),
		records("written", func(s analytics.Status) uint64 { return s.Written }),
		records("dropped", func(s analytics.Status) uint64 { return s.Dropped }),
		records("failed", func(s analytics.Status) uint64 { return s.Failed }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exsearch_analytics_write_errors_total", Help: "Batches of analytics records the store refused."},
			func() float64 { return float64(a.Status().WriteErrors) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exsearch_analytics_queue_length", Help: "Analytics records waiting to be written."},
			func() float64 { return float64(a.Status().Waiting) }),
	}
}
